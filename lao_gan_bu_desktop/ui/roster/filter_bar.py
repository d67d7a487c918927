"""The roster's filter bar: one search box (name, pinyin, initials, ID tail, phone) and choices.

Typing re-filters after a short pause (a 150 ms QTimer) so each keystroke does not re-query; the
filtering itself is SQL (RosterFilter.text). Every choice starts with "全部…"; the status choice
defaults to 在册. 清除筛选 or Esc in the search box puts everything back.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...core.ages import AGE_BRACKETS
from ...core.roster_filter import DATE_ISSUES, DEMOCRATIC_PARTIES, PARTY_MEMBERS, RosterFilter
from ...core.tiers import SERVICE_TIERS
from ...core.vocab import (
    HARDSHIP_KINDS,
    KIND_NOT_GIVEN,
    POLITICAL_STATUSES,
    RESIDENCE_AREAS,
    RETIREMENT_KINDS,
    SELF_CARE_LEVELS,
)
from ...services.roster import unit_names

DEBOUNCE_MS = 150
STATUS_CHOICES: tuple[tuple[str, str], ...] = (
    ("全部状态", ""),
    ("在册", "在册"),
    ("已故", "已故"),
    ("迁出", "迁出"),
)
DEFAULT_STATUS_INDEX = 1

# filter attribute → (all-label, tooltip, values as (label, value))
_SIMPLE_CHOICES: dict[str, tuple[str, str, tuple[tuple[str, str], ...]]] = {
    "retirement_kind": (
        "全部类别",
        "离退休类别；“未填类别”列出类别空着的人（如导入时写作“退职”的人）",
        (*((v, v) for v in RETIREMENT_KINDS), (KIND_NOT_GIVEN, KIND_NOT_GIVEN)),
    ),
    "age_bracket": (
        "全部年龄段",
        "年龄段（按今天计算）；“日期有误”列出出生日期等不可能成立的人",
        (*((v, v) for v in AGE_BRACKETS), (DATE_ISSUES, DATE_ISSUES)),
    ),
    "service_tier": ("全部分级", "服务分级（分类研判）", tuple((v, v) for v in SERVICE_TIERS)),
    "political_status": (
        "全部政治面貌",
        "政治面貌",
        (
            ("党员（含预备党员）", PARTY_MEMBERS),
            ("民主党派", DEMOCRATIC_PARTIES),
            *((v, v) for v in POLITICAL_STATUSES),
        ),
    ),
    "residence_area": ("全部居住地", "居住地", tuple((v, v) for v in RESIDENCE_AREAS)),
    "self_care": ("全部自理能力", "自理能力", tuple((v, v) for v in SELF_CARE_LEVELS)),
    "hardship": ("全部困难类别", "困难类别", tuple((v, v) for v in HARDSHIP_KINDS)),
}


class FilterBar(QWidget):
    """Search box and filter choices; emits ``filter_changed`` with the RosterFilter to show."""

    filter_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._quiet = False
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("搜索：姓名、拼音或首字母（如 zs）、身份证号后几位、电话")
        self.search.setToolTip(
            "输入即筛选：姓名、全拼（zhangsan）、首字母（zs）、身份证号末尾几位或电话号码。\n"
            "快捷键 Ctrl+F；按 Esc 清除全部筛选。"
        )
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(360)
        self.search.installEventFilter(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._emit)
        self.search.textChanged.connect(self._timer.start)

        self.status = QComboBox(self)
        self.status.setToolTip("人员状态：默认只显示在册人员")
        for label, value in STATUS_CHOICES:
            self.status.addItem(label, value)
        self.status.setCurrentIndex(DEFAULT_STATUS_INDEX)
        self.unit = QComboBox(self)
        self.unit.setToolTip("原工作单位")
        self.unit.setMaximumWidth(220)
        self.combos: dict[str, QComboBox] = {}
        for attr, (all_label, tip, values) in _SIMPLE_CHOICES.items():
            combo = QComboBox(self)
            combo.setToolTip(tip)
            combo.addItem(all_label, "")
            for label, value in values:
                combo.addItem(label, value)
            self.combos[attr] = combo
        self.reload_units()

        self.clear_button = QPushButton("清除筛选", self)
        self.clear_button.setToolTip("清除搜索和全部筛选条件（Esc）")
        self.clear_button.clicked.connect(self.clear)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(QLabel("查找：", self))
        top.addWidget(self.search, 1)
        top.addWidget(self.status)
        top.addWidget(self.clear_button)
        bottom = QHBoxLayout()
        bottom.setContentsMargins(0, 0, 0, 0)
        bottom.addWidget(QLabel("筛选：", self))
        bottom.addWidget(self.unit)
        for combo in self.combos.values():
            bottom.addWidget(combo)
        bottom.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(bottom)

        for combo in (self.status, self.unit, *self.combos.values()):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.currentIndexChanged.connect(self._emit)

    # --- building the filter --------------------------------------------------------------
    def reload_units(self) -> None:
        """Refill the unit choice from the database, keeping the current choice."""
        current = self.unit.currentData() or ""
        self._quiet = True
        try:
            self.unit.clear()
            self.unit.addItem("全部单位", "")
            for name in unit_names():
                self.unit.addItem(name, name)
            found = self.unit.findData(current)
            self.unit.setCurrentIndex(max(found, 0))
        finally:
            self._quiet = False

    def current_filter(self) -> RosterFilter:
        unit = self.unit.currentData() or ""
        status = self.status.currentData() or ""
        values = {attr: combo.currentData() or "" for attr, combo in self.combos.items()}
        return RosterFilter(
            text=self.search.text().strip(),
            units=(unit,) if unit else (),
            statuses=(status,) if status else (),
            **values,
        )

    def set_filter(self, flt: RosterFilter) -> None:
        """Show ``flt`` in the widgets and emit it once."""
        self._quiet = True
        try:
            self.search.setText(flt.text)
            self._timer.stop()
            self.unit.setCurrentIndex(max(self.unit.findData(flt.units[0]), 0) if flt.units else 0)
            status = flt.statuses[0] if len(flt.statuses) == 1 else ""
            self.status.setCurrentIndex(max(self.status.findData(status), 0))
            for attr, combo in self.combos.items():
                combo.setCurrentIndex(max(combo.findData(getattr(flt, attr)), 0))
        finally:
            self._quiet = False
        self._emit()

    def clear(self) -> None:
        """Back to everyone on record: no search text, every choice at "全部…", status 在册."""
        self.set_filter(RosterFilter())

    def is_filtered(self) -> bool:
        return self.current_filter() != RosterFilter()

    def apply_now(self) -> None:
        """Filter at once instead of after the typing pause."""
        self._timer.stop()
        self._emit()

    def _emit(self) -> None:
        if self._quiet:
            return
        self._timer.stop()
        self.filter_changed.emit(self.current_filter())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.search
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
        ):
            key = event.key()
            if key == Qt.Key.Key_Escape:
                self.clear()
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.apply_now()
                return True
        return super().eventFilter(watched, event)
