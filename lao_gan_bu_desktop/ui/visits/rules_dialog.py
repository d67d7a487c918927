"""走访规则: the settings dialog of the due-list rules (birthdays, festival groups, hospital,
death, monthly visits). Saving goes through services.visits.save_rule_settings."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...core.visit_rules import CampaignRule, RuleSettings
from ...services import visits
from ...services.visits import VisitError
from ..common.screen_fit import FittingScrollArea, fit_to_screen


def _spin(value: int, low: int, high: int, suffix: str, none_text: str = "") -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setSuffix(suffix)
    if none_text:
        spin.setSpecialValueText(none_text)
    spin.setValue(value)
    return spin


class CampaignBox(QGroupBox):
    """The group rule of one festival."""

    def __init__(self, rule: CampaignRule) -> None:
        super().__init__(f"{rule.festival}慰问")
        self.festival = rule.festival
        self.setCheckable(True)
        self.setChecked(rule.enabled)
        self.li_xiu = QCheckBox("离休干部")
        self.li_xiu.setChecked("离休" in rule.retirement_kinds)
        self.tier_care = QCheckBox("关照")
        self.tier_care.setChecked("关照" in rule.tiers)
        self.tier_focus = QCheckBox("重点")
        self.tier_focus.setChecked("重点" in rule.tiers)
        self.poor = QCheckBox("特困")
        self.poor.setChecked("特困" in rule.hardships)
        self.ill = QCheckBox("重病")
        self.ill.setChecked("重病" in rule.hardships)
        self.min_age = _spin(rule.min_age or 0, 0, 120, " 岁", "不限")
        self.party_only = QCheckBox("仅限党员")
        self.party_only.setChecked(rule.party_members_only)
        self.party_years = _spin(rule.min_party_years or 0, 0, 90, " 年", "不限")
        form = QFormLayout(self)
        form.addRow("离退休类别：", self.li_xiu)
        tiers = QHBoxLayout()
        tiers.addWidget(self.tier_care)
        tiers.addWidget(self.tier_focus)
        form.addRow("服务分类：", tiers)
        hard = QHBoxLayout()
        hard.addWidget(self.poor)
        hard.addWidget(self.ill)
        form.addRow("困难类别：", hard)
        form.addRow("年龄满：", self.min_age)
        form.addRow("党龄满：", self.party_years)
        form.addRow("", self.party_only)
        form.addRow(QLabel("（满足任一勾选条件即列入慰问名单）"))

    def rule(self) -> CampaignRule:
        return CampaignRule(
            self.festival,
            enabled=self.isChecked(),
            retirement_kinds=("离休",) if self.li_xiu.isChecked() else (),
            tiers=tuple(
                t
                for t, box in (("关照", self.tier_care), ("重点", self.tier_focus))
                if box.isChecked()
            ),
            hardships=tuple(
                h for h, box in (("特困", self.poor), ("重病", self.ill)) if box.isChecked()
            ),
            min_age=self.min_age.value() or None,
            party_members_only=self.party_only.isChecked(),
            min_party_years=self.party_years.value() or None,
        )


class VisitRulesDialog(QDialog):
    """Edit :class:`RuleSettings`; 恢复默认 resets the form (saved only with 保存)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("走访规则")
        self._layout = QVBoxLayout(self)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c62828;")
        self._content: QWidget | None = None
        buttons = QDialogButtonBox()
        buttons.addButton("保存", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        reset = buttons.addButton("恢复默认", QDialogButtonBox.ButtonRole.ResetRole)
        reset.clicked.connect(lambda: self._fill(RuleSettings()))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self._buttons = buttons
        self._fill(visits.load_rule_settings())
        fit_to_screen(self)

    def _fill(self, s: RuleSettings) -> None:
        if self._content is not None:  # the scroll area with the old form
            self._layout.removeWidget(self._content)
            self._content.deleteLater()
        self._base = s
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        birthday = QGroupBox("生日走访")
        birthday.setCheckable(True)
        birthday.setChecked(s.birthday_enabled)
        self.birthday_box = birthday
        self.birthday_min_age = _spin(s.birthday_min_age, 1, 120, " 岁")
        self.round_birthdays = QLineEdit("、".join(str(n) for n in s.round_birthdays))
        self.round_birthdays.setPlaceholderText("如：70、80、90、100")
        form = QFormLayout(birthday)
        form.addRow("年满以下年龄每年生日走访：", self.birthday_min_age)
        form.addRow("整寿（逢这些年龄必访）：", self.round_birthdays)
        top = QHBoxLayout()
        top.addWidget(birthday, 1)
        layout.addLayout(top)
        grid = QGridLayout()
        self.campaign_boxes = [CampaignBox(rule) for rule in s.campaigns]
        for i, box in enumerate(self.campaign_boxes):
            grid.addWidget(box, i // 2, i % 2)
        layout.addLayout(grid)
        other = QGroupBox("住院、去世与长期卧床")
        form = QFormLayout(other)
        self.hospital_enabled = QCheckBox("住院后应探望，出院后应回访")
        self.hospital_enabled.setChecked(s.hospital_enabled)
        self.hospital_days = _spin(s.hospital_visit_days, 0, 60, " 天内探望")
        self.follow_up_days = _spin(s.follow_up_days, 0, 60, " 天内回访")
        self.death_enabled = QCheckBox("去世后吊唁慰问家属")
        self.death_enabled.setChecked(s.death_enabled)
        self.death_days = _spin(s.death_visit_days, 0, 60, " 天内")
        self.monthly_enabled = QCheckBox("长期卧床或不能自理的人员每月至少走访一次")
        self.monthly_enabled.setChecked(s.monthly_enabled)
        form.addRow(self.hospital_enabled)
        form.addRow("入院后：", self.hospital_days)
        form.addRow("出院后：", self.follow_up_days)
        form.addRow(self.death_enabled)
        form.addRow("去世后：", self.death_days)
        form.addRow(self.monthly_enabled)
        top.addWidget(other, 1)
        layout.addStretch(1)
        # the form scrolls on a small screen; the error line and the buttons stay below it
        area = FittingScrollArea(content)
        self._layout.insertWidget(0, area, 1)
        if self._content is None:
            self._layout.addWidget(self.error)
            self._layout.addWidget(self._buttons)
        self._content = area

    def settings(self) -> RuleSettings:
        text = self.round_birthdays.text().replace("，", "、").replace(",", "、").replace(" ", "、")
        parts = [p for p in text.split("、") if p.strip()]
        if not all(p.strip().isdigit() for p in parts):
            raise VisitError("整寿年龄应为数字，用顿号分隔，如：70、80、90、100。")
        return replace(
            self._base,
            birthday_enabled=self.birthday_box.isChecked(),
            birthday_min_age=self.birthday_min_age.value(),
            round_birthdays=tuple(sorted({int(p) for p in parts})),
            campaigns=tuple(box.rule() for box in self.campaign_boxes),
            hospital_enabled=self.hospital_enabled.isChecked(),
            hospital_visit_days=self.hospital_days.value(),
            follow_up_days=self.follow_up_days.value(),
            death_enabled=self.death_enabled.isChecked(),
            death_visit_days=self.death_days.value(),
            monthly_enabled=self.monthly_enabled.isChecked(),
        )

    def save(self) -> None:
        try:
            visits.save_rule_settings(self.settings())
        except VisitError as exc:
            self.error.setText(exc.message)
            return
        self.accept()
