"""What the clerk does from the 走访日历 tab: open, plan, mark done, reschedule, cancel and undo
a visit, generate a campaign, edit the rules and export the ledger.

A mixin of :class:`.calendar_tab.VisitsCalendarTab`: its methods use the tab's widgets and data.
"""

from __future__ import annotations

import datetime as _dt
import logging
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QFileDialog,
    QMessageBox,
    QTreeWidgetItem,
)

from ...core.visit_rules import PLANNED, DueItem
from ...services import visits
from ...services.errors import ConflictError
from ...services.visits import VisitError
from .month_view import month_shift
from .visit_dialog import PeriodDialog, RescheduleDialog, VisitDialog, busy

log = logging.getLogger(__name__)


def _next(visit: dict[str, Any]) -> int | None:
    """The version a quick action leaves (what its 撤销 checks against)."""
    return visit["version"] + 1 if visit.get("version") is not None else None


class CalendarActions:
    """The calendar tab's actions (mixed into VisitsCalendarTab)."""

    def _refused(self, title: str, exc: VisitError | ConflictError) -> None:
        """Say why a quick action was not made; after someone else's change, show it."""
        QMessageBox.warning(self, title, exc.message)
        if isinstance(exc, ConflictError):
            self._changed()

    def _changed(self, message: str = "") -> None:
        if message:
            self.status_label.setText(message)
        # In the window, visitsChanged refreshes every tab (this one too) and notes the change as
        # the clerk's own, so the 5-second check does not report it as another PC's.
        self.visitsChanged.emit()
        if not self.window_refreshes:
            self.refresh()
        self._load_details()

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
            visits.mark_done(v["id"], done_on, expected_version=v.get("version"))
        except (VisitError, ConflictError) as exc:
            self._refused("不能标记完成", exc)
            return
        self._undo = (v["id"], PLANNED, _next(v))
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
            visits.reschedule(v["id"], new_day, expected_version=v.get("version"))
        except (VisitError, ConflictError) as exc:
            self._refused("不能改期", exc)
            return
        self._changed(f"已将 {v['persons']} 的走访改到 {new_day.isoformat()}。")

    def cancel_current(self) -> None:
        v = self._current_visit()
        if v is None:
            return
        try:
            visits.cancel_visit(v["id"], expected_version=v.get("version"))
        except (VisitError, ConflictError) as exc:
            self._refused("不能取消", exc)
            return
        self._undo = (v["id"], v["status"], _next(v))
        self.undo_button.setEnabled(True)
        self._changed(f"已取消 {v['persons']} 的走访。可按“撤销”恢复。")

    def undo(self) -> None:
        if self._undo is None:
            return
        visit_id, status, version = self._undo
        self._undo = None
        self.undo_button.setEnabled(False)
        try:
            visits.restore_visit(visit_id, status, expected_version=version)
        except (VisitError, ConflictError) as exc:
            self._refused("无法撤销", exc)
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
        """工具 → 节假日安排, on the first shown year still without one, else the month's year."""
        from .holiday_dialog import HolidayDialog

        missing = getattr(self, "_missing_years", [])
        dialog = HolidayDialog(self, year=year or (missing[0] if missing else self._month.year))
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
        end = end or month_shift(self._month, 1) - _dt.timedelta(days=1)
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
