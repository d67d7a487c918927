"""The 单位 page: every unit in the zone's order with its 分管领导, 联络员, phone, people, latest
import and this year's 核对表; a filter box and 未收回核对表; edit, rename, merge, move in the
order, delete an empty unit (with 撤销), and mark this year's check lists sent or returned."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...services import units
from . import common
from .unit_dialog import MergeUnitsDialog, RenameUnitDialog, UnitDialog, people_text

NEW_SHORTCUT = "Ctrl+Shift+N"
EDIT_SHORTCUT = "F2"
RENAME_SHORTCUT = "Ctrl+Shift+R"
MERGE_SHORTCUT = "Ctrl+Shift+M"
DELETE_SHORTCUT = "Ctrl+Shift+D"
SENT_SHORTCUT = "Ctrl+Shift+S"
RETURNED_SHORTCUT = "Ctrl+Shift+H"

COLUMNS = (
    ("order", "顺序"),
    ("name", "单位"),
    ("leader", "分管领导"),
    ("contact", "联络员"),
    ("phone", "电话"),
    ("persons", "人数"),
    ("hardship", "特困"),
    ("last_import_text", "最近导入"),
    ("check_text", "核对表（寄出/收回）"),
)


def _outstanding(unit: dict[str, Any]) -> bool:
    """The unit owes this year's 核对表 (as ``services.units.not_returned`` counts)."""
    return unit["check_returned_on"] is None and bool(
        unit["persons"] or unit["check_sent_on"] is not None
    )


