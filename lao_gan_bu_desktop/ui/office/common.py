"""Small Qt helpers shared by the 日常工作 and 党组织 pages: a sortable table of plain dicts,
the pieces every list page is built of (a button, a find box, 保存/取消 under a dialog, column
widths kept within bounds), running a service call with Chinese errors or on a worker thread,
asking where to save. Modal steps go through one function each (``ask_save_path``,
``ask_yes_no``, ``run_dialog``) so the tests replace only those."""

from __future__ import annotations

import datetime as _dt
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...core.errors import RuleError
from ...core.pinyin import sort_key
from ..common.errors import show_error
from ..common.sort_arrow import arrows_follow_order

log = logging.getLogger(__name__)
T = TypeVar("T")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "✓" if value else ""
    if isinstance(value, _dt.date):
        return value.isoformat()
    return str(value)


class RowsModel(QAbstractTableModel):
    """Rows (dicts with an ``id``) shown in ``columns`` ((key, title), …); ``color(row, key)``
    may give a text colour."""

    def __init__(
        self,
        columns: Sequence[tuple[str, str]],
        parent: QWidget | None = None,
        color: Callable[[dict[str, Any], str], str | None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[dict[str, Any]] = []
        self._color = color

    def set_rows(self, rows: list[dict[str, Any]], columns=None) -> None:
        self.beginResetModel()
        if columns is not None:
            self.columns = list(columns)
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent=None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def columnCount(self, parent=None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section][1]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        key = self.columns[index.column()][0]
        value = row.get(key)
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(value)
        if role == SORT_ROLE:
            if isinstance(value, bool):
                return int(value)
            if isinstance(value, int | float):
                return value
            if isinstance(value, str) and value and not value[0].isascii():
                return sort_key(value)  # Chinese text in pinyin order, as in the roster
            return cell_text(value)
        if role == ID_ROLE:
            return row.get("id")
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, int | bool):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ForegroundRole and self._color is not None:
            color = self._color(row, key)
            return QColor(color) if color else None
        return None


def make_table(model: RowsModel, parent: QWidget, name: str) -> QTableView:
    """A read-only, sortable, row-selecting view of ``model`` (sorted through a proxy)."""
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.setFilterKeyColumn(-1)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    view = QTableView(parent)
    arrows_follow_order(view.horizontalHeader())
    view.setObjectName(name)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(26)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    return view


def cap_columns(view: QTableView, caps: dict[int, int]) -> None:
    """Columns as wide as their contents, those in ``caps`` ({column: pixels}) no wider."""
    view.resizeColumnsToContents()
    for column, cap in caps.items():
        view.setColumnWidth(column, min(view.columnWidth(column), cap))


def button(text: str, slot: Callable[[], Any], tip: str = "") -> QPushButton:
    """A push button calling ``slot()`` (without Qt's ``checked`` argument)."""
    widget = QPushButton(text)
    if tip:
        widget.setToolTip(tip)
    widget.clicked.connect(lambda: slot())
    return widget


class _FindBox(QLineEdit):
    """A line edit that asks for room for its whole hint ("查找姓名、党组…" was cut), up to its
    largest width; a crowded row (large 字号, a small screen) may still make it narrower."""

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        metrics = self.fontMetrics()
        needed = metrics.horizontalAdvance(self.placeholderText()) + 2 * metrics.height() + 4
        return QSize(max(hint.width(), min(needed, self.maximumWidth())), hint.height())


def find_box(
    placeholder: str, *, max_width: int | None = None, min_width: int | None = None
) -> QLineEdit:
    """A find box with a clear button (the page connects it to its table's filter)."""
    box = _FindBox()
    box.setPlaceholderText(placeholder)
    box.setClearButtonEnabled(True)
    if min_width is not None:
        box.setMinimumWidth(min_width)
    if max_width is not None:
        box.setMaximumWidth(max_width)
    return box


def ok_cancel(dialog: QDialog, ok_text: str = "确定") -> QDialogButtonBox:
    """``ok_text`` / 取消 under a dialog, accepting and rejecting it."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def selected_ids(view: QTableView) -> list[int]:
    """The ids of the selected rows, in the order shown."""
    rows = sorted({i.row() for i in view.selectionModel().selectedRows()})
    return [view.model().index(r, 0).data(ID_ROLE) for r in rows]


def current_id(view: QTableView) -> int | None:
    index = view.currentIndex()
    if not index.isValid():
        ids = selected_ids(view)
        return ids[0] if ids else None
    return view.model().index(index.row(), 0).data(ID_ROLE)


def shortcut(parent: QWidget, key: str, slot: Callable[[], Any]) -> QShortcut:
    """A shortcut active while ``parent`` is shown (a hidden page's keys stay quiet)."""
    sc = QShortcut(QKeySequence(key), parent)
    sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    sc.activated.connect(slot)
    return sc


def page_tabs(owner: QWidget, pages: Sequence[tuple[str, QWidget]]) -> QTabWidget:
    """``owner``'s pages as tabs filling it, Alt+1… switching them (Ctrl+1… are the window's
    tabs), each tab's tooltip naming its key; used by 日常工作 and 党组织."""
    tabs = QTabWidget(owner)
    tabs.setDocumentMode(True)
    for n, (title, page) in enumerate(pages, 1):
        tabs.addTab(page, title)
        tabs.setTabToolTip(n - 1, f"{title}（Alt+{n}）")
        shortcut(owner, f"Alt+{n}", lambda n=n: tabs.setCurrentIndex(n - 1))
    layout = QVBoxLayout(owner)
    layout.setContentsMargins(4, 4, 4, 4)
    layout.addWidget(tabs)
    return tabs


class PagedTab(QWidget):
    """A window tab made of pages (日常工作, 党组织): :meth:`set_pages` lays them out with
    :func:`page_tabs`; :meth:`refresh` reloads each page in order."""

    titles: tuple[str, ...] = ()
    pages: QTabWidget

    def set_pages(self, titles: Sequence[str], pages: Sequence[QWidget]) -> None:
        self.titles = tuple(titles)
        self._page_widgets = list(pages)
        self.pages = page_tabs(self, list(zip(self.titles, self._page_widgets, strict=True)))

    def show_page(self, title: str) -> QWidget:
        self.pages.setCurrentIndex(self.titles.index(title))
        return self.pages.currentWidget()

    def refresh(self) -> None:
        """Reload every page (data may have changed anywhere)."""
        for page in self._page_widgets:
            page.refresh()


def on_enter(view: QTableView, slot: Callable[[], Any]) -> None:
    """Enter, Return and a double click on the table call ``slot``."""
    for key in ("Return", "Enter"):
        sc = QShortcut(QKeySequence(key), view)
        sc.setContext(Qt.ShortcutContext.WidgetShortcut)
        sc.activated.connect(slot)
    view.doubleClicked.connect(lambda _i: slot())


def guarded(
    parent: QWidget, title: str, action: Callable[..., T], /, *args, **kwargs
) -> tuple[bool, T | None]:
    """Run a service call; a Chinese message for what a person can fix, the log for the rest."""
    try:
        return True, action(*args, **kwargs)
    except Exception as exc:  # show_error tells apart what a person can fix
        show_error(parent, exc, title)
        return False, None


def run_in_background(parent: QWidget, text: str, job: Callable[[], T]) -> tuple[bool, T | None]:
    """Run ``job`` (a service call writing a file) on a worker thread while the window keeps
    painting behind a busy dialog; the thread is joined before this returns. A failure is told
    in Chinese (the details go to the log)."""
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QProgressDialog

    from ...services.exporting import ExportError
    from ..exporting.worker import ExportWorker

    def work(_progress: Callable[[int, int], bool]) -> T:
        try:
            return job()
        except RuleError as exc:  # told as it is, not as an unexpected error
            raise ExportError(exc.message) from exc

    worker = ExportWorker(work)
    loop = QEventLoop()
    outcome: dict[str, Any] = {}

    def done(**values: Any) -> None:
        outcome.update(values)
        loop.quit()

    worker.finished.connect(lambda result: done(ok=True, result=result))
    worker.failed.connect(lambda message: done(ok=False, message=message))
    busy = QProgressDialog(text, "", 0, 0, parent)
    busy.setCancelButton(None)
    busy.setWindowTitle("请稍候")
    busy.setWindowModality(Qt.WindowModality.WindowModal)
    busy.setMinimumDuration(400)
    worker.start()
    try:
        if not outcome:
            loop.exec()
    finally:
        worker.thread.wait()
        busy.close()
        busy.deleteLater()
    if not outcome.get("ok"):
        QMessageBox.warning(parent, "无法完成", outcome.get("message", ""))
        return False, None
    return True, outcome.get("result")


def export_workbook(
    parent: QWidget,
    what: str,
    suggested: str,
    check: Callable[[Path], Any] | None,
    write: Callable[[Path], Any],
) -> Path | None:
    """导出 ``what`` as a workbook: ask where (``suggested`` file name in the home folder, .xlsx
    added when left off), ``check`` it before any writing (a Chinese refusal), write it on a
    worker thread behind a busy dialog, and say where it went. None when cancelled or refused."""
    target = ask_save_path(parent, f"导出{what}", Path.home() / suggested, "Excel 工作簿 (*.xlsx)")
    if target is None:
        return None
    if target.suffix.lower() != ".xlsx":
        target = target.with_suffix(".xlsx")
    if check is not None:
        ok, _ = guarded(parent, "无法导出", check, target)
        if not ok:
            return None
    ok, _ = run_in_background(parent, f"正在导出{what}…", lambda: write(target))
    if not ok:
        return None
    tell(parent, "导出完成", f"已导出{what}：\n{target}")
    return target


def pick_suggestions(
    parent: QWidget, title: str, accept_text: str, compute: Callable[[], list[dict[str, Any]]]
) -> list[int]:
    """Work out suggested people with ``compute`` on a worker thread (正在计算… meanwhile: with
    a large roster it takes a second or two), then let the clerk tick them; the ids ticked, or
    [] when cancelled or failed."""
    from .person_picker import SuggestionsDialog

    ok, rows = run_in_background(parent, "正在计算推荐人选…", compute)
    if not ok or rows is None:
        return []
    dialog = SuggestionsDialog(title, rows, accept_text, parent)
    if not run_dialog(dialog):
        return []
    return dialog.chosen()


def run_dialog(dialog: QDialog) -> bool:
    """Show ``dialog`` modally; True when the clerk pressed 确定."""
    return dialog.exec() == QDialog.DialogCode.Accepted


def ask_save_path(parent: QWidget, title: str, suggested: Path, filters: str) -> Path | None:
    """Ask where to save; None when cancelled."""
    name, _ = QFileDialog.getSaveFileName(parent, title, str(suggested), filters)
    return Path(name) if name else None


def ask_open_path(parent: QWidget, title: str) -> Path | None:
    """Ask for one file; None when cancelled."""
    name, _ = QFileDialog.getOpenFileName(parent, title, "", "所有文件 (*)")
    return Path(name) if name else None


def ask_yes_no(parent: QWidget, title: str, text: str) -> bool:
    """A 是/否 question whose default answer is 否."""
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def tell(parent: QWidget, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)
