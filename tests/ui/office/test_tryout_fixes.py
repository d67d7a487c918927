"""What a new clerk's tryout found on 日常工作's pages: the 活动 list's 日期 arrow points the way
its rows run (newest first: ▼), the 活动 dialog puts 保存 before 关闭 as the other dialogs do, and
一刊一报 says what to do about the people without a 自选报纸."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from tests.conftest import FIXED_TODAY
from tests.ui.office.pages import shown_rows


def _arrow_points_down(header, section: int) -> bool:
    """Read the sort arrow's pixels at the right end of ``section``: wider on top = ▼."""
    image = header.grab().toImage()
    right = header.sectionViewportPosition(section) + header.sectionSize(section)
    widths = []
    for y in range(image.height()):
        dark = sum(
            1
            for x in range(max(0, right - 22), right - 2)
            if image.pixelColor(x, y).lightness() < 120
        )
        if dark:
            widths.append(dark)
    assert len(widths) >= 2, "no sort arrow drawn"
    return widths[0] > widths[-1]


def test_the_activity_dates_arrow_points_the_way_the_rows_run(qtbot, office) -> None:
    page = office.show_page("活动")
    qtbot.waitUntil(page.isVisible)
    header = page.view.horizontalHeader()
    assert header.sortIndicatorSection() == 2
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    firsts = [min(r["dates"]) if r.get("dates") else None for r in shown_rows(page.view)]
    texts = [r["dates_text"] for r in shown_rows(page.view)]
    assert texts == sorted(texts, reverse=True), firsts  # newest first
    assert _arrow_points_down(header, 2)
    page.view.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    assert not _arrow_points_down(header, 2)  # ▲ when the oldest come first


def test_the_activity_dialog_puts_save_first(qtbot, office) -> None:
    from lao_gan_bu_desktop.ui.office.activity_dialog import ActivityDialog

    page = office.show_page("活动")
    dialog = ActivityDialog(page.model.rows[0]["id"], FIXED_TODAY, office)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    box = dialog.findChild(QDialogButtonBox)
    shown = sorted(box.buttons(), key=lambda b: b.mapTo(dialog, b.rect().topLeft()).x())
    assert [b.text() for b in shown] == ["保存", "关闭"]
    assert box.buttonRole(dialog.save_button) == QDialogButtonBox.ButtonRole.AcceptRole
    dialog.reject()


def test_subscriptions_say_how_to_choose_the_missing_papers(office) -> None:
    from lao_gan_bu_desktop.services import subscriptions

    page = office.show_page("一刊一报")
    year = page.selected_year()
    for row in page.model.rows[:2]:  # two people keep only the 统订 papers
        kept = [
            p["id"]
            for p in page.table["publications"]
            if p["provision"] != "自选"
            and subscriptions.person_choices(row["id"], year).get(p["id"])
        ]
        subscriptions.set_choices(row["id"], year, kept)
    page.refresh()
    missing = sum(1 for r in page.model.rows if not r["newspaper"])
    assert missing == 2
    assert f"{missing} 人还没有自选报纸：选中后按“修改订阅…”选上。" in page.summary.text()