class UnitsPage(QWidget):
    """单位: the units with their people, last import and 核对表."""

    def __init__(
        self,
        today: Callable[[], _dt.date],
        changed: Callable[[], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("units_page")
        self.today = today
        self.changed = changed  # the whole window reloads after a rename or merge
        self.rows: list[dict[str, Any]] = []
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.search = common.find_box("查找单位、分管领导、联络员、电话", min_width=300)
        self.search.textChanged.connect(lambda t: self.view.model().setFilterFixedString(t))
        top.addWidget(self.search)
        self.outstanding = QCheckBox("只看未收回核对表的单位")
        self.outstanding.toggled.connect(lambda _c: self._fill())
        top.addWidget(self.outstanding)
        top.addStretch(1)
        self.summary = QLabel()
        self.summary.setObjectName("units_summary")
        top.addWidget(self.summary)
        layout.addLayout(top)
        actions = QHBoxLayout()
        self.new_button = self._button("新增单位…", NEW_SHORTCUT, self.new_unit, actions)
        self.edit_button = self._button("修改…", EDIT_SHORTCUT, self.edit_selected, actions)
        self.rename_button = self._button("重命名…", RENAME_SHORTCUT, self.rename_selected, actions)
        self.merge_button = self._button("合并到…", MERGE_SHORTCUT, self.merge_selected, actions)
        self.delete_button = self._button(
            "删除单位…", DELETE_SHORTCUT, self.delete_selected, actions
        )
        self.undo_button = self._button("撤销删除", "", self.undo_delete, actions)
        self.undo_button.setVisible(False)
        self._deleted: dict[str, Any] | None = None  # the last deleted unit, for 撤销删除
        self.up_button = self._button("上移", "", lambda: self.move_selected(-1), actions)
        self.down_button = self._button("下移", "", lambda: self.move_selected(1), actions)
        self.up_button.setToolTip("在本区的单位顺序中上移（报表、通讯录、核对表都按这个顺序）")
        self.down_button.setToolTip("在本区的单位顺序中下移")
        actions.addStretch(1)
        self.sent_button = self._button("核对表已寄出", SENT_SHORTCUT, self.mark_sent, actions)
        self.returned_button = self._button(
            "核对表已收回", RETURNED_SHORTCUT, self.mark_returned, actions
        )
        layout.addLayout(actions)
        self.model = common.RowsModel(COLUMNS, self, color=self._color)
        self.view = common.make_table(self.model, self, "units_table")
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._show_current())
        common.on_enter(self.view, self.edit_selected)
        layout.addWidget(self.view, 1)
        self.details = QLabel()
        self.details.setObjectName("unit_details")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.details)

    def _button(
        self, text: str, key: str, slot: Callable[[], Any], row: QHBoxLayout
    ) -> QPushButton:
        button = common.button(text, slot, f"{text.rstrip('…')}（{key}）" if key else "")
        if key:
            common.shortcut(self, key, slot)
        row.addWidget(button)
        return button

    def _color(self, row: dict[str, Any], key: str) -> str | None:
        if key == "check_text" and _outstanding(row):
            return "#c62828"
        return None

    # --- loading -------------------------------------------------------------------------

    def year(self) -> int:
        return self.today().year

    def refresh(self) -> None:
        rows = units.list_units(self.today())
        for row in rows:
            last = row["last_import"]
            row["last_import_text"] = f"{last['imported_at']:%Y-%m-%d}" if last else "—"
            row["check_text"] = units.check_list_text(row)
        self.rows = rows
        self._fill()

    def _fill(self) -> None:
        selected = common.selected_ids(self.view)
        shown = (
            [r for r in self.rows if _outstanding(r)] if self.outstanding.isChecked() else self.rows
        )
        self.model.set_rows(shown)
        self.view.resizeColumnsToContents()
        owing = sum(1 for r in self.rows if _outstanding(r))
        self.summary.setText(
            f"共 {len(self.rows)} 个单位，{sum(r['persons'] for r in self.rows)} 人在册；"
            f"{self.year()}年核对表未收回 {owing} 个"
        )
        self.select_ids(selected)
        self._show_current()

    def select_ids(self, ids: list[int]) -> None:
        proxy = self.view.model()
        flags = self.view.selectionModel().SelectionFlag
        self.view.clearSelection()
        for r in range(proxy.rowCount()):
            index = proxy.index(r, 0)
            if index.data(common.ID_ROLE) in ids:
                self.view.selectionModel().select(index, flags.Select | flags.Rows)
                self.view.selectionModel().setCurrentIndex(index, flags.NoUpdate)

    def _selected(self) -> list[dict[str, Any]]:
        ids = common.selected_ids(self.view)
        by_id = {r["id"]: r for r in self.rows}
        return [by_id[i] for i in ids if i in by_id]

    def _show_current(self) -> None:
        chosen = self._selected()
        one = len(chosen) == 1
        for b in (self.edit_button, self.rename_button, self.merge_button, self.delete_button):
            b.setEnabled(one)
        self.up_button.setEnabled(one and not self.outstanding.isChecked())
        self.down_button.setEnabled(one and not self.outstanding.isChecked())
        for b in (self.sent_button, self.returned_button):
            b.setEnabled(bool(chosen))
        if not one:
            self.details.setText(
                f"已选 {len(chosen)} 个单位。" if chosen else "选中一个单位，查看其人员构成。"
            )
            return
        unit = chosen[0]
        last = unit["last_import"]
        imported = (
            f"{last['file_name']}（{last['imported_at']:%Y-%m-%d %H:%M}）" if last else "未导入过"
        )
        earlier = ""
        if unit["check_sent_on"] is None and unit["last_sent_on"] is not None:
            earlier = f"（上次寄出 {unit['last_sent_on']}，收回 {unit['last_returned_on'] or '—'}）"
        self.details.setText(
            f"<b>{unit['name']}</b>　{people_text(unit)}<br>"
            f"最近导入：{imported}；{self.year()}年核对表：{unit['check_text']}{earlier}"
        )

    # --- actions -------------------------------------------------------------------------

    def _after_change(self, ids: list[int], whole_window: bool = False) -> None:
        if whole_window and self.changed is not None:
            self.changed()  # reloads this page too
        else:
            self.refresh()
        self.select_ids(ids)
        self._show_current()

    def new_unit(self) -> int | None:
        dialog = UnitDialog(None, self.today(), self)
        while common.run_dialog(dialog):
            v = dialog.values()
            ok, new_id = common.guarded(
                self,
                "无法新增单位",
                units.add_unit,
                v["name"],
                v["leader"],
                v["contact"],
                v["phone"],
                v["notes"],
            )
            if ok and new_id is not None:
                self._save_check_list(new_id, dialog)  # a wrong date is told; the unit stays
                self._after_change([new_id], whole_window=True)
                return new_id
        return None

    def _save_check_list(self, unit_id: int, dialog: UnitDialog) -> bool:
        v = dialog.values()
        ok, _ = common.guarded(
            self,
            "无法保存核对表日期",
            units.set_check_list,
            unit_id,
            dialog.year,
            sent_on=v["sent_on"],
            returned_on=v["returned_on"],
            note=v["check_note"],
            today=self.today(),
        )
        return ok

    def edit_selected(self) -> bool:
        chosen = self._selected()
        if len(chosen) != 1:
            return False
        unit = chosen[0]
        dialog = UnitDialog(unit, self.today(), self)
        while common.run_dialog(dialog):
            v = dialog.values()
            ok, _ = common.guarded(
                self,
                "无法保存",
                units.update_unit,
                unit["id"],
                leader=v["leader"],
                contact=v["contact"],
                phone=v["phone"],
                notes=v["notes"],
            )
            if ok and self._save_check_list(unit["id"], dialog):
                self._after_change([unit["id"]])
                return True
        return False

    def rename_selected(self) -> str | None:
        chosen = self._selected()
        if len(chosen) != 1:
            return None
        unit = chosen[0]
        dialog = RenameUnitDialog(unit["name"], self)
        while common.run_dialog(dialog):
            ok, new = common.guarded(
                self, "无法改名", units.rename_unit, unit["id"], dialog.new_name.text()
            )
            if ok and new is not None:
                self._after_change([unit["id"]], whole_window=True)
                return new
        return None

    def merge_selected(self) -> dict[str, int] | None:
        chosen = self._selected()
        if len(chosen) != 1:
            return None
        source = chosen[0]
        targets = [r["name"] for r in self.rows if r["id"] != source["id"]]
        if not targets:
            common.tell(self, "合并单位", "只有这一个单位，没有可以并入的单位。")
            return None
        ok, counts = common.guarded(self, "无法合并", units.merge_counts, source["id"])
        if not ok or counts is None:
            return None
        dialog = MergeUnitsDialog(source, targets, counts, self)
        if not common.run_dialog(dialog):
            return None
        target_name = dialog.target.currentText()
        target = next(r for r in self.rows if r["name"] == target_name)
        if not common.ask_yes_no(
            self,
            "合并单位",
            f"确定把“{source['name']}”并入“{target_name}”吗？\n\n"
            f"将移过 {units.merge_summary(counts)}；“{source['name']}”随后删除。"
            "合并前会自动备份，需要时可从备份恢复。",
        ):
            return None
        ok, moved = common.guarded(self, "无法合并", units.merge_units, source["id"], target["id"])
        if not ok or moved is None:
            return None
        self._after_change([target["id"]], whole_window=True)
        common.tell(
            self,
            "合并完成",
            f"已把“{source['name']}”并入“{target_name}”：移过 {units.merge_summary(moved)}。",
        )
        return moved

    def delete_selected(self) -> bool:
        """删除单位: only a unit no one belongs to and nothing names; one with people is
        refused with the offer to merge it instead."""
        chosen = self._selected()
        if len(chosen) != 1:
            return False
        unit = chosen[0]
        ok, refusal = common.guarded(self, "无法删除单位", units.delete_refusal, unit["id"])
        if not ok:
            return False
        if refusal:
            if unit["persons"] or "人（" in refusal:
                if common.ask_yes_no(self, "不能删除单位", f"{refusal}\n\n现在打开“合并”吗？"):
                    self.merge_selected()
            else:
                common.tell(self, "不能删除单位", refusal)
            return False
        if not common.ask_yes_no(
            self,
            "删除单位",
            f"确定删除单位“{unit['name']}”吗？\n\n它没有人员，也没有党支部和导入记录用到它；"
            "它的核对表登记随之删除。删除前会自动备份，删除后可点“撤销删除”恢复。",
        ):
            return False
        ok, before = common.guarded(self, "无法删除单位", units.delete_unit, unit["id"])
        if not ok or before is None:
            return False
        self._deleted = before
        self.undo_button.setToolTip(f"恢复刚删除的单位“{before['name']}”")
        self.undo_button.setVisible(True)
        self._after_change([], whole_window=True)
        return True

    def undo_delete(self) -> int | None:
        if self._deleted is None:
            return None
        ok, unit_id = common.guarded(self, "无法撤销删除", units.restore_unit, self._deleted)
        self._deleted = None
        self.undo_button.setVisible(False)
        if not ok or unit_id is None:
            return None
        self._after_change([unit_id], whole_window=True)
        return unit_id

    def move_selected(self, step: int) -> bool:
        chosen = self._selected()
        if len(chosen) != 1 or self.outstanding.isChecked():
            return False
        ok, _ = common.guarded(self, "无法调整顺序", units.move_unit, chosen[0]["id"], step)
        if ok:
            self._after_change([chosen[0]["id"]])
        return ok

    def _mark(self, sent: bool) -> int:
        chosen = self._selected()
        if not chosen:
            return 0
        ids = [u["id"] for u in chosen]
        day = self.today()
        ok, marked = common.guarded(
            self, "无法登记", units.mark_check_lists, ids, day.year, sent=sent, day=day
        )
        if not ok:
            return 0
        self._after_change(ids)
        if marked != len(ids):
            word = "寄出" if sent else "收回"
            common.tell(
                self,
                "核对表",
                f"{marked} 个单位登记为今天{word}；另 {len(ids) - marked} 个此前已登记{word}，"
                "日期不变（要改日期请用“修改…”）。",
            )
        return marked or 0

    def mark_sent(self) -> int:
        return self._mark(sent=True)

    def mark_returned(self) -> int:
        return self._mark(sent=False)
