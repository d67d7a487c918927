"""The roster table model: a list of person ids from SQL and rows fetched lazily in pages.

As in Anki's browser, the model holds only the ids that match the filter (already sorted by
SQLite); the rows behind them are fetched a page at a time when the view first asks for one and
kept in a small cache of plain dicts. Changing the filter or the sort re-runs the id query;
:meth:`RosterModel.reload` drops the cache after an edit.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from ...core import clock
from ...core.fields import PERSON_FIELDS
from ...core.phones import PHONE_HEADING, contact_phone
from ...core.roster_filter import RosterFilter
from ...services.roster import fetch_person_rows, query_person_ids
from ..common.formatting import display_text

PAGE_SIZE = 50
MAX_CACHED_ROWS = 5000
PERSON_ID_ROLE = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex
# Plain ints: data() is called several times per visible cell, so it must stay cheap.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_PERSON_ID = int(PERSON_ID_ROLE)
_ROLES = frozenset({_DISPLAY, _TOOLTIP, _ALIGN, _FOREGROUND, _PERSON_ID})
_CENTER = int(Qt.AlignmentFlag.AlignCenter)


@dataclass(frozen=True)
class Column:
    """A roster column: the person key it shows and its Chinese header."""

    key: str
    label: str


def _columns() -> tuple[Column, ...]:
    columns: list[Column] = []
    for spec in PERSON_FIELDS:
        # the key stays "phone" so saved column layouts keep it; it shows 手机 and 固定电话
        label = PHONE_HEADING if spec.key == "phone" else spec.label
        columns.append(Column(spec.key, label))
        if spec.key == "birth_date":
            columns += [Column("age", "年龄"), Column("age_bracket", "年龄段")]
        if spec.key == "self_care":
            columns.append(Column("service_tier", "服务分级"))
    return tuple(columns)


COLUMNS: tuple[Column, ...] = _columns()
COLUMN_KEYS: tuple[str, ...] = tuple(c.key for c in COLUMNS)
_CENTERED = frozenset({"gender", "age", "retirement_kind", "status", "service_tier", "self_care"})
_TIER_COLOURS = {"重点": QColor("#b3261e"), "关照": QColor("#9a6700")}
_INACTIVE = QColor("#8a8a8a")
_WARNING = QColor("#b3261e")
DATE_ISSUE_MARK = "日期有误"


def cell_value(data: dict[str, Any], key: str) -> Any:
    """The value shown in column ``key`` for the person ``data``: the 电话 column lists the
    mobile and the landline, so that someone with only a landline is not shown without one."""
    if key == "phone":
        return contact_phone(data.get("phone"), data.get("landline"))
    return data.get(key)


class RosterModel(QAbstractTableModel):
    """Person ids matching a RosterFilter, sorted in SQL; rows fetched lazily in pages."""

    def __init__(self, today: Callable[[], _dt.date] = clock.today, parent=None) -> None:
        super().__init__(parent)
        self._today = today
        self._filter = RosterFilter()
        self._order_by = "name"
        self._descending = False
        self._ids: list[int] = []
        self._cache: dict[int, dict[str, Any]] = {}

    # --- querying -------------------------------------------------------------------------
    @property
    def roster_filter(self) -> RosterFilter:
        return self._filter

    @property
    def order(self) -> tuple[str, bool]:
        return self._order_by, self._descending

    def set_filter(self, flt: RosterFilter) -> None:
        """Show the people matching ``flt`` (the ids are queried at once, rows when shown)."""
        self._filter = flt
        self.reload()

    def reload(self) -> None:
        """Re-run the id query and drop the row cache (after any change to the data)."""
        ids = query_person_ids(
            self._filter, today=self._today(), order_by=self._order_by, descending=self._descending
        )
        self.beginResetModel()
        self._ids = ids
        self._cache.clear()
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self._order_by = COLUMNS[column].key
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        old_ids = [self._ids[i.row()] if 0 <= i.row() < len(self._ids) else None for i in old]
        self._ids = query_person_ids(
            self._filter, today=self._today(), order_by=self._order_by, descending=self._descending
        )
        position = {pid: row for row, pid in enumerate(self._ids)}
        new = [
            self.index(position[pid], i.column()) if pid in position else QModelIndex()
            for i, pid in zip(old, old_ids, strict=True)
        ]
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    # --- rows -----------------------------------------------------------------------------
    def person_id(self, row: int) -> int:
        return self._ids[row]

    def person_ids(self) -> list[int]:
        return list(self._ids)

    def row_of(self, person_id: int) -> int | None:
        try:
            return self._ids.index(person_id)
        except ValueError:
            return None

    def row_dict(self, row: int) -> dict[str, Any]:
        """The plain dict of the person at ``row`` (fetching its page when needed)."""
        pid = self._ids[row]
        cached = self._cache.get(pid)
        if cached is None:
            self._fetch_page(row)
            cached = self._cache.get(pid, {"id": pid})
        return cached

    def _fetch_page(self, row: int) -> None:
        if len(self._cache) > MAX_CACHED_ROWS:
            self._cache.clear()
        start = row - row % PAGE_SIZE
        wanted = [pid for pid in self._ids[start : start + PAGE_SIZE] if pid not in self._cache]
        self._cache.update(fetch_person_rows(wanted, self._today()))

    def cached_count(self) -> int:
        return len(self._cache)

    # --- QAbstractTableModel --------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: _Index, role: int = _DISPLAY) -> Any:
        role = int(role)
        if role not in _ROLES:
            return None
        row = index.row()
        if not 0 <= row < len(self._ids):
            return None
        if role == _PERSON_ID:
            return self._ids[row]
        key = COLUMN_KEYS[index.column()]
        if key == "age" and role != _ALIGN and self.row_dict(row).get("date_issue"):
            return self._date_issue(row, role)
        if role == _DISPLAY:
            return display_text(cell_value(self.row_dict(row), key))
        if role == _ALIGN:
            return _CENTER if key in _CENTERED else None
        if role == _TOOLTIP:
            text = display_text(cell_value(self.row_dict(row), key))
            return text if len(text) > 12 else None
        data = self.row_dict(row)
        status = data.get("status")
        if status and status != "在册":
            return _INACTIVE
        if key == "service_tier":
            return _TIER_COLOURS.get(data.get("service_tier", ""))
        return None

    def _date_issue(self, row: int, role: int) -> Any:
        """The age cell of a person whose stored dates cannot be true: a mark, the reasons as
        its tooltip (the age itself cannot be computed)."""
        if role == _DISPLAY:
            return DATE_ISSUE_MARK
        if role == _TOOLTIP:
            return self.row_dict(row)["date_issue"] + "。请打开此人修改。"
        return _WARNING

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section].label if 0 <= section < len(COLUMNS) else None
        return str(section + 1) if 0 <= section < len(self._ids) else None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def column_index(key: str) -> int:
    return COLUMN_KEYS.index(key)


def rows_as_tsv(model: RosterModel, rows: Sequence[int], columns: Sequence[int]) -> str:
    """Tab-separated text (header line first) of the given rows and columns, for Excel."""
    from ..common.formatting import tsv_cell

    lines = ["\t".join(COLUMNS[c].label for c in columns)]
    for row in rows:
        data = model.row_dict(row)
        lines.append(
            "\t".join(tsv_cell(display_text(cell_value(data, COLUMNS[c].key))) for c in columns)
        )
    return "\r\n".join(lines) + "\r\n"
