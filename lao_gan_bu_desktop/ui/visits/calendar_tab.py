"""The 走访日历 tab: month / week / agenda views, the day list beside them, and the actions.

Month view: :class:`MonthView` (custom painted). Week view and agenda: lists grouped by day.
The day list shows, for the selected day, planned and done visits, due items (应走访) and
birthdays; double-click (or Enter) opens a visit or plans a due item. Shortcuts: Ctrl+T today,
Ctrl+Shift+N new visit (Ctrl+N is 新增人员 in the main window), PageUp/PageDown month, Ctrl+D mark done, Ctrl+Z undo the last cancel.
The widget never queries the database: it calls services.visits and services.calendar_view.

This module builds the tab and drives the grid (navigation, loading the period's data); the
lists beside it are in :mod:`.day_lists` and the actions in :mod:`.calendar_actions`, both
mixed into :class:`VisitsCalendarTab`.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import logging
from typing import Any

from PySide6.QtCore import QObject, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTreeWidget,
    QVBoxLayout,
    QWidget,
)

from ...core.visit_rules import DueItem
from ...services import holidays, visits
from ...services.calendar_view import (
    DayInfo,
    add_birthday_names,
    add_due_counts,
    birthdays,
    calendar_days,
    grid_days,
)
from ..common.font_size import set_relative_font
from .calendar_actions import CalendarActions
from .day_lists import AGENDA_DAYS, DayLists
from .month_view import MonthView, month_shift
from .visit_dialog import Today, resolve_today

log = logging.getLogger(__name__)

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


class VisitsCalendarTab(DayLists, CalendarActions, QWidget):
    """The visit calendar. ``today`` can be fixed (tests, benchmarks); default is the real day."""

    visitsChanged = Signal()
    window_refreshes = False  # True when visitsChanged makes the main window refresh every tab

    def __init__(self, parent: QWidget | None = None, *, today: Today = None) -> None:
        super().__init__(parent)
        self._fixed_today = today
        self._month = self.today().replace(day=1)
        self._selected = self.today()
        self._infos: dict[_dt.date, DayInfo] = {}
        self._visits: list[dict[str, Any]] = []
        self._due: list[DueItem] = []
        self._birthdays: list[dict[str, Any]] = []
        self._undo: tuple[int, str, int | None] | None = None
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
        # its width follows 字号 changed while the program runs ("12月" stays whole)
        self.month_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
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
        set_relative_font(self.day_label, 1.2, bold=True)
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
        # a row of its own: in the toolbar it pushed the buttons off a 1366-wide screen at 特大
        layout.addWidget(self.holiday_note)
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
        # nothing cut off: the first columns as wide as their text (the list scrolls sideways
        # in a narrow panel), 说明 takes the rest and wraps
        tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        tree.header().setStretchLastSection(True)
        tree.header().setMinimumSectionSize(60)
        tree.setWordWrap(True)
        tree.setUniformRowHeights(False)
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
        # every year the grid shows (December's grid shows the new year's first days too)
        self._missing_years = holidays.missing_years(days[0], days[-1])
        note = holidays.missing_note(days[0], days[-1])
        self.holiday_note.setText(f"{note}（<a href='holidays'>录入…</a>）" if note else "")
        self.holiday_note.setVisible(bool(note))
        add_due_counts(self._infos, self._due_in(days[0], days[-1]))
        add_birthday_names(self._infos, self._birthdays)
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
        add_birthday_names(self._infos, self._birthdays)
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
        target = month_shift(self._month, delta)
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
        # an empty day's list holds one disabled row (这一天没有走访安排…): not an item to open
        items = (self.day_list.topLevelItem(i) for i in range(self.day_list.topLevelItemCount()))
        first = next((i for i in items if i.flags() & Qt.ItemFlag.ItemIsEnabled), None)
        if first is not None:
            self.day_list.setFocus()
            self.day_list.setCurrentItem(first)
        else:
            self.new_visit()

    def select_day(self, day: _dt.date) -> None:
        """Select ``day`` (switching month if needed)."""
        self.month_view.select(day)
        self._day_selected(day)
