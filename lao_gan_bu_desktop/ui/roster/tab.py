"""花名册: the filter bar, the roster table over RosterModel, a side panel and the roster actions.

Actions (new, open, mark 已故/迁出/在册, copy as tab-separated text, delete for good) all go
through services.roster, which writes the audit log. The column layout (shown, hidden, order,
widths, sort) and the splitter are kept in the window's QSettings.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPoint, QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QSplitter,
    QTableView,
    QTextBrowser,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ...core.roster_filter import RosterFilter
from ...services.roster import count_persons
from ..common.errors import show_error
from ..common.sort_arrow import arrows_follow_order
from . import status_dialog
from .filter_bar import FilterBar
from .model import (
    COLUMN_KEYS,
    COLUMNS,
    RosterModel,
    column_index,
    rows_as_tsv,
)
from .person_summary import empty_html, summary_html

if TYPE_CHECKING:
    from ..main_window import MainWindow
    from .person_dialog import PersonDialog

log = logging.getLogger(__name__)


def column_width(key: str) -> int:
    """The default width of column ``key`` at the 字号 in effect."""
    from ..common.font_size import current_scale

    return round(COLUMN_WIDTHS.get(key, 100) * current_scale() / 100)


COLUMN_WIDTHS = {
    "name": 80,
    "gender": 44,
    "age": 48,
    "age_bracket": 86,
    "retirement_kind": 72,
    "unit": 150,
    "position": 72,
    "political_status": 96,
    "phone": 210,
    "self_care": 72,
    "service_tier": 72,
    "residence_area": 72,
    "address": 300,
    "id_number": 170,
}
DEFAULT_ORDER = (
    "name",
    "gender",
    "age",
    "age_bracket",
    "retirement_kind",
    "unit",
    "position",
    "political_status",
    "service_tier",
    "self_care",
    "phone",
    "residence_area",
    "address",
)
SETTINGS_HEADER = "roster/header"
SETTINGS_COLUMNS = "roster/columns"
SETTINGS_SPLITTER = "roster/splitter"


def _roster_service():
    """services.roster, imported on first use (it loads the pinyin tables; keeps start-up fast)."""
    from ...services import roster

    return roster


class RosterTab(QWidget):
    """The roster: filter, table, side panel, actions."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.main_window = window
        self._today = window.today
        self._loaded = False
        self._sort_restored = False
        self._total: int | None = None  # 在册 count, re-read on refresh()
        self.dialog: PersonDialog | None = None

        self.filter_bar = FilterBar(self)
        self.model = RosterModel(self._today, self)
        self.view = QTableView(self)
        arrows_follow_order(self.view.horizontalHeader())
        self.view.setObjectName("roster_view")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setCornerButtonEnabled(False)
        vertical = self.view.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 10)
        vertical.setDefaultAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        header = self.view.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        header.setToolTip("单击列标题排序；拖动列标题调整顺序；右键选择显示哪些列")
        self.reset_columns()
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._row_menu)
        self.view.activated.connect(self._open_index)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.modelReset.connect(self._after_reset)
        self.model.layoutChanged.connect(self._selection_changed)

        self.details = QTextBrowser(self)
        self.details.setObjectName("roster_details")
        self.details.setOpenLinks(False)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setSizes([900, 280])
        self.splitter.setChildrenCollapsible(True)

        self.count_label = QLabel(self)
        self.count_label.setObjectName("roster_count")
        self._make_actions()
        toolbar = QToolBar(self)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.new_action, self.open_action):
            toolbar.addAction(action)
        toolbar.addSeparator()
        for action in (self.dead_action, self.moved_action, self.active_action):
            toolbar.addAction(action)
        toolbar.addSeparator()
        toolbar.addAction(self.copy_action)
        toolbar.addSeparator()
        toolbar.addAction(self.delete_action)
        top = QHBoxLayout()
        top.addWidget(toolbar)
        top.addStretch(1)
        top.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.addWidget(self.filter_bar)
        layout.addLayout(top)
        # what to do when nothing is listed (an empty roster, or a filter that matches no one)
        self.empty_hint = QLabel(self)
        self.empty_hint.setObjectName("roster_empty_hint")
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setStyleSheet("color: #1565c0; padding: 6px;")
        self.empty_hint.hide()
        layout.addWidget(self.empty_hint)
        layout.addWidget(self.splitter, 1)
        self.filter_bar.filter_changed.connect(self._apply_filter)
        self._update_actions()

    # --- actions --------------------------------------------------------------------------
    def _action(
        self, text: str, tip: str, slot, shortcut: QKeySequence | str | None = None
    ) -> QAction:
        action = QAction(text, self)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _make_actions(self) -> None:
        self.new_action = self._action(
            "新增人员", "新增一名离退休干部（Ctrl+N）", self.new_person, "Ctrl+N"
        )
        self.open_action = self._action(
            "打开", "查看或修改所选人员（双击或回车）", self.open_selected
        )
        self.dead_action = self._action(
            "标记已故…", "将所选人员标记为已故（填写去世日期）", self.mark_dead
        )
        self.moved_action = self._action("标记迁出", "将所选人员标记为迁出", self.mark_moved)
        self.active_action = self._action("恢复在册", "将所选人员恢复为在册", self.mark_active)
        self.copy_action = self._action(
            "复制",
            "把所选行复制为制表符分隔的文本，可直接粘贴到 Excel（Ctrl+C）",
            self.copy_selected,
        )
        self.copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.view.addAction(self.copy_action)
        self.delete_action = self._action(
            "永久删除…",
            "从数据中彻底删除所选人员（需确认，记入操作日志）",
            self.delete_selected,
            "Shift+Del",
        )
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.view.addAction(self.delete_action)
        from ..labels.menu import roster_labels_action

        self.labels_action = roster_labels_action(self)
        self.find_action = self._action(
            "查找", "在花名册中查找（Ctrl+F）", self.focus_search, QKeySequence.StandardKey.Find
        )

    def menu_actions(self) -> dict[str, list[QAction | None]]:
        """Actions for the main window's menus (None is a separator)."""
        return {
            "文件": [self.new_action],
            "编辑": [
                self.open_action,
                self.copy_action,
                None,
                self.dead_action,
                self.moved_action,
                self.active_action,
                None,
                self.delete_action,
                None,
                self.find_action,
            ],
        }

    def _update_actions(self) -> None:
        ids = self.selected_ids()
        for action in (self.open_action,):
            action.setEnabled(len(ids) == 1)
        rows = self.selected_rows()
        # 恢复在册 only for someone not 在册 (selections of thousands are not read row by row)
        not_active = len(rows) > 200 or any(
            self.model.row_dict(row).get("status") != "在册" for row in rows
        )
        self.active_action.setEnabled(bool(ids) and not_active)
        for action in (
            self.dead_action,
            self.moved_action,
            self.copy_action,
            self.delete_action,
            self.labels_action,
        ):
            action.setEnabled(bool(ids))

    # --- loading and filtering ------------------------------------------------------------
    def ensure_loaded(self) -> None:
        """Query the roster the first time it is needed (not at start-up)."""
        if self._loaded:
            return
        self._loaded = True
        header = self.view.horizontalHeader()
        if not self._sort_restored or not 0 <= header.sortIndicatorSection() < len(COLUMNS):
            header.setSortIndicator(column_index("name"), Qt.SortOrder.AscendingOrder)
        self.model._filter = self.filter_bar.current_filter()
        self.view.setSortingEnabled(True)  # sorts, i.e. runs the first query
        self._after_reset()

    def showEvent(self, event) -> None:
        self.ensure_loaded()
        super().showEvent(event)

    def set_filter(self, flt: RosterFilter) -> None:
        """Show the people matching ``flt`` (also shown in the filter bar)."""
        self.ensure_loaded()
        self.filter_bar.set_filter(flt)

    def _apply_filter(self, flt: RosterFilter) -> None:
        if not self._loaded:
            return
        try:
            self.model.set_filter(flt)
        except Exception as exc:
            show_error(self, exc)

    def refresh(self) -> None:
        """Reload after the data changed: unit choices, ids, cache, count."""
        self.filter_bar.reload_units()
        self._total = None
        if self._loaded:
            selected = self.selected_ids()
            scrolled = self.view.verticalScrollBar().value()
            self.model.set_filter(self.filter_bar.current_filter())
            self.select_ids(selected)
            self.view.verticalScrollBar().setValue(scrolled)  # the clerk stays where they were

    def _after_reset(self) -> None:
        if self._total is None:
            self._total = count_persons(("在册",))
        self.count_label.setText(f"共 {self._total} 人，当前显示 {self.model.rowCount()} 人")
        if self.model.rowCount():
            self.empty_hint.hide()
        else:
            self.empty_hint.setText(
                "花名册还是空的：用“文件 → 导入…”导入各单位报来的表格，"
                "或按“新增人员”（Ctrl+N）一个一个录入。"
                if not self._total
                else "没有符合条件的人员：可以放宽上面的筛选条件，或清空搜索框。"
            )
            self.empty_hint.show()
        self._selection_changed()

    def focus_search(self) -> None:
        self.main_window.show_tab("roster")
        self.filter_bar.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_bar.search.selectAll()

    # --- selection ------------------------------------------------------------------------
    def selected_rows(self) -> list[int]:
        return sorted({index.row() for index in self.view.selectionModel().selectedRows()})

    def selected_ids(self) -> list[int]:
        return [self.model.person_id(row) for row in self.selected_rows()]

    def people_choice(self) -> tuple[RosterFilter | None, list[int] | None]:
        """(None, the selected ids) when more than one row is selected, else (the filter, None)."""
        selected = self.selected_ids() if self._loaded else []
        if len(selected) > 1:
            return None, selected
        return self.filter_bar.current_filter(), None

    def select_ids(self, ids: list[int]) -> None:
        selection = self.view.selectionModel()
        first = True
        for pid in ids:
            row = self.model.row_of(pid)
            if row is None:
                continue
            flags = selection.SelectionFlag.Select | selection.SelectionFlag.Rows
            if first:
                flags |= selection.SelectionFlag.Current
                self.view.scrollTo(self.model.index(row, 0))
                first = False
            selection.select(self.model.index(row, 0), flags)

    def _selection_changed(self, *args) -> None:
        self._update_actions()
        ids = self.selected_ids()
        if len(ids) != 1:
            if ids:
                self.details.setHtml(f"<p style='color:#888'>已选中 {len(ids)} 人。</p>")
            else:
                self.details.setHtml(empty_html(self.model.rowCount()))
            return
        row = self.selected_rows()[0]
        person = self.model.row_dict(row)
        try:
            from ...services.roster import fetch_contacts

            contacts = fetch_contacts(ids[0])
        except Exception:
            log.exception("读取联系人失败")
            contacts = []
        self.details.setHtml(summary_html(person, contacts))

    # --- person dialog --------------------------------------------------------------------
    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_person(self.model.person_id(index.row()))

    def open_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.open_person(ids[0])

    def new_person(self) -> None:
        self.main_window.show_tab("roster")
        self.open_person(None)

    def open_person(self, person_id: int | None) -> PersonDialog | None:
        """Open the person dialog (window-modal, not blocking); reload when it saved."""
        from .person_dialog import PersonDialog

        try:
            dialog = PersonDialog(person_id, self.main_window, today=self._today)
        except Exception as exc:
            show_error(self, exc)
            return None
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._person_saved)
        dialog.destroyed.connect(lambda *_: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _person_saved(self, person_id: int) -> None:
        self.main_window.refresh()
        self.view.clearSelection()
        self.select_ids([person_id])
        name = (
            self.model.row_dict(self.model.row_of(person_id)).get("name", "")
            if self.model.row_of(person_id) is not None
            else ""
        )
        self.main_window.show_status(f"已保存 {name}" if name else "已保存")

    # --- status ---------------------------------------------------------------------------
    def _names(self, ids: list[int]) -> list[str]:
        rows = self.selected_rows()
        return [
            str(self.model.row_dict(r).get("name", ""))
            for r in rows
            if self.model.person_id(r) in ids
        ]

    def mark_dead(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        day = status_dialog.ask_death_date(self, self._names(ids), self._today())
        if day is not None:
            self._set_status(ids, "已故", day)

    def mark_moved(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        names = status_dialog.names_text(self._names(ids))
        if status_dialog.confirm(
            self,
            "标记为迁出",
            f"将 {names} 标记为迁出？\n人员信息仍保留，但不再出现在默认的“在册”名单里。",
            "标记为迁出",
        ):
            self._set_status(ids, "迁出")

    def mark_active(self) -> None:
        ids = self.selected_ids()
        if ids:
            self._set_status(ids, "在册")

    def _set_status(self, ids: list[int], status: str, death_date=None) -> None:
        # Against the versions the list shows: what another PC changed since is left alone.
        versions = {
            self.model.person_id(r): int(self.model.row_dict(r).get("version") or 0)
            for r in self.selected_rows()
            if self.model.person_id(r) in ids
        }
        try:
            result = _roster_service().set_status_checked(versions, status, death_date)
        except Exception as exc:
            show_error(self, exc)
            return
        marked = self._names([pid for pid in ids if pid not in result.skipped_ids])
        self.main_window.refresh()
        names = status_dialog.names_text(marked)
        text = f"已将 {names} 标记为{status}" if result.changed else f"{names} 已是{status}"
        if result.skipped:
            left = "、".join(result.skipped)
            text = (f"{text}。" if marked else "") + (
                f"{left} 在你打开列表之后被别人改过，没有改动：请核对后再标记。"
            )
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.information(self, f"标记为{status}", text)
        self.main_window.show_status(text)

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        service = _roster_service()
        names = status_dialog.names_text(self._names(ids))
        going = service.deletion_consequences(ids)
        also = "\n\n将一并删除：\n" + "\n".join(f"· {item}" for item in going) if going else ""
        text = (
            f"永久删除 {names} 及其家属信息？{also}\n\n"
            "人员去世或调走时，请改用“标记已故”或“标记迁出”，信息会保留在花名册中。\n"
            "删除前会自动备份数据，删除的内容会记入操作日志。"
        )
        if not status_dialog.confirm(self, "永久删除", text, "永久删除", danger=True):
            return
        try:
            service.delete_persons(ids)
        except Exception as exc:
            show_error(self, exc)
            return
        self.main_window.refresh()
        self.main_window.show_status(f"已永久删除 {names}")

    # --- copying --------------------------------------------------------------------------
    def visible_columns(self) -> list[int]:
        header = self.view.horizontalHeader()
        logical = [header.logicalIndex(v) for v in range(header.count())]
        return [c for c in logical if not header.isSectionHidden(c)]

    def copy_selected(self) -> None:
        rows = self.selected_rows()
        if not rows:
            return
        QApplication.clipboard().setText(rows_as_tsv(self.model, rows, self.visible_columns()))
        self.main_window.show_status(f"已复制 {len(rows)} 行，可粘贴到 Excel")

    # --- menus ----------------------------------------------------------------------------
    def _row_menu(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        if index.isValid() and index.row() not in self.selected_rows():
            self.view.selectRow(index.row())
        menu = QMenu(self)
        menu.addAction(self.open_action)
        menu.addSeparator()
        for action in (self.dead_action, self.moved_action, self.active_action):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.copy_action)
        menu.addAction(self.labels_action)
        menu.addSeparator()
        menu.addAction(self.delete_action)
        menu.exec(self.view.viewport().mapToGlobal(pos))

    def column_menu(self) -> QMenu:
        header = self.view.horizontalHeader()
        menu = QMenu("显示的列", self)
        for logical in range(len(COLUMNS)):
            action = menu.addAction(COLUMNS[logical].label)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(logical))
            action.toggled.connect(lambda on, c=logical: self.set_column_visible(c, on))
        menu.addSeparator()
        menu.addAction("恢复默认列", self.reset_columns)
        return menu

    def _header_menu(self, pos: QPoint) -> None:
        self.column_menu().exec(self.view.horizontalHeader().mapToGlobal(pos))

    def set_column_visible(self, logical: int, visible: bool) -> None:
        header = self.view.horizontalHeader()
        if not visible and header.count() - header.hiddenSectionCount() <= 1:
            return  # keep at least one column
        header.setSectionHidden(logical, not visible)
        if visible and header.sectionSize(logical) < 30:
            header.resizeSection(logical, column_width(COLUMNS[logical].key))

    def reset_columns(self) -> None:
        """The default columns, order and widths."""
        header = self.view.horizontalHeader()
        order = [column_index(k) for k in DEFAULT_ORDER]
        order += [c for c in range(len(COLUMNS)) if c not in order]
        for visual, logical in enumerate(order):
            header.moveSection(header.visualIndex(logical), visual)
        for logical, column in enumerate(COLUMNS):
            header.setSectionHidden(logical, column.key not in DEFAULT_ORDER)
            header.resizeSection(logical, column_width(column.key))

    # --- remembered layout ----------------------------------------------------------------
    def save_state(self, settings: QSettings) -> None:
        settings.setValue(SETTINGS_COLUMNS, ",".join(COLUMN_KEYS))
        settings.setValue(SETTINGS_HEADER, self.view.horizontalHeader().saveState())
        settings.setValue(SETTINGS_SPLITTER, self.splitter.saveState())

    def restore_state(self, settings: QSettings) -> None:
        if settings.value(SETTINGS_COLUMNS, "") == ",".join(COLUMN_KEYS):
            state = settings.value(SETTINGS_HEADER)
            if state is not None:
                self._sort_restored = self.view.horizontalHeader().restoreState(state)
        splitter = settings.value(SETTINGS_SPLITTER)
        if splitter is not None:
            self.splitter.restoreState(splitter)
