"""首页: the survey figures (services.stats.compute_stats) as cards that open the roster filtered.

Each card is a button: clicking it (or Enter/Space on it) switches to 花名册 showing exactly the
people it counts. The survey paragraph sits underneath, selectable for copying into a report.
The figures are read in a worker thread (ui.home_loader) after the window's first paint (the main
window calls ``refresh``) and after every change; the cards keep their values ("…" at first) until
the new figures arrive. The tab is drawn before the database opens, so building it reads nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...core.ages import AGE_BRACKETS
from ...core.roster_filter import DEMOCRATIC_PARTIES, PARTY_MEMBERS, RosterFilter
from ...core.tiers import SERVICE_TIERS
from ...core.vocab import RETIREMENT_KINDS
from ..common.font_size import set_relative_font

if TYPE_CHECKING:
    from ..main_window import MainWindow
    from .loader import HomeFigures, HomeLoader

TIER_HINTS = {
    "活跃": "年龄较轻、身体健康、生活自理：线上学习、文体活动",
    "关照": "80岁及以上、半自理或健康较差：线下服务、上门走访",
    "重点": "不能自理、长期卧床或特困/重病：医疗照护和帮扶优先",
}
CARD_STYLE = """
QPushButton#stat_card {
    background: palette(base); border: 1px solid #d0d7de; border-radius: 8px;
    text-align: left; padding: 0px;
}
QPushButton#stat_card:hover { border-color: #b3261e; background: #fff7f6; }
QPushButton#stat_card:focus { border: 2px solid #b3261e; }
"""


@dataclass(frozen=True)
class CardSpec:
    """One card: its title, how to read its number from the stats, and the filter it opens."""

    key: str
    title: str
    value: Any  # Callable[[dict], int]
    roster_filter: RosterFilter
    tooltip: str = ""


def card_groups() -> list[tuple[str, list[CardSpec]]]:
    """The cards, grouped as they are shown."""
    overview = [
        CardSpec(
            "total", "在册总人数", lambda s: s["total"], RosterFilter(), "全部在册的离退休干部"
        ),
        *(
            CardSpec(
                f"kind:{k}",
                f"{k}干部",
                lambda s, k=k: s["by_kind"].get(k, 0),
                RosterFilter(retirement_kind=k),
            )
            for k in RETIREMENT_KINDS
        ),
        CardSpec(
            "party",
            "中共党员",
            lambda s: s["party_members"],
            RosterFilter(political_status=PARTY_MEMBERS),
            "中共党员和预备党员",
        ),
        CardSpec(
            "democratic",
            "民主党派成员",
            lambda s: s["democratic_party_members"],
            RosterFilter(political_status=DEMOCRATIC_PARTIES),
        ),
        CardSpec(
            "not_self_caring",
            "不能自理",
            lambda s: s["not_self_caring"],
            RosterFilter(self_care="不能自理"),
            "生活不能自理的人员",
        ),
    ]
    ages = [
        CardSpec(
            f"age:{b}", b, lambda s, b=b: s["by_age_bracket"].get(b, 0), RosterFilter(age_bracket=b)
        )
        for b in AGE_BRACKETS
    ]
    tiers = [
        CardSpec(
            f"tier:{t}",
            f"{t}对象",
            lambda s, t=t: s["by_service_tier"].get(t, 0),
            RosterFilter(service_tier=t),
            TIER_HINTS.get(t, ""),
        )
        for t in SERVICE_TIERS
    ]
    return [("总体情况", overview), ("年龄结构", ages), ("分类服务（分类研判）", tiers)]


class StatCard(QPushButton):
    """A big number over a caption; a real button, so it takes focus and Enter."""

    def __init__(self, spec: CardSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.setObjectName("stat_card")
        self.setMinimumSize(150, 84)
        tip = (spec.tooltip + "\n" if spec.tooltip else "") + "单击在花名册中查看这些人员"
        self.setToolTip(tip)
        self.number = QLabel("…", self)
        self.number.setObjectName("card_number")
        set_relative_font(self.number, 2.0, bold=True)
        self.number.setStyleSheet("color: #b3261e;")
        self.caption = QLabel(spec.title, self)
        self.caption.setStyleSheet("color: #444;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.addWidget(self.number)
        layout.addWidget(self.caption)

    def finish(self) -> None:
        """The mouse details, which the first paint does not show (see HomeTab.refresh)."""
        from PySide6.QtCore import Qt

        self.setCursor(Qt.CursorShape.PointingHandCursor)
        for label in (self.number, self.caption):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def set_value(self, value: int) -> None:
        self.number.setText(str(value))
        self.setAccessibleName(f"{self.spec.title} {value} 人")


class HomeTab(QWidget):
    """The statistics cards and the survey paragraph."""

    filter_requested = Signal(object)
    figures_shown = Signal()  # new figures are on the cards, charts and lists

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._today = window.today
        self._main_window = window
        self._loader: HomeLoader | None = None  # made with the first refresh, after the paint
        self._stopped = False
        self.cards: dict[str, StatCard] = {}
        self.title = QLabel(self)
        self.title.setObjectName("home_title")
        set_relative_font(self.title, 1.5, bold=True)
        content = QWidget(self)
        content.setStyleSheet(CARD_STYLE)
        column = QVBoxLayout(content)
        column.addWidget(self.title)
        # What the checks of the data file found (a read-only folder, a repaired index, damage
        # to restore): shown here as well as in the status bar, which the clerk may not read.
        self.notice = QLabel(content)
        self.notice.setObjectName("home_notice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("color: #a40000; font-weight: bold;")
        self.notice.hide()
        column.addWidget(self.notice)
        # Damage that a backup cannot repair: the way out is one click away.
        self.restore_button = QPushButton("从备份恢复…", content)
        self.restore_button.setObjectName("home_restore")
        self.restore_button.setToolTip(
            "用最近的一份好备份替换损坏的数据文件（损坏的文件另存，不会删除）"
        )
        self.restore_button.hide()
        restore_row = QHBoxLayout()
        restore_row.addWidget(self.restore_button)
        restore_row.addStretch(1)
        column.addLayout(restore_row)
        self.empty_state = self._empty_state(window, content)
        column.addWidget(self.empty_state)
        # The day's work first: visits and birthdays of today and the next days, aid steps due.
        from .reminders import HomeReminders  # 近期提醒 of the visit calendar

        self.reminders = HomeReminders(content, today=window.today, load=False)
        self.reminders.changed.connect(window.refresh)
        reminders_box = QGroupBox("今天和未来 7 天的工作（双击打开，逾期的在最前）", content)
        QVBoxLayout(reminders_box).addWidget(self.reminders)
        reminders_box.setMinimumHeight(300)
        column.addWidget(reminders_box)
        from ..aid.home_card import AidHomeCard  # 特困帮扶: figures of the year and due steps

        self.aid_card = AidHomeCard(content, today=self._today, load=False)
        self.aid_card.case_requested.connect(lambda case_id: window.open_aid_case(case_id))
        column.addWidget(self.aid_card)
        from .party_card import PartyHomeCard  # 党组织: branches, members, 组织生活, transfers

        self.party_card = PartyHomeCard(content)
        self.party_card.open_requested.connect(self.open_party_figure)
        column.addWidget(self.party_card)
        for group_title, specs in card_groups():
            box = QGroupBox(group_title, content)
            box.setProperty("figures", True)
            grid = QGridLayout(box)
            grid.setSpacing(12)
            for n, spec in enumerate(specs):
                card = StatCard(spec, box)
                card.clicked.connect(
                    lambda _=False, f=spec.roster_filter: self.filter_requested.emit(f)
                )
                self.cards[spec.key] = card
                grid.addWidget(card, n // 6, n % 6)
            for c in range(6):
                grid.setColumnStretch(c, 1)
            column.addWidget(box)
        # The charts (QtCharts) are made with the first figures, after the window is painted.
        self.charts: QWidget | None = None
        self._content = content
        self._chart_slot = column.count()
        self.paragraph = QLabel(content)
        self.paragraph.setObjectName("survey_paragraph")
        self.paragraph.setWordWrap(True)
        self.paragraph.setStyleSheet("color: #333; line-height: 150%;")
        summary = QGroupBox("年报概述（可选中复制）", content)
        summary.setProperty("figures", True)
        QHBoxLayout(summary).addWidget(self.paragraph)
        column.addWidget(summary)
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidget(content)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self.filter_requested.connect(window.open_roster_filtered)
        self.title.setText("正在统计……")
        self._finished = False

    def _empty_state(self, window: MainWindow, parent: QWidget) -> QWidget:
        """What to do first when the roster is empty: import, add someone, or look at the demo."""
        box = QGroupBox("还没有人员数据，可以这样开始", parent)
        layout = QVBoxLayout(box)
        text = QLabel(
            "把各单位报来的花名册表格导入进来（可以一次选多个文件），或者一个一个新增人员。"
            "想先看看程序能做什么，可以打开演示数据（单独的文件夹，不影响这里的数据）。\n"
            "区名、寄件地址和工作人员随时可以在“工具 → 设置”里修改；按 F1 可以看使用说明。",
            box,
        )
        text.setWordWrap(True)
        layout.addWidget(text)
        row = QHBoxLayout()
        self.import_button = QPushButton("导入各单位表格…", box)
        self.import_button.clicked.connect(lambda: window.show_tab("imports").open_wizard())
        self.new_person_button = QPushButton("新增人员…", box)
        self.new_person_button.clicked.connect(
            lambda: window.show_tab("roster").new_action.trigger()
        )
        self.demo_button = QPushButton("打开演示数据", box)
        self.demo_button.setToolTip("在另一个窗口中打开演示数据")
        self.demo_button.clicked.connect(self.open_demo)
        for button in (self.import_button, self.new_person_button, self.demo_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        box.hide()
        return box

    def open_demo(self) -> bool:
        """Start the program on the demo data folder, in a process of its own."""
        import sys

        from PySide6.QtCore import QProcess

        if getattr(sys, "frozen", False):
            started = QProcess.startDetached(sys.executable, ["--demo"])
        else:
            started = QProcess.startDetached(sys.executable, ["-m", "lao_gan_bu_desktop", "--demo"])
        ok = bool(started[0] if isinstance(started, tuple) else started)
        if not ok:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.information(
                self,
                "打开演示数据",
                "没能自动打开演示数据。可以在命令行运行：lao-gan-bu --demo",
            )
        return ok

    def open_party_figure(self, key: str) -> QWidget | None:
        """A 党组织 card was clicked: show what it counts (花名册 or a page of 党组织)."""
        from .party_card import open_party_figure

        members = RosterFilter(political_status=PARTY_MEMBERS)
        return open_party_figure(self.window(), key, lambda: self.filter_requested.emit(members))

    def offer_restore(self, restore) -> None:
        """Show 从备份恢复… under the notice; ``restore`` runs when it is clicked."""
        if not self.restore_button.isVisible():
            self.restore_button.clicked.connect(restore)
        self.restore_button.show()

    def add_notice(self, message: str) -> None:
        """Add a line to the notice above the cards."""
        lines = [*filter(None, self.notice.text().split("\n")), message.replace("\n", " ")]
        self.notice.setText("\n".join(dict.fromkeys(lines)))
        self.notice.show()

    def refresh(self) -> None:
        """Recompute the figures (after any change to the roster) in a worker thread; the cards
        keep their values until the new ones arrive. Requests while one runs coalesce."""
        if not self._finished:
            self._finish()
        if not self._stopped:
            self.loader.request(self._today())

    def _finish(self) -> None:
        """What the first paint does not show, left for the first refresh, which comes right
        after it: the cards' mouse details and a selectable paragraph. Setting them needs Qt's
        ``Qt`` enum namespace, whose loading (10 ms) would otherwise delay the window."""
        from PySide6.QtCore import Qt

        self._finished = True
        for card in self.cards.values():
            card.finish()
        self.party_card.finish()
        self.paragraph.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    @property
    def loader(self) -> HomeLoader:
        """The worker that reads the figures."""
        if self._loader is None:
            from .loader import HomeLoader

            self._loader = HomeLoader(self)
            self._loader.loaded.connect(self._apply)
        return self._loader

    def is_loading(self) -> bool:
        """True while new figures are being read."""
        return self._loader is not None and self._loader.is_loading()

    def stop_loading(self) -> None:
        """Drop pending reads and wait for the running one (the window is closing); no read
        starts after this."""
        self._stopped = True
        if self._loader is not None:
            self._loader.shutdown()

    def _apply(self, figures: HomeFigures) -> None:
        """Show the figures read by the loader (on the GUI thread)."""
        stats = figures.stats
        if stats is None:
            self.title.setText("统计失败，详情见日志文件。")
        else:
            self._apply_stats(stats)
        if stats is not None and stats.get("aid") is not None:
            self.aid_card.show_overview(stats["aid"])
        else:
            self.aid_card.show_failure()
        if figures.party is None:
            self.party_card.show_failure()
        else:
            self.party_card.show_figures(figures.party)
        if figures.reminders is None:
            self.reminders.show_failure()
        else:
            self.reminders.show_data(figures.day, figures.reminders)
        self.figures_shown.emit()

    def _apply_stats(self, stats: dict[str, Any]) -> None:
        empty = not stats.get("total")
        self.empty_state.setVisible(empty)
        # nobody on the roster: no work lists, no zeros in boxes, only what to do first
        self.reminders.parentWidget().setVisible(not empty)
        self.aid_card.setVisible(not empty)
        self.party_card.setVisible(not empty)
        for box in self.findChildren(QGroupBox):
            if box.property("figures"):
                box.setVisible(not empty)
        place = f"{stats.get('city_name') or ''}{stats.get('zone_name') or ''}"
        if empty:  # the zone's name only when the office has set it (工具 → 设置)
            self.title.setText(
                f"{place}离退休干部（还没有人员数据）" if place else "欢迎使用老干部工作台"
            )
        else:
            self.title.setText(f"{place}离退休干部概况（截至 {stats['as_of']}）")
        for groups in card_groups():
            for spec in groups[1]:
                self.cards[spec.key].set_value(int(spec.value(stats)))
        self.paragraph.setText(stats.get("paragraph", ""))
        if self.charts is None:
            from .charts import HomeCharts  # clickable charts of the same figures

            self.charts = HomeCharts(None, self._content)
            self.charts.setMinimumHeight(360)
            self.charts.filterRequested.connect(self.filter_requested)
            self._content.layout().insertWidget(self._chart_slot, self.charts)
        self.charts.set_stats(stats)
        self.charts.setVisible(not empty)  # no empty chart frames
