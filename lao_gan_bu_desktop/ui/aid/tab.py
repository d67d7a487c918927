"""The 帮扶 tab: the case list with filters and totals, the year's budget bar, and the actions
(new case, open case, set budget, export the year's summary)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...core import aid_rules as rules
from ...core import clock
from ...core.filenames import dated_filename
from ...services import aid, aid_budget, aid_papers
from ...services.settings import get_setting
from ..common.sort_arrow import arrows_follow_order
from . import common
from .case_dialog import AidCaseDialog
from .dialogs import BudgetDialog, create_new_case

ALL = "全部"
NEW_CASE_SHORTCUT = "Ctrl+Shift+N"

COLUMNS: tuple[tuple[str, str], ...] = (
    ("number", "编号"),  # 2026-001, as on the printed form and in the case's window
    ("year", "年度"),
    ("name", "姓名"),
    ("unit", "单位"),
    ("category", "类别"),
    ("status", "步骤"),
    ("amount_requested", "申请金额"),
    ("amount_approved", "审批金额"),
    ("paid", "已发放"),
    ("next_step", "下一步"),
    ("next_step_due", "期限"),
    ("clerk", "经办人"),
    ("reason", "困难情况"),
)
MONEY_KEYS = {"amount_requested", "amount_approved", "paid"}
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole


class AidCaseModel(QAbstractTableModel):
    """The shown cases (a few hundred a year at most) as plain dicts."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[dict[str, Any]] = []

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent=None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def columnCount(self, parent=None) -> int:
        return 0 if parent is not None and parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section][1]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        key = COLUMNS[index.column()][0]
        value = row.get(key)
        if role == Qt.ItemDataRole.DisplayRole:
            if key in MONEY_KEYS:
                return common.money_text(value)
            if isinstance(value, _dt.date):
                return value.isoformat()
            return "" if value is None else str(value)
        if role == SORT_ROLE:
            if isinstance(value, Decimal):
                return float(value)
            if isinstance(value, _dt.date):
                return value.isoformat()
            if value is None:
                return ""
            return value
        if role == ID_ROLE:
            return row["id"]
        if role == Qt.ItemDataRole.TextAlignmentRole and key in MONEY_KEYS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            if row["status"] == rules.REJECTED:
                return QColor("#9e9e9e")
            if row["overdue"] and key in ("next_step", "next_step_due"):
                return QColor("#c62828")
        if role == Qt.ItemDataRole.ToolTipRole:
            if row["overdue"]:
                return f"“{row['next_step']}”已超过期限 {row['next_step_due']}"
            if key == "status" and row["status"] == rules.REJECTED:
                return "已驳回"
        return None


