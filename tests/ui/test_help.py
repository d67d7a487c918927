"""帮助 → 使用说明 (F1): the task-oriented guide with pictures, opened at the tab's section."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QApplication, QLabel

from lao_gan_bu_desktop.services import help as guide
from lao_gan_bu_desktop.ui.help.guide_window import GuideWindow


def test_the_guide_has_every_section_and_its_pictures() -> None:
    sections = guide.guide_sections()
    assert [s.title for s in sections] == list(guide.SECTIONS)
    folder = guide.help_folder()
    pictures = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", (folder / "guide.md").read_text("utf-8"))
    assert len(pictures) >= 7
    for name in pictures:
        assert (folder / name).is_file(), name
    total = sum(p.stat().st_size for p in folder.glob("*.png"))
    assert total < 400 * 1024  # small: the guide ships with the program
    assert set(guide.TAB_SECTIONS.values()) <= set(guide.SECTIONS)


def _named_pictures() -> list[str]:
    return re.findall(
        r"!\[[^\]]*\]\(([^)]+)\)", (guide.help_folder() / "guide.md").read_text("utf-8")
    )


def test_every_picture_the_guide_names_is_there_and_every_picture_is_named() -> None:
    """No broken picture in the guide and no orphan PNG shipped beside it; the script that
    makes the pictures makes exactly these."""
    folder = guide.help_folder()
    named = _named_pictures()
    assert named, "guide.md names no picture"
    missing = [name for name in named if not (folder / name).is_file()]
    assert missing == [], f"guide.md names pictures that are not in {folder}: {missing}"
    orphans = sorted({p.name for p in folder.iterdir() if p.suffix.lower() == ".png"} - set(named))
    assert orphans == [], f"pictures in {folder} that guide.md never shows: {orphans}"
    script = Path(__file__).resolve().parents[2] / "scripts" / "help_screenshots.py"
    spec = importlib.util.spec_from_file_location("help_screenshots", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert sorted(module.PICTURES) == sorted(set(named))


def test_f1_opens_the_section_of_the_tab(window, qtbot) -> None:
    action = next(a for a in window.menu("帮助").actions() if a.text() == "使用说明")
    assert action.shortcut().toString() == "F1"
    window.show_tab("calendar")
    action.trigger()
    shown = window.findChild(GuideWindow)
    assert shown is not None and shown.isVisible()
    assert shown.current_title() == "走访慰问与节日慰问名单"
    assert "走访日历" in shown.page.toPlainText()
    window.show_tab("aid")
    action.trigger()
    assert window.findChildren(GuideWindow) == [shown]  # one window, brought to the section
    assert shown.current_title() == "特困帮扶"
    html = shown.page.toHtml()
    assert "aid.png" in html
    image = shown.page.document().resource(2, shown.page.document().baseUrl().resolved("aid.png"))
    assert image is not None
    shown.close()
    QApplication.processEvents()


def test_about_names_version_folder_and_licences(window, message_boxes) -> None:
    window.show_about()
    kind, _title, text = message_boxes[-1]
    assert kind == "about"
    assert "版本" in text and str(window.data_dir) in text and "LGPL" in text


def test_every_section_reads_without_scrolling_sideways(qtbot) -> None:
    """The pictures of the windows are shrunk to the page, at the size the guide opens with on
    a 1366×768 screen and when the window is made narrower."""
    window = GuideWindow(None)
    qtbot.addWidget(window)
    window.resize(1000, 690)
    window.show()
    qtbot.waitExposed(window)
    for width in (1000, 700):
        window.resize(width, 690)
        for row in range(window.contents.count()):
            window.contents.setCurrentRow(row)
            bar = window.page.horizontalScrollBar()
            # no sideways scrolling once the page's scroll bars have settled
            qtbot.waitUntil(lambda bar=bar: bar.maximum() == 0, timeout=3000)


def _picture_widths(window: GuideWindow) -> list[float]:
    widths = []
    block = window.page.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            image = it.fragment().charFormat().toImageFormat()
            if image.isValid():
                widths.append(image.width())
            it += 1
        block = block.next()
    return widths


def test_pictures_fill_the_page_on_first_show_and_open_at_full_size(qtbot) -> None:
    """Shown as F1 shows it (no resize after): the pictures are as wide as the page, not the
    thumbnails the page's width before its first layout gave; a click shows one at full size."""
    window = GuideWindow(None)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    room = window.page.viewport().width()
    qtbot.waitUntil(lambda: _picture_widths(window) and min(_picture_widths(window)) > room * 0.8)
    assert max(_picture_widths(window)) <= room
    picture = window.show_picture(QUrl("home.png"))
    assert picture is not None and picture.isVisible()
    label = picture.findChild(QLabel)
    assert label.pixmap().width() > room  # the real size, larger than on the page
    picture.close()
