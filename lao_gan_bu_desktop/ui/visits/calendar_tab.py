"""The 走访日历 tab: month / week / agenda views, the day list beside them, and the actions.

Month view: :class:`MonthView` (custom painted). Week view and agenda: lists grouped by day.
The day list shows, for the selected day, planned and done visits, due items (应走访) and
birthdays; double-click (or Enter) opens a visit or plans a due item. Shortcuts: Ctrl+T today,
Ctrl+Shift+N new visit (Ctrl+N is 新增人员 in the main window), PageUp/PageDown month, Ctrl+D mark done, Ctrl+Z undo the last cancel.
The widget never queries the database: it calls services.visits and services.calendar_view.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.lunar_calendar import lunar_full_text
from ...core.visit_rules import CANCELLED, PLANNED, DueItem
from ...services import holidays, visits
from ...services.calendar_view import DayInfo, add_due_counts, birthdays, calendar_days, grid_days
from ...services.visits import VisitError
from .month_view import MonthView
from .visit_dialog import PeriodDialog, RescheduleDialog, Today, VisitDialog, busy, resolve_today

log = logging.getLogger(__name__)

WEEKDAY_NAMES = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
ROLE = Qt.ItemDataRole.UserRole
AGENDA_DAYS = 31


SETTINGS_VIEW = "calendar/view"
SETTINGS_SPLITTER = "calendar/splitter"
BACKGROUND_FROM = 3000  # people on the roster: above this the details load in a worker thread


class _DetailsSignal(QObject):
    """Carries a worker's result back to the GUI thread (queued)."""

    done = Signal(int, object)


def read_details(start: _dt.date, end: _dt.date, today: _dt.date):
    """(visits, due items, birthdays) of the period: what the lists beside the grid show."""
    return (
        visits.list_visits(start, end),
        visits.due_list(start, end, day=today),
        birthdays(start, end),
    )