class BudgetBar(QWidget):
    """The year's budget as a bar: paid (dark), approved but unpaid (light), remaining (empty)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary: dict[str, Any] | None = None
        self.setMinimumHeight(18)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_summary(self, summary: dict[str, Any]) -> None:
        self.summary = summary
        self.update()

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.fillRect(rect, QColor("#eeeeee"))
        s = self.summary
        if s and s["budget"]:
            budget = float(s["budget"])
            over = s["approved"] > s["budget"]
            approved_w = rect.width() * min(float(s["approved"]) / budget, 1.0)
            paid_w = rect.width() * min(float(s["paid"]) / budget, 1.0)
            painter.fillRect(
                QRectF(rect.left(), rect.top(), approved_w, rect.height()),
                QColor("#ef9a9a" if over else "#90caf9"),
            )
            painter.fillRect(
                QRectF(rect.left(), rect.top(), paid_w, rect.height()),
                QColor("#c62828" if over else "#1565c0"),
            )
        painter.setPen(QColor("#808080"))
        painter.drawRect(rect)
        painter.end()


class AidTab(QWidget):
    """帮扶: cases of the year with filters, totals, budget, and the case window."""

    data_changed = Signal()  # a case or the budget changed (service tiers and 首页 follow)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        parent_today = getattr(parent, "today", None)
        self.today: Callable[[], _dt.date] = parent_today if callable(parent_today) else clock.today
        self.case_dialog: AidCaseDialog | None = None
        self._loading = False
        self._years_filled = False
        self._columns_sized = False
        layout = QVBoxLayout(self)

        filters = QHBoxLayout()
        self.year_combo = QComboBox()
        self.status_combo = QComboBox()
        self.status_combo.addItems([ALL, aid.OPEN, *rules.AID_STATUSES])
        self.category_combo = QComboBox()
        self.category_combo.addItems([ALL, *rules.AID_CATEGORIES])
        self.unit_combo = QComboBox()
        self.unit_combo.setMinimumContentsLength(10)
        self.person_edit = QLineEdit()
        self.person_edit.setPlaceholderText("姓名或拼音")
        self.person_edit.setClearButtonEnabled(True)
        for title, widget in (
            ("年度", self.year_combo),
            ("步骤", self.status_combo),
            ("类别", self.category_combo),
            ("单位", self.unit_combo),
            ("人员", self.person_edit),
        ):
            filters.addWidget(QLabel(title))
            filters.addWidget(widget)
        filters.addStretch(1)
        layout.addLayout(filters)

        budget_row = QHBoxLayout()
        self.budget_label = QLabel()
        self.budget_bar = BudgetBar()
        self.budget_button = QPushButton("设置经费…")
        self.budget_button.clicked.connect(self.edit_budget)
        self.budget_label.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Preferred)
        self.budget_bar.setMinimumWidth(160)
        self.budget_bar.setToolTip("深色：已发放；浅色：已审批未发放；空白：剩余经费")
        budget_row.addWidget(self.budget_label)
        budget_row.addWidget(self.budget_bar, 1)
        budget_row.addWidget(self.budget_button)
        layout.addLayout(budget_row)

        self.model = AidCaseModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView()
        arrows_follow_order(self.table.horizontalHeader())
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        layout.addWidget(self.table, 1)

        bottom = QHBoxLayout()
        self.totals_label = QLabel()
        bottom.addWidget(self.totals_label, 1)
        self.new_button = QPushButton("新建案例…")
        self.new_button.setToolTip(f"新建帮扶案例（{NEW_CASE_SHORTCUT}）")
        self.new_button.clicked.connect(lambda: self.new_case())
        self.open_button = QPushButton("打开案例")
        self.open_button.setToolTip("回车或双击")
        self.open_button.clicked.connect(self.open_selected)
        self.export_button = QPushButton("导出汇总表…")
        self.export_button.clicked.connect(self.export_summary)
        for button in (self.new_button, self.open_button, self.export_button):
            bottom.addWidget(button)
        layout.addLayout(bottom)

        # Ctrl+N is 新增人员 in the main window; F5 (refresh all) is the main window's too.
        new_shortcut = QShortcut(QKeySequence(NEW_CASE_SHORTCUT), self)
        new_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        new_shortcut.activated.connect(lambda: self.new_case())
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            enter = QShortcut(QKeySequence(key), self.table)
            enter.setContext(Qt.ShortcutContext.WidgetShortcut)
            enter.activated.connect(self.open_selected)

        self._text_timer = QTimer(self)
        self._text_timer.setSingleShot(True)
        self._text_timer.setInterval(250)
        self._text_timer.timeout.connect(self.reload_cases)
        for combo in (self.year_combo, self.status_combo, self.category_combo, self.unit_combo):
            combo.currentIndexChanged.connect(self._filters_changed)
        self.person_edit.textChanged.connect(lambda _t: self._text_timer.start())
        self.refresh()

    # ------------------------------------------------------------ loading

    def refresh(self) -> None:
        """Reload the choice lists, the budget and the cases (after data changed anywhere)."""
        self._loading = True
        try:
            wanted = self.selected_year() if self._years_filled else self.today().year
            self._years_filled = True
            years = set(aid.case_years()) | {self.today().year}
            self.year_combo.clear()
            self.year_combo.addItem(ALL, None)
            for y in sorted(years, reverse=True):
                self.year_combo.addItem(f"{y} 年", y)
            index = self.year_combo.findData(wanted) if wanted is not None else 0
            self.year_combo.setCurrentIndex(max(index, 0))
            unit = self.unit_combo.currentText()
            self.unit_combo.clear()
            self.unit_combo.addItems([ALL, *aid.unit_names()])
            self.unit_combo.setCurrentText(unit if unit else ALL)
        finally:
            self._loading = False
        self.reload_cases()

    def _filters_changed(self) -> None:
        if not self._loading:
            self.reload_cases()

    def selected_year(self) -> int | None:
        return self.year_combo.currentData() if self.year_combo.count() else None

    def current_filter(self) -> aid.AidFilter:
        def pick(combo: QComboBox) -> str:
            text = combo.currentText()
            return "" if text in (ALL, "") else text

        return aid.AidFilter(
            year=self.selected_year(),
            status=pick(self.status_combo),
            category=pick(self.category_combo),
            unit=pick(self.unit_combo),
            person=self.person_edit.text(),
        )

    def reload_cases(self) -> None:
        """Run the filter and show the cases, their totals and the budget."""
        selected = self.selected_case_id()
        rows = aid.list_cases(self.current_filter(), today=self.today())
        self.model.set_rows(rows)
        if rows and not self._columns_sized:  # once; later the clerk's widths stay
            self._columns_sized = True
            self.table.resizeColumnsToContents()
            reason_column = len(COLUMNS) - 1
            if self.table.columnWidth(reason_column) > 360:
                self.table.setColumnWidth(reason_column, 360)
            self.fit_step_columns()
        t = aid.totals(rows)
        if rows:
            self.totals_label.setText(
                f"共 {t['cases']} 件　申请 {common.yuan(t['amount_requested'])}　"
                f"审批 {common.yuan(t['amount_approved'])}　已发放 {common.yuan(t['paid'])}"
            )
        else:  # say what to do next rather than a row of zeros
            self.totals_label.setText(
                "没有符合条件的帮扶案例：可以改一下上面的年度、步骤等条件，"
                "或按“新建案例…”登记一件新的帮扶申请。"
            )
        self._show_budget()
        if selected is not None:
            self.select_case(selected)

    def _show_budget(self) -> None:
        year = self.selected_year() or self.today().year
        s = aid_budget.budget_summary(year)
        if s["budget"] is None:
            text = f"{year}年帮扶经费：尚未设置；已审批 {common.yuan(s['approved'])}"
        else:
            text = (
                f"{year}年帮扶经费 {common.yuan(s['budget'])}：已审批 {common.yuan(s['approved'])}，"
                f"已发放 {common.yuan(s['paid'])}，剩余 {common.yuan(s['remaining'])}"
            )
            if s["remaining"] < 0:
                text = text.replace(
                    f"剩余 {common.yuan(s['remaining'])}",
                    f"<span style='color:#c62828'>超支 {common.yuan(-s['remaining'])}</span>",
                )
        self.budget_label.setText(text)
        self.budget_bar.set_summary(s)

    # ------------------------------------------------------------ selection

    def selected_case_id(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.proxy.data(index, ID_ROLE)

    def select_case(self, case_id: int) -> bool:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if self.proxy.data(index, ID_ROLE) == case_id:
                self.table.setCurrentIndex(index)
                self.table.selectRow(row)
                return True
        return False

    # ------------------------------------------------------------ actions

    def new_case(self, person_id: int | None = None) -> int | None:
        """Ask for a new case (warning on a second case in a year); returns its id."""
        case_id = create_new_case(self, self.today(), person_id)
        if case_id is not None:
            self.refresh()
            self.data_changed.emit()
            self.select_case(case_id)
            self.open_case(case_id)
        return case_id

    def open_selected(self) -> None:
        case_id = self.selected_case_id()
        if case_id is None:
            common.tell_error(self, "打开案例", "请先在列表中选中一个案例。")
            return
        self.open_case(case_id)

    def open_case(self, case_id: int) -> AidCaseDialog:
        """Show the case window (window-modal, not blocking); the list follows its changes."""
        dialog = AidCaseDialog(case_id, self.today, self)
        dialog.changed.connect(self.reload_cases)
        dialog.changed.connect(self.data_changed)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.case_dialog = dialog
        dialog.open()
        return dialog

    def edit_budget(self) -> None:
        dialog = BudgetDialog(self.selected_year() or self.today().year, self)
        while common.run_dialog(dialog):
            ok, _ = common.guarded(self, "无法设置经费", aid_budget.set_budget, **dialog.values())
            if ok:
                self.refresh()
                self.data_changed.emit()
                return

    def export_summary(self) -> Path | None:
        """Save 《特殊困难离退休干部帮扶汇总表》 of the chosen year as xlsx."""
        year = self.selected_year() or self.today().year
        zone = get_setting("zone_name") or ""
        suggested = Path(
            dated_filename(f"{zone}{year}年特殊困难离退休干部帮扶汇总表", self.today())
        )
        target = common.ask_save_path(self, "导出帮扶汇总表", suggested, "Excel 工作簿 (*.xlsx)")
        if target is None:
            return None
        if target.suffix.lower() != ".xlsx":
            target = target.with_suffix(".xlsx")
        ok, count = common.guarded(
            self, "无法导出", aid_papers.export_summary, year=year, path=target, day=self.today()
        )
        if ok:
            common.tell_info(
                self, "导出完成", f"已导出 {year} 年帮扶汇总表（{count} 件）：\n{target}"
            )
            return target
        return None

    def menu_actions(self) -> dict[str, list]:
        """Actions for the main window's menus (文件: export the aid summary)."""
        export = QAction("导出帮扶汇总表…", self)
        export.setStatusTip("把所选年度的帮扶案例导出为《特殊困难离退休干部帮扶汇总表》")
        export.triggered.connect(lambda: self.export_summary())
        budget = QAction("设置帮扶经费…", self)
        budget.triggered.connect(lambda: self.edit_budget())
        return {"文件": [export], "工具": [budget]}

    # ------------------------------------------------------------ layout kept between runs

    def save_state(self, settings) -> None:
        """Remember column widths and sorting in ``settings`` (a QSettings)."""
        settings.setValue("aid/columns", ",".join(key for key, _ in COLUMNS))
        settings.setValue("aid/header", self.table.horizontalHeader().saveState())

    def restore_state(self, settings) -> None:
        """Restore what :meth:`save_state` kept, when the columns are still the same."""
        if settings.value("aid/columns", "") != ",".join(key for key, _ in COLUMNS):
            return
        state = settings.value("aid/header")
        if state is not None and self.table.horizontalHeader().restoreState(state):
            self._columns_sized = True
            self.fit_step_columns()

    def fit_step_columns(self) -> None:
        """步骤 and 下一步 at least as wide as their longest possible text: a case moves on to a
        longer step after the columns were sized, and "单位初审" must not show as "单位…".
        困难情况, the last column, takes the room that is left."""
        texts = (*rules.AID_STEPS, rules.REJECTED)
        cell = self.table.fontMetrics()
        head = self.table.horizontalHeader().fontMetrics()
        for column, (key, label) in enumerate(COLUMNS):
            if key not in ("status", "next_step"):
                continue
            wanted = max(
                max(cell.horizontalAdvance(t) for t in texts) + 16,
                head.horizontalAdvance(label) + 28,  # room for the sort arrow
            )
            if self.table.columnWidth(column) < wanted:
                self.table.setColumnWidth(column, wanted)
