"""本年未体检人员: the people on the roster without this year's health check, with export."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.filenames import dated_filename
from ...services import health
from ...services.visits import VisitError
from ...services.visits_exports import export_health_missing
from ..common.sort_arrow import arrows_follow_order
from .visit_dialog import Today, busy, resolve_today

log = logging.getLogger(__name__)


class HealthMissingDialog(QDialog):
    """The list for a year (this year by default); 导出名单 writes it as xlsx."""

    def __init__(self, parent: QWidget | None = None, *, today: Today = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("未体检人员")
        self.resize(640, 520)
        self._today = resolve_today(today)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setSuffix(" 年")
        self.year.setValue(self._today.year)
        self.year.valueChanged.connect(self.reload)
        self.counts = QLabel()
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["姓名", "原工作单位", "出生日期", "联系电话"])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        arrows_follow_order(self.table.horizontalHeader())
        self.table.horizontalHeader().setStretchLastSection(True)
        export = QPushButton("导出名单…")
        export.clicked.connect(lambda: self.export())
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        top = QHBoxLayout()
        top.addWidget(QLabel("年度："))
        top.addWidget(self.year)
        top.addWidget(self.counts, 1)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(export)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.reload()

    def reload(self) -> None:
        year = self.year.value()
        rows = health.without_health_check(year)
        counts = health.health_check_counts(year)
        self.counts.setText(
            f"在册 {counts['total']} 人，已体检 {counts['checked']} 人，未体检 {counts['missing']} 人"
        )
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            birth = row["birth_date"].isoformat() if row["birth_date"] else ""
            for c, text in enumerate((row["name"], row["unit"], birth, row["phone"])):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.setSortingEnabled(True)
        self.table.resizeColumnsToContents()

    def export(self, path: str | None = None) -> Path | None:
        year = self.year.value()
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self,
                "导出未体检人员名单",
                dated_filename(f"{year}年未体检人员名单", self._today),
                "Excel 工作簿 (*.xlsx)",
            )
            if not path:
                return None
        try:
            with busy():
                target, _count = export_health_missing(year, Path(path), day=self._today)
        except VisitError as exc:
            QMessageBox.warning(self, "导出失败", exc.message)
            return None
        except OSError as exc:
            log.exception("导出未体检名单失败")
            QMessageBox.warning(
                self,
                "导出失败",
                f"无法写入文件：{exc.strerror or exc}。请关闭同名文件或换一个位置。",
            )
            return None
        return target