def _month_shift(month: _dt.date, delta: int) -> _dt.date:
    index = month.year * 12 + month.month - 1 + delta
    return _dt.date(index // 12, index % 12 + 1, 1)


def day_title(day: _dt.date, info: DayInfo | None) -> str:
    text = f"{day.year}年{day.month}月{day.day}日 {WEEKDAY_NAMES[day.weekday()]}  农历{lunar_full_text(day)}"
    if info and info.festivals:
        text += "  " + "、".join(info.festivals)
    if info and info.day_off:
        text += f"  （{info.day_off}放假）"
    if info and info.work_shift:
        text += "  （调休上班）"
    return text


class VisitsCalendarTab(QWidget):
    """The visit calendar. ``today`` can be fixed (tests, benchmarks); default is the real day."""

    visitsChanged = Signal()

    def __init__(self, parent: QWidget | None = None, *, today: Today = None) -> None:
        super().__init__(parent)
        self._fixed_today = today
        self._month = self.today().replace(day=1)
        self._selected = self.today()
        self._infos: dict[_dt.date, DayInfo] = {}
        self._visits: list[dict[str, Any]] = []
        self._due: list[DueItem] = []
        self._birthdays: list[dict[str, Any]] = []
        self._undo: tuple[int, str] | None = None
        self._generation = 0
        self._shown_once = False
        self._payloads: dict[int, list[dict[str, Any]]] = {}
        self._signal = _DetailsSignal(self)
        self._signal.done.connect(self._details_arrived)
        self._large: bool | None = None  # a large roster? read on the first load
        self._details_timer = QTimer(self)
        self._details_timer.setSingleShot(True)
        self._details_timer.setInterval(120)
        self._details_timer.timeout.connect(self._load_details)
        self._build()
        # Nothing is read until the tab is first shown: the window starts without the calendar.
        self._stale = True
        self.month_view.set_month(self._month, {}, today=self.today(), selected=self._selected)

    def today(self) -> _dt.date:
        return resolve_today(self._fixed_today)

    # ------------------------------------------------------------ layout

    def _build(self) -> None:
        self.prev_button = QPushButton("◀ 上月")
        self.prev_button.setToolTip("上一个月（PageUp）")
        self.next_button = QPushButton("下月 ▶")
        self.next_button.setToolTip("下一个月（PageDown）")
        self.year_spin = QSpinBox()
        self.year_spin.setRange(1900, 2100)
        self.year_spin.setSuffix(" 年")
        self.month_combo = QComboBox()
        self.month_combo.addItems([f"{m}月" for m in range(1, 13)])
        self.today_button = QPushButton("今天")
        self.today_button.setToolTip("回到今天（Ctrl+T）")
        self.prev_button.clicked.connect(lambda: self.step_month(-1))
        self.next_button.clicked.connect(lambda: self.step_month(1))
        self.today_button.clicked.connect(self.go_today)
        self.year_spin.valueChanged.connect(self._picked_month)
        self.month_combo.currentIndexChanged.connect(self._picked_month)

        self.view_buttons = QButtonGroup(self)
        views = QHBoxLayout()
        views.setSpacing(0)
        for index, name in enumerate(("月", "周", "日程")):
            button = QPushButton(name)
            button.setCheckable(True)
            button.setToolTip(f"{name}视图")
            self.view_buttons.addButton(button, index)
            views.addWidget(button)
        self.view_buttons.button(0).setChecked(True)
        self.view_buttons.idClicked.connect(self.set_view)

        self.new_button = QPushButton("新建走访")
        self.new_button.setToolTip("在所选日期新建走访（Ctrl+Shift+N）")
        self.new_button.clicked.connect(self.new_visit)
        self.campaign_button = QPushButton("生成慰问计划…")
        self.campaign_button.clicked.connect(self.open_campaign)
        self.ledger_button = QPushButton("导出走访台账…")
        self.ledger_button.clicked.connect(self.export_ledger)
        self.rules_button = QPushButton("走访规则…")
        self.rules_button.clicked.connect(self.open_rules)

        top = QHBoxLayout()
        for w in (
            self.prev_button,
            self.year_spin,
            self.month_combo,
            self.next_button,
            self.today_button,
        ):
            top.addWidget(w)
        top.addSpacing(12)
        top.addLayout(views)
        # says plainly when the shown year's days off are unknown (chinese-calendar ends)
        self.holiday_note = QLabel()
        self.holiday_note.setObjectName("holiday_note")
        self.holiday_note.setStyleSheet("color: #c62828;")
        self.holiday_note.setToolTip("工具 → 节假日安排：录入国务院办公厅公布的放假安排")
        self.holiday_note.linkActivated.connect(lambda _link: self.open_holidays())
        self.holiday_note.hide()
        top.addSpacing(12)
        top.addWidget(self.holiday_note)
        top.addStretch(1)
        for w in (self.new_button, self.campaign_button, self.ledger_button, self.rules_button):
            top.addWidget(w)

        self.month_view = MonthView()
        self.month_view.daySelected.connect(self._day_selected)
        self.month_view.dayActivated.connect(self._day_activated)
        self.month_view.monthChangeRequested.connect(self.step_month)
        self.week_view = self._make_tree(["日期 / 事项", "类别", "说明"])
        self.agenda_view = self._make_tree(["日期 / 事项", "类别", "说明"])
        self.stack = QStackedWidget()
        for w in (self.month_view, self.week_view, self.agenda_view):
            self.stack.addWidget(w)

        self.day_label = QLabel()
        self.day_label.setWordWrap(True)
        self.day_label.setStyleSheet("font-weight: bold; font-size: 11pt;")
        self.day_list = self._make_tree(["事项", "类别", "说明"])
        self.day_list.setRootIsDecorated(False)
        self.day_list.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.open_button = QPushButton("打开")
        self.done_button = QPushButton("标记完成")
        self.done_button.setToolTip("把所选走访标记为今天已完成（Ctrl+D）")
        self.reschedule_button = QPushButton("改期…")
        self.cancel_button = QPushButton("取消走访")
        self.undo_button = QPushButton("撤销")
        self.undo_button.setToolTip("撤销刚才的取消或完成（Ctrl+Z）")
        self.undo_button.setEnabled(False)
        self.open_button.clicked.connect(self.open_current)
        self.done_button.clicked.connect(self.mark_current_done)
        self.reschedule_button.clicked.connect(self.reschedule_current)
        self.cancel_button.clicked.connect(self.cancel_current)
        self.undo_button.clicked.connect(self.undo)
        actions = QHBoxLayout()
        for w in (
            self.open_button,
            self.done_button,
            self.reschedule_button,
            self.cancel_button,
            self.undo_button,
        ):
            actions.addWidget(w)
        self.status_label = QLabel()
        self.status_label.setStyleSheet("color: #555;")
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.day_label)
        side_layout.addWidget(self.day_list, 1)
        side_layout.addLayout(actions)
        side_layout.addWidget(self.status_label)

        splitter = QSplitter()
        splitter.addWidget(self.stack)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.splitter = splitter
        self.day_list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.day_list.customContextMenuRequested.connect(self._context_menu)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        self.legend = QLabel(
            "图例：<span style='color:#1565c0'>■</span> 今天　"
            "<span style='color:#d32f2f'>◢ 逾期</span>　"
            "<span style='color:#ef6c00'>计划</span>　<span style='color:#2e7d32'>完成</span>　"
            "<span style='color:#ad1457'>生日</span>　<span style='color:#6a1b9a'>应访</span>（规则要求尚未安排）"
            "　<span style='color:#2e7d32'>休</span> 法定假日　班 调休上班"
        )
        layout.addWidget(self.legend)

        for key, slot in (
            ("Ctrl+T", self.go_today),
            ("Ctrl+Shift+N", self.new_visit),
            ("Ctrl+D", self.mark_current_done),
            ("Ctrl+Z", self.undo),
        ):
            QShortcut(
                QKeySequence(key),
                self,
                activated=slot,
                context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
            )

    def menu_actions(self) -> dict[str, list[QAction | None]]:
        """Actions for the main window's menus (None is a separator)."""

        def action(text: str, tip: str, slot) -> QAction:
            act = QAction(text, self)
            act.setToolTip(tip)
            act.setStatusTip(tip)
            act.triggered.connect(slot)
            return act

        def shown(slot):
            def run() -> None:
                window = self.window()
                show_tab = getattr(window, "show_tab", None)
                if show_tab is not None:
                    show_tab("calendar")
                slot()

            return run

        self.new_visit_action = action(
            "新建走访…", "在走访日历所选日期新建走访", shown(self.new_visit)
        )
        self.campaign_action = action(
            "生成慰问计划…", "按节日慰问规则生成计划走访并导出慰问名单", shown(self.open_campaign)
        )
        self.ledger_action = action(
            "导出走访台账…", "导出所示月份的全部走访记录", shown(self.export_ledger)
        )
        self.health_action = action(
            "本年未体检人员…", "列出并导出本年度尚未体检的在册人员", self.open_health_missing
        )
        self.rules_action = action(
            "走访规则…", "生日、节日、住院、去世与每月走访的规则", self.open_rules
        )
        self.holidays_action = action(
            "节假日安排…",
            "录入或粘贴一年的放假和调休上班日期（程序内置的安排只到 2026 年）",
            self.open_holidays,
        )
        return {
            "文件": [self.new_visit_action, self.campaign_action, self.ledger_action],
            "工具": [self.rules_action, self.holidays_action, self.health_action],
        }

    def save_state(self, settings) -> None:
        """Remember the view (月 / 周 / 日程) and the splitter (main window calls it)."""
        settings.setValue(SETTINGS_VIEW, self.stack.currentIndex())
        settings.setValue(SETTINGS_SPLITTER, self.splitter.saveState())

    def restore_state(self, settings) -> None:
        try:
            view = int(settings.value(SETTINGS_VIEW, 0))
        except (TypeError, ValueError):
            view = 0
        if 0 <= view <= 2:
            self.set_view(view)
        state = settings.value(SETTINGS_SPLITTER)
        if state is not None:
            self.splitter.restoreState(state)

    def _context_menu(self, pos) -> None:
        item = self.day_list.itemAt(pos)
        if item is not None and self.payload_of(item):
            self.day_list.setCurrentItem(item)
        self._update_buttons()
        menu = QMenu(self)
        menu.addAction("打开", self.open_current).setEnabled(
            item is not None and bool(self.payload_of(item))
        )
        for button in (self.done_button, self.reschedule_button, self.cancel_button):
            action = menu.addAction(button.text(), button.click)
            action.setEnabled(button.isEnabled())
        menu.addSeparator()
        menu.addAction("在这一天新建走访", self.new_visit)
        menu.exec(self.day_list.viewport().mapToGlobal(pos))

    def _make_tree(self, headers: list[str]) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setHeaderLabels(headers)
        tree.setColumnWidth(0, 200)
        tree.setColumnWidth(1, 80)
        tree.setAlternatingRowColors(True)
        tree.itemActivated.connect(self._item_activated)
        return tree

    # ------------------------------------------------------------ navigation and data

    def showEvent(self, event) -> None:
        """Showing the tab reads the month: the first time, and again whenever visits may have
        changed elsewhere (the person dialog's 走访记录, 首页)."""
        super().showEvent(event)
        if self._shown_once or self._stale:
            self._stale = False
            self.show_month(self._month, selected=self._selected)
        self._shown_once = True

    def refresh(self) -> None:
        """Re-read the shown month (after changes elsewhere); a hidden tab waits to be shown."""
        if not self.isVisible():
            self._stale = True
            return
        self.show_month(self._month, selected=self._selected)

    def show_month(self, month: _dt.date, *, selected: _dt.date | None = None) -> None:
        """Show ``month``: counts now, the due list of the month right after the first paint."""
        self._month = month.replace(day=1)
        if selected is not None:
            self._selected = selected
        elif self._selected.replace(day=1) != self._month:
            self._selected = self._month
        days = grid_days(self._month)
        self._infos = calendar_days(days[0], days[-1], today=self.today())
        note = holidays.missing_note(self._month, _month_shift(self._month, 1) - _dt.timedelta(1))
        self.holiday_note.setText(f"{note}（<a href='holidays'>录入…</a>）" if note else "")
        self.holiday_note.setVisible(bool(note))
        add_due_counts(self._infos, self._due_in(days[0], days[-1]))
        for w, v in ((self.year_spin, self._month.year), (self.month_combo, self._month.month - 1)):
            w.blockSignals(True)
            if isinstance(w, QSpinBox):
                w.setValue(v)
            else:
                w.setCurrentIndex(v)
            w.blockSignals(False)
        self.month_view.set_month(
            self._month, self._infos, today=self.today(), selected=self._selected
        )
        self._details_timer.start()  # after the first paint; restarts while the clerk pages

    def _due_in(self, start: _dt.date, end: _dt.date) -> list[DueItem]:
        return [d for d in self._due if start <= d.day <= end]

    def _details_range(self) -> tuple[_dt.date, _dt.date]:
        days = grid_days(self._month)
        start, end = days[0], max(days[-1], self._selected + _dt.timedelta(days=AGENDA_DAYS))
        return min(start, self._selected - _dt.timedelta(days=7)), end

    def _load_details(self, *, background: bool | None = None) -> None:
        """The month's visits, due list and birthdays (for the lists and the 应访 counts).

        A large roster reads them in a worker thread (its own database connection) so that the
        month grid stays responsive; a reply for a month no longer shown is dropped.
        """
        start, end = self._details_range()
        self._generation += 1
        generation = self._generation
        if self._large is None:
            try:
                self._large = visits.roster_size() > BACKGROUND_FROM
            except Exception:
                log.exception("读取人数失败")
                self._large = False
        if background is None:
            background = self._large
        if not background:
            try:
                result = read_details(start, end, self.today())
            except Exception:
                log.exception("读取走访日历失败")
                self.status_label.setText("读取走访数据失败，详情见日志文件。")
                return
            self._apply_details(result)
            return
        self.status_label.setText("正在读取走访明细……")
        signal, today = self._signal, self.today()

        def work() -> None:
            try:
                result = read_details(start, end, today)
            except Exception:
                log.exception("读取走访日历失败")
                result = None
            finally:
                visits.release_thread_connection()
            with contextlib.suppress(RuntimeError):  # the tab was closed meanwhile
                signal.done.emit(generation, result)

        QThreadPool.globalInstance().start(work)

    def _details_arrived(self, generation: int, result) -> None:
        if generation != self._generation:
            return  # the clerk has moved on to another month
        if result is None:
            self.status_label.setText("读取走访数据失败，详情见日志文件。")
            return
        self.status_label.clear()
        self._apply_details(result)

    def _apply_details(self, result) -> None:
        self._visits, self._due, self._birthdays = result
        days = grid_days(self._month)
        add_due_counts(self._infos, self._due_in(days[0], days[-1]))
        self.month_view.refresh_infos(self._infos)
        self._fill_lists()

    def stop_background_work(self) -> None:
        """Drop replies still to come and wait for a running read (the window is closing)."""
        self._details_timer.stop()
        self._generation += 1
        QThreadPool.globalInstance().waitForDone()

    def load_now(self) -> None:
        """Load the details immediately, in this thread (tests, benchmarks)."""
        self._details_timer.stop()
        self._load_details(background=False)

    def step_month(self, delta: int) -> None:
        target = _month_shift(self._month, delta)
        day = min(self._selected.day, 28)
        self.show_month(target, selected=target.replace(day=day))

    def _picked_month(self) -> None:
        month = _dt.date(self.year_spin.value(), self.month_combo.currentIndex() + 1, 1)
        if month != self._month:
            self.show_month(month, selected=month)

    def go_today(self) -> None:
        today = self.today()
        self.show_month(today.replace(day=1), selected=today)
        self.month_view.setFocus()

    def set_view(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        self.view_buttons.button(index).setChecked(True)
        if not self._stale:  # before the first show there is nothing to list yet
            self._fill_lists()

    def _day_selected(self, day: _dt.date) -> None:
        self._selected = day
        if day.replace(day=1) != self._month:
            self.show_month(day.replace(day=1), selected=day)
            return
        self._fill_lists()

    def _day_activated(self, day: _dt.date) -> None:
        self._selected = day
        self._fill_lists()
        if self.day_list.topLevelItemCount():
            self.day_list.setFocus()
            self.day_list.setCurrentItem(self.day_list.topLevelItem(0))
        else:
            self.new_visit()

    # ------------------------------------------------------------ lists

    def entries(self, day: _dt.date) -> list[tuple[str, str, str, dict[str, Any]]]:
        """(title, kind, detail, payload) for everything on ``day``: visits, due, birthdays."""
        rows: list[tuple[str, str, str, dict[str, Any]]] = []
        for v in self._visits:
            if v["day"] != day or v["status"] == CANCELLED:
                continue
            state = v["status"]
            if state == PLANNED and day < self.today():
                state = "逾期"
            rows.append(
                (f"【{state}】{v['persons']}", v["kind"], v["notes"] or v["visitors"], {"visit": v})
            )
        for d in self._due:
            if d.day == day:
                mark = "【逾期】" if d.overdue else "【应访】"
                if d.visit_id is not None:
                    continue  # the overdue plan is already listed as a visit
                rows.append((f"{mark}{d.name}", d.rule, d.reason, {"due": d}))
        birthday_due = {
            d.person_id for d in self._due if d.day == day and d.rule in ("生日", "整寿")
        }
        for b in self._birthdays:
            if b["day"] == day and b["person_id"] not in birthday_due:
                what = f"{b['age']}岁{'整寿' if b['round'] else '生日'}" + (
                    "（农历）" if b["lunar"] else ""
                )
                rows.append((f"【生日】{b['name']}", "生日", what, {"birthday": b}))
        return rows

    def _add_rows(self, parent, rows) -> None:
        for title, kind, detail, payload in rows:
            item = QTreeWidgetItem([title, kind, detail])
            tree = self.day_list if parent is None else parent.treeWidget()
            item.setData(0, ROLE, self._store(tree, payload))
            item.setToolTip(2, detail)
            if title.startswith("【逾期】"):
                for col in range(3):
                    item.setForeground(col, Qt.GlobalColor.red)
            elif title.startswith("【已完成】"):
                for col in range(3):
                    item.setForeground(col, Qt.GlobalColor.darkGreen)
            if parent is None:
                self.day_list.addTopLevelItem(item)
            else:
                parent.addChild(item)

    def _fill_lists(self) -> None:
        day = self._selected
        self.day_label.setText(day_title(day, self._infos.get(day)))
        keep = self._payload_key(self.day_list.currentItem())
        self.day_list.clear()
        self._payloads[id(self.day_list)] = []
        self._add_rows(None, self.entries(day))
        if keep is not None:
            for i in range(self.day_list.topLevelItemCount()):
                item = self.day_list.topLevelItem(i)
                if self._payload_key(item) == keep:
                    self.day_list.setCurrentItem(item)
                    break
        if not self.day_list.topLevelItemCount():
            empty = QTreeWidgetItem(
                ["（这一天没有走访安排，双击日期或按 Ctrl+Shift+N 新建）", "", ""]
            )
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.day_list.addTopLevelItem(empty)
        if self.stack.currentIndex() == 1:
            start = day - _dt.timedelta(days=day.weekday())
            self._fill_tree(self.week_view, [start + _dt.timedelta(days=i) for i in range(7)], True)
        elif self.stack.currentIndex() == 2:
            self._fill_agenda_overdue(day)
            self._fill_tree(
                self.agenda_view, [day + _dt.timedelta(days=i) for i in range(AGENDA_DAYS)], False
            )
        self._update_buttons()

    def _store(self, tree: QTreeWidget, payload: dict[str, Any]) -> int:
        """Keep ``payload`` on the Python side; the item holds only its index.

        Python dicts (with None inside) are never put into Qt item data: PySide6 miscounts
        references to None when converting them back and forth, which can crash the program.
        """
        stored = self._payloads.setdefault(id(tree), [])
        stored.append(payload)
        return len(stored) - 1

    def payload_of(self, item: QTreeWidgetItem | None) -> dict[str, Any] | None:
        """What a list row stands for: a visit, a due item, a birthday or a day."""
        if item is None:
            return None
        index = item.data(0, ROLE)
        stored = self._payloads.get(id(item.treeWidget()), [])
        if isinstance(index, int) and 0 <= index < len(stored):
            return stored[index]
        return None

    def _payload_key(self, item: QTreeWidgetItem | None) -> tuple | None:
        payload = self.payload_of(item)
        if not payload:
            return None
        if "visit" in payload:
            return ("visit", payload["visit"]["id"])
        if "due" in payload:
            d = payload["due"]
            return ("due", d.person_id, d.day, d.rule)
        if "birthday" in payload:
            return ("birthday", payload["birthday"]["person_id"], payload["birthday"]["day"])
        return None

    def _fill_agenda_overdue(self, day: _dt.date) -> None:
        self._agenda_overdue: list[tuple[str, str, str, dict[str, Any]]] = []
        for d in self._due:
            if d.overdue and d.day < day:
                title = f"【逾期】{d.name}（{d.day.month}月{d.day.day}日）"
                payload = {"due": d}
                self._agenda_overdue.append((title, d.rule, d.reason, payload))

    def _fill_tree(self, tree: QTreeWidget, days: list[_dt.date], keep_empty: bool) -> None:
        tree.clear()
        self._payloads[id(tree)] = []
        overdue = getattr(self, "_agenda_overdue", []) if tree is self.agenda_view else []
        if overdue:
            head = QTreeWidgetItem(
                [f"逾期未完成（{len(overdue)} 项）", "", "计划未完成或规则要求已过期限"]
            )
            head.setForeground(0, Qt.GlobalColor.red)
            tree.addTopLevelItem(head)
            self._add_rows(head, overdue)
            head.setExpanded(True)
        for day in days:
            rows = self.entries(day)
            if not rows and not keep_empty:
                continue
            info = self._infos.get(day)
            head = QTreeWidgetItem(
                [
                    f"{day.month}月{day.day}日 {WEEKDAY_NAMES[day.weekday()]}",
                    "",
                    day_title(day, info).split("  ", 1)[-1],
                ]
            )
            head.setData(0, ROLE, self._store(tree, {"day": day}))
            font = head.font(0)
            font.setBold(True)
            head.setFont(0, font)
            if day == self.today():
                head.setText(0, head.text(0) + "（今天）")
            tree.addTopLevelItem(head)
            self._add_rows(head, rows)
            head.setExpanded(True)
        if not tree.topLevelItemCount():
            tree.addTopLevelItem(QTreeWidgetItem(["（这段时间没有走访安排）", "", ""]))

    def _current_payload(self) -> dict[str, Any] | None:
        item = None
        view = self.stack.currentWidget()
        if (
            isinstance(view, QTreeWidget)
            and view.currentItem() is not None
            and (view.hasFocus() or self.day_list.currentItem() is None)
        ):
            item = view.currentItem()
        if item is None:
            item = self.day_list.currentItem()
        return self.payload_of(item)

    def _current_visit(self) -> dict[str, Any] | None:
        payload = self._current_payload()
        if payload and "visit" in payload:
            return payload["visit"]
        if payload and "due" in payload and payload["due"].visit_id:
            return visits.get_visit(payload["due"].visit_id)
        return None

    def _update_buttons(self) -> None:
        v = self._current_visit()
        planned = v is not None and v["status"] == PLANNED
        self.done_button.setEnabled(planned)
        self.reschedule_button.setEnabled(planned)
        self.cancel_button.setEnabled(v is not None and v["status"] != CANCELLED)

    # ------------------------------------------------------------ actions

    def _changed(self, message: str = "") -> None:
        if message:
            self.status_label.setText(message)
        self.refresh()
        self._load_details()
        self.visitsChanged.emit()

    def _item_activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        payload = self.payload_of(item)
        if not payload:
            return
        if "day" in payload:
            self._selected = payload["day"]
            self.new_visit()
        else:
            self.open_payload(payload)

    def open_payload(self, payload: dict[str, Any]) -> None:
        """Open a visit, plan a due item, or plan a birthday visit."""
        if "visit" in payload:
            dialog = VisitDialog(self, visit_id=payload["visit"]["id"], today=self.today())
        elif "due" in payload:
            due: DueItem = payload["due"]
            if due.visit_id:
                dialog = VisitDialog(self, visit_id=due.visit_id, today=self.today())
            else:
                dialog = VisitDialog(self, due=due, today=self.today())
        elif "birthday" in payload:
            b = payload["birthday"]
            dialog = VisitDialog(
                self, person_ids=(b["person_id"],), day=b["day"], today=self.today()
            )
            dialog.kind.setCurrentText("生日祝寿")
            dialog.notes.setPlainText(f"{b['age']}岁生日祝寿")
        else:
            return
        if dialog.exec():
            self._changed("已保存走访记录。")

    def open_current(self) -> None:
        payload = self._current_payload()
        if payload:
            self.open_payload(payload)

    def new_visit(self) -> None:
        dialog = VisitDialog(self, day=self._selected, today=self.today())
        if dialog.exec():
            self._changed("已新建走访。")

    def mark_current_done(self) -> None:
        v = self._current_visit()
        if v is None or v["status"] != PLANNED:
            self.status_label.setText("请先在右侧列表中选择一条“计划”状态的走访。")
            return
        done_on = self.today()
        try:
            visits.mark_done(v["id"], done_on)
        except VisitError as exc:
            QMessageBox.warning(self, "不能标记完成", exc.message)
            return
        self._undo = (v["id"], PLANNED)
        self.undo_button.setEnabled(True)
        self._changed(
            f"已将 {v['persons']} 的走访标记为 {done_on.isoformat()} 完成。可按“撤销”恢复。"
        )

    def reschedule_current(self, new_day: _dt.date | None = None) -> None:
        v = self._current_visit()
        if v is None or v["status"] != PLANNED:
            self.status_label.setText("请先选择一条“计划”状态的走访。")
            return
        if new_day is None:
            dialog = RescheduleDialog(self, max(v["planned_on"], self.today()))
            if not dialog.exec():
                return
            new_day = dialog.chosen()
        try:
            visits.reschedule(v["id"], new_day)
        except VisitError as exc:
            QMessageBox.warning(self, "不能改期", exc.message)
            return
        self._changed(f"已将 {v['persons']} 的走访改到 {new_day.isoformat()}。")

    def cancel_current(self) -> None:
        v = self._current_visit()
        if v is None:
            return
        visits.cancel_visit(v["id"])
        self._undo = (v["id"], v["status"])
        self.undo_button.setEnabled(True)
        self._changed(f"已取消 {v['persons']} 的走访。可按“撤销”恢复。")

    def undo(self) -> None:
        if self._undo is None:
            return
        visit_id, status = self._undo
        self._undo = None
        self.undo_button.setEnabled(False)
        try:
            visits.restore_visit(visit_id, status)
        except VisitError as exc:
            QMessageBox.warning(self, "无法撤销", exc.message)
            return
        self._changed("已撤销。")

    def open_campaign(self) -> None:
        from .campaign_dialog import CampaignDialog

        dialog = CampaignDialog(self, today=self.today())
        dialog.exec()
        self._changed()
        if dialog.created:
            self._changed(f"已生成慰问计划 {dialog.created} 条。")

    def open_health_missing(self) -> None:
        from .health_missing_dialog import HealthMissingDialog

        HealthMissingDialog(self, today=self.today()).exec()

    def open_holidays(self, year: int | None = None) -> None:
        """工具 → 节假日安排, on the shown month's year."""
        from .holiday_dialog import HolidayDialog

        dialog = HolidayDialog(self, year=year or self._month.year)
        dialog.exec()
        if dialog.saved_years:
            years = "、".join(f"{y}年" for y in dict.fromkeys(dialog.saved_years))
            self._changed(f"{years}放假安排已保存。")

    def open_rules(self) -> None:
        from .rules_dialog import VisitRulesDialog

        if VisitRulesDialog(self).exec():
            self._changed("走访规则已保存。")

    def export_ledger(
        self, path: str | None = None, start: _dt.date | None = None, end: _dt.date | None = None
    ) -> Path | None:
        from ...services.visits_exports import export_ledger

        start = start or self._month
        end = end or _month_shift(self._month, 1) - _dt.timedelta(days=1)
        if path is None:
            from ...core.filenames import dated_filename

            period = PeriodDialog(self, "导出走访台账：选择时间段", start, end)
            if not period.exec():
                return None
            start, end = period.period()

            path, _ = QFileDialog.getSaveFileName(
                self,
                "导出走访台账",
                dated_filename(f"走访台账_{start.isoformat()}至{end.isoformat()}", self.today()),
                "Excel 工作簿 (*.xlsx)",
            )
            if not path:
                return None
        try:
            with busy():
                target, count = export_ledger(start, end, Path(path), day=self.today())
        except VisitError as exc:
            QMessageBox.warning(self, "导出失败", exc.message)
            return None
        except OSError as exc:
            log.exception("导出走访台账失败")
            QMessageBox.warning(
                self,
                "导出失败",
                f"无法写入文件：{exc.strerror or exc}。请关闭在 Excel 中打开的同名文件，或换一个位置。",
            )
            return None
        self.status_label.setText(f"已导出走访台账 {count} 条：{target}")
        return target

    def select_day(self, day: _dt.date) -> None:
        """Select ``day`` (switching month if needed)."""
        self.month_view.select(day)
        self._day_selected(day)

    def select_entry(self, text: str) -> bool:
        """Make the day-list row whose title contains ``text`` current (tests, keyboard users)."""
        for i in range(self.day_list.topLevelItemCount()):
            item = self.day_list.topLevelItem(i)
            if text in item.text(0):
                self.day_list.setCurrentItem(item)
                self._update_buttons()
                return True
        return False
