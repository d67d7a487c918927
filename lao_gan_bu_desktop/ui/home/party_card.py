"""首页's 党组织 card for leaders: branches (单建 / 共建), party members, this year's 组织生活,
members who missed their branch's last meetings, transfers 办理中.

Each figure is a card like the others on 首页 (a button, Enter or a click): 党员 opens 花名册
filtered to the party members, the others open the 党组织 tab on the page that lists them
(连续未参加 opens 组织生活 with its 连续未参加 list in front). The figures come from
services/party_home.py, read in 首页's worker.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QPushButton, QVBoxLayout, QWidget

from ..common.font_size import set_relative_font

# key, caption, tooltip: what a click shows
CARDS = (
    ("branches", "党支部", "单击查看 党组织 → 支部"),
    ("members", "中共党员", "单击在花名册中查看党员（含预备党员）"),
    ("meetings", "今年组织生活", "单击查看 党组织 → 组织生活"),
    ("missed", "连续未参加组织生活", "单击查看 党组织 → 组织生活 中连续未参加的党员"),
    ("transfers", "组织关系转接办理中", "单击查看 党组织 → 组织关系转接"),
)


class PartyFigure(QPushButton):
    """A number, a unit word after it and a caption with a detail line; a real button."""

    def __init__(self, key: str, caption: str, tooltip: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.key, self.caption_text = key, caption
        self.setObjectName("stat_card")
        self.setMinimumSize(150, 84)
        self.setToolTip(tooltip)
        self.number = QLabel("…", self)
        self.number.setObjectName("card_number")
        set_relative_font(self.number, 2.0, bold=True)
        self.number.setStyleSheet("color: #b3261e;")
        self.caption = QLabel(caption, self)
        self.caption.setStyleSheet("color: #444;")
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.addWidget(self.number)
        layout.addWidget(self.caption)

    def sizeHint(self) -> QSize:
        # A QPushButton's own hint ignores its layout: the two-line caption at 特大 needs it.
        return self.layout().sizeHint().expandedTo(QSize(150, 84))

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def finish(self) -> None:
        """The mouse details (after the first paint, as 首页's other cards)."""
        from PySide6.QtCore import Qt

        self.setCursor(Qt.CursorShape.PointingHandCursor)
        for label in (self.number, self.caption):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def set_value(self, value: int, unit: str, detail: str = "") -> None:
        self.number.setText(str(value))
        self.caption.setText(self.caption_text + (f"\n{detail}" if detail else ""))
        self.updateGeometry()
        self.setAccessibleName(
            f"{self.caption_text} {value} {unit}" + (f"，{detail}" if detail else "")
        )


class PartyHomeCard(QGroupBox):
    """党组织 at a glance; ``open_requested(key)`` names the card clicked (see CARDS)."""

    open_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("党组织", parent)
        self.setObjectName("home_party")
        self.figures: dict[str, PartyFigure] = {}
        grid = QGridLayout(self)
        grid.setSpacing(12)
        for n, (key, caption, tooltip) in enumerate(CARDS):
            card = PartyFigure(key, caption, tooltip, self)
            card.clicked.connect(lambda _=False, k=key: self.open_requested.emit(k))
            self.figures[key] = card
            grid.addWidget(card, 0, n)
        for c in range(len(CARDS)):
            grid.setColumnStretch(c, 1)
        self.failure = QLabel("读取党组织情况失败，详情见日志文件。", self)
        self.failure.hide()
        grid.addWidget(self.failure, 1, 0, 1, len(CARDS))

    def finish(self) -> None:
        for card in self.figures.values():
            card.finish()

    def show_figures(self, f: dict[str, Any]) -> None:
        """Show the figures of services.party_home.party_home_figures."""
        self.failure.hide()
        kinds = "，".join(f"{k} {n}" for k, n in f["branches_by_kind"].items())
        self.figures["branches"].set_value(f["branches"], "个", kinds)
        self.figures["members"].set_value(
            f["party_members"], "人", f"编入支部 {f['members_in_branches']} 人"
        )
        self.figures["meetings"].set_value(f["meetings_this_year"], "次", "本年已召开")
        self.figures["missed"].set_value(
            f["missed"], "人", f"支部最近 {f['missed_count']} 次均未参加"
        )
        self.figures["transfers"].set_value(f["transfers_under_way"], "人", "尚未办结")

    def show_failure(self) -> None:
        for card in self.figures.values():
            card.number.setText("—")
        self.failure.show()


def open_party_figure(window: Any, key: str, open_members: Callable[[], None]) -> QWidget | None:
    """Show what the card ``key`` counts: the roster's party members, or the 党组织 tab's page
    (组织生活 with its 连续未参加 list in front for ``missed``). Returns the page shown."""
    if key == "members":
        open_members()
        return None
    page = {"branches": "支部", "transfers": "组织关系转接"}.get(key, "组织生活")
    shown = window.show_tab("party").show_page(page)
    if key == "missed":
        lower = getattr(shown, "lower", None)
        if lower is not None:
            lower.setCurrentIndex(0)  # 连续未参加 is the first list under the meetings
    return shown
