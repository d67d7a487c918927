"""生成慰问计划: pick a festival and year, see who the rule selects, plan the visits in one step
and export the 慰问名单 (with the 签收 column) for the visit team."""

from __future__ import annotations

import datetime as _dt
import logging
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.filenames import dated_filename
from ...core.lunar_calendar import festival_on
from ...core.visit_rules import CAMPAIGN_FESTIVALS
from ...services import campaigns, visits
from ...services.visits import VisitError
from ...services.visits_exports import export_campaign_list
from ..common.sort_arrow import arrows_follow_order
from .visit_dialog import Today, busy, date_edit, from_qdate, resolve_today, to_qdate

log = logging.getLogger(__name__)


def next_festival(today: _dt.date) -> tuple[str, int]:
    """The next campaign festival on or after ``today``."""
    best: tuple[_dt.date, str, int] | None = None
    for year in (today.year, today.year + 1):
        for name in CAMPAIGN_FESTIVALS:
            day = festival_on(name, year)
            if day >= today and (best is None or day < best[0]):
                best = (day, name, year)
    assert best is not None
    return best[1], best[2]


class CampaignDialog(QDialog):
    """After it closes, ``created`` is the number of visits planned."""

    def __init__(self, parent: QWidget | None = None, *, today: Today = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("生成慰问计划")
        self.resize(760, 560)
        self._today = resolve_today(today)
        self.created = 0
        festival, year = next_festival(self._today)
        self.festival = QComboBox()
        self.festival.addItems(CAMPAIGN_FESTIVALS)
        self.festival.setCurrentText(festival)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(year)
        self.year.setSuffix(" 年")
        start, end = campaigns.visit_period(festival, year)
        self.planned_on = date_edit(start)
        self.planned_until = date_edit(end)
        self.planned_on.setToolTip("慰问一般在节前走访；计划会平均排在这段日期的工作日里")
        self.planned_until.setToolTip(self.planned_on.toolTip())
        self.visitors = QLineEdit()
        self.visitors.setPlaceholderText("如：党群工作部慰问组")
        self.gift = QLineEdit()
        self.gift.setPlaceholderText("如：米、面、油一份")
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("每人慰问金，单位：元")
        self.rule_label = QLabel()
        self.rule_label.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["姓名", "原工作单位", "慰问事由", "电话"])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        arrows_follow_order(self.table.horizontalHeader())
        self.table.horizontalHeader().setStretchLastSection(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.plan_button = QPushButton("生成慰问计划")
        self.export_button = QPushButton("导出慰问名单…")
        self.undo_button = QPushButton("撤销生成")
        self.undo_button.setToolTip("删除本次节日慰问中仍为“计划”的走访（已完成的保留）")
        self.undo_button.setEnabled(False)
        self.undo_button.clicked.connect(self.undo)
        close = QPushButton("关闭")
        self.plan_button.clicked.connect(self.plan)
        self.export_button.clicked.connect(lambda: self.export())
        close.clicked.connect(self.accept)
        self.festival.currentTextChanged.connect(self._reload)
        self.year.valueChanged.connect(self._reload)

        form = QFormLayout()
        row = QHBoxLayout()
        row.addWidget(self.festival)
        row.addWidget(self.year)
        row.addStretch(1)
        form.addRow("节日：", row)
        form.addRow("慰问对象：", self.rule_label)
        period = QHBoxLayout()
        period.addWidget(self.planned_on)
        period.addWidget(QLabel("至"))
        period.addWidget(self.planned_until)
        period.addWidget(QLabel("（排在其间的工作日）"))
        period.addStretch(1)
        form.addRow("计划走访日期：", period)
        form.addRow("走访人员：", self.visitors)
        form.addRow("慰问品：", self.gift)
        form.addRow("慰问金：", self.amount)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.plan_button)
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.export_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._reload()

    def _reload(self) -> None:
        name, year = self.festival.currentText(), self.year.value()
        day = festival_on(name, year)
        start, end = campaigns.visit_period(name, year)
        self.planned_on.setDate(to_qdate(start))
        self.planned_until.setDate(to_qdate(end))
        rule = visits.load_rule_settings().campaign(name)
        self.rule_label.setText(
            f"{rule.describe() if rule else '（无规则）'}　节日：{day.isoformat()}"
            + ("" if rule is None or rule.enabled else "（此规则已停用，仍可手动生成）")
        )
        try:
            rows = campaigns.campaign_list(name, year)
        except VisitError as exc:
            self.message.setText(exc.message)
            rows = []
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, key in enumerate(("name", "unit", "reason", "phone")):
                self.table.setItem(r, c, QTableWidgetItem(str(row[key])))
        self.table.setSortingEnabled(True)
        self.table.resizeColumnsToContents()
        self.message.setText(f"共 {len(rows)} 人符合{name}慰问条件。")

    def plan(self) -> int:
        name, year = self.festival.currentText(), self.year.value()
        try:
            with busy():
                created = campaigns.generate_campaign(
                    name,
                    year,
                    planned_on=from_qdate(self.planned_on.date()),
                    planned_until=from_qdate(self.planned_until.date()),
                    visitors=self.visitors.text(),
                    gift=self.gift.text(),
                    amount=self.amount.text(),
                )
        except VisitError as exc:
            QMessageBox.warning(self, "不能生成慰问计划", exc.message)
            return 0
        self.created += created
        self.undo_button.setEnabled(self.created > 0)
        if created:
            self.message.setText(f"已生成 {created} 条计划走访（已有计划的人员不重复生成）。")
        else:
            self.message.setText("名单中的人员都已有本次慰问的计划，没有新增。")
        return created

    def undo(self) -> int:
        """Remove the planned visits of this campaign (after a mistaken 生成)."""
        name, year = self.festival.currentText(), self.year.value()
        removed = campaigns.remove_campaign_plans(name, year)
        self.created = max(0, self.created - removed)
        self.undo_button.setEnabled(False)
        self.message.setText(f"已撤销：删除 {removed} 条{year}年{name}的计划走访。")
        return removed

    def export(self, path: str | None = None) -> Path | None:
        name, year = self.festival.currentText(), self.year.value()
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self,
                "导出慰问名单",
                dated_filename(f"{year}年{name}慰问名单", self._today),
                "Excel 工作簿 (*.xlsx)",
            )
            if not path:
                return None
        try:
            with busy():
                target, count = export_campaign_list(
                    name, year, Path(path), gift_text=self.gift.text(), day=self._today
                )
        except VisitError as exc:
            QMessageBox.warning(self, "导出失败", exc.message)
            return None
        except OSError as exc:
            log.exception("导出慰问名单失败")
            QMessageBox.warning(
                self,
                "导出失败",
                f"无法写入文件：{exc.strerror or exc}。请关闭同名文件或换一个位置。",
            )
            return None
        self.message.setText(f"已导出慰问名单 {count} 人：{target}")
        return target
