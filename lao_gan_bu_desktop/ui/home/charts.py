"""首页 charts: age brackets, service tiers, 离休/退休 and residence, drawn with QtCharts.

Built from services.stats.compute_stats(); clicking a bar or a slice emits ``filterRequested``
with the RosterFilter of that group, so that the main window opens the roster filtered to it.
The widget holds no query: ``set_stats(stats)`` redraws it after data changed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QPieSeries,
    QPieSlice,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QGridLayout, QWidget

from ...core.ages import AGE_BRACKETS
from ...core.roster_filter import RosterFilter
from ...core.tiers import SERVICE_TIERS
from ...core.vocab import RESIDENCE_AREAS, RETIREMENT_KINDS

BAR_COLOR = QColor("#4472C4")
TIER_COLORS = {"活跃": QColor("#70AD47"), "关照": QColor("#FFC000"), "重点": QColor("#C00000")}
KIND_COLORS = {"离休": QColor("#ED7D31"), "退休": QColor("#4472C4")}

# chart key → (title, stats key, categories, RosterFilter field)
CHARTS: dict[str, tuple[str, str, tuple[str, ...], str]] = {
    "age_bracket": ("年龄段", "by_age_bracket", AGE_BRACKETS, "age_bracket"),
    "service_tier": ("服务分类", "by_service_tier", SERVICE_TIERS, "service_tier"),
    "retirement_kind": ("离休 / 退休", "by_kind", RETIREMENT_KINDS, "retirement_kind"),
    "residence_area": ("居住地", "by_residence", RESIDENCE_AREAS, "residence_area"),
}
PIE_CHARTS = ("service_tier", "retirement_kind")


def filter_for(chart: str, label: str) -> RosterFilter:
    """The roster filter of one bar or slice."""
    return RosterFilter(**{CHARTS[chart][3]: label})


class HomeCharts(QWidget):
    """Four clickable charts of the survey figures (2 × 2)."""

    filterRequested = Signal(object)

    def __init__(self, stats: Mapping[str, Any] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.views: dict[str, QChartView] = {}
        self.series: dict[str, QBarSeries | QPieSeries] = {}
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for i, key in enumerate(CHARTS):
            view = QChartView()
            view.setObjectName(f"chart_{key}")
            view.setRenderHint(QPainter.Antialiasing)
            view.setMinimumSize(280, 220)
            view.setCursor(Qt.PointingHandCursor)
            view.setToolTip("点击查看这一组人员的花名册")
            self.views[key] = view
            layout.addWidget(view, i // 2, i % 2)
        self.set_stats(stats or {})

    def set_stats(self, stats: Mapping[str, Any]) -> None:
        """Redraw every chart from ``stats`` (as made by compute_stats)."""
        for key, (title, stats_key, categories, _field) in CHARTS.items():
            counts = stats.get(stats_key) or {}
            values = [int(counts.get(c, 0) or 0) for c in categories]
            chart = self._pie(key, categories, values) if key in PIE_CHARTS else None
            if chart is None:
                chart = self._bars(key, categories, values)
            chart.setTitle(title)
            font = QFont(self.font())  # relative sizes: they follow 字号 at the next refresh
            font.setPointSizeF(self.font().pointSizeF() * 1.2)
            font.setBold(True)
            chart.setTitleFont(font)
            chart.setMargins(QMargins(4, 4, 4, 4))
            chart.setAnimationOptions(QChart.NoAnimation)
            old = self.views[key].chart()
            self.views[key].setChart(chart)
            if old is not None:
                old.deleteLater()

    def _bars(self, key: str, categories: tuple[str, ...], values: list[int]) -> QChart:
        chart = QChart()
        bar_set = QBarSet("人数")
        bar_set.append([float(v) for v in values])
        bar_set.setColor(BAR_COLOR)
        bar_set.setLabelColor(QColor("#222222"))
        series = QBarSeries()
        series.append(bar_set)
        series.setLabelsVisible(True)
        series.setLabelsPosition(QBarSeries.LabelsOutsideEnd)
        series.clicked.connect(lambda index, _set, k=key, c=categories: self._clicked(k, c[index]))
        chart.addSeries(series)
        axis_x = QBarCategoryAxis()
        axis_x.append(list(categories))
        small = QFont(self.font())
        small.setPointSizeF(self.font().pointSizeF() * 0.9)
        axis_x.setLabelsFont(small)
        chart.addAxis(axis_x, Qt.AlignBottom)
        series.attachAxis(axis_x)
        axis_y = QValueAxis()
        axis_y.setRange(0, max([*values, 4]) * 1.15)
        axis_y.setLabelFormat("%d")
        axis_y.applyNiceNumbers()
        chart.addAxis(axis_y, Qt.AlignLeft)
        series.attachAxis(axis_y)
        chart.legend().hide()
        self.series[key] = series
        return chart

    def _pie(self, key: str, categories: tuple[str, ...], values: list[int]) -> QChart:
        chart = QChart()
        series = QPieSeries()
        colors = TIER_COLORS if key == "service_tier" else KIND_COLORS
        total = sum(values)
        for label, value in zip(categories, values, strict=True):
            if not value:
                continue
            share = value / total if total else 0
            piece = series.append(f"{label} {value}人（{share:.0%}）", value)
            piece.setProperty("category", label)
            if label in colors:
                piece.setColor(colors[label])
            piece.hovered.connect(
                lambda on, p=piece: p.setExploded(on)
            )  # the legend has the figures
        series.setPieSize(0.8)
        series.clicked.connect(lambda piece, k=key: self._slice_clicked(k, piece))
        chart.addSeries(series)
        chart.legend().setAlignment(Qt.AlignRight)
        self.series[key] = series
        return chart

    def _slice_clicked(self, key: str, piece: QPieSlice) -> None:
        label = piece.property("category")
        if label:
            self._clicked(key, str(label))

    def _clicked(self, key: str, label: str) -> None:
        self.filterRequested.emit(filter_for(key, label))
