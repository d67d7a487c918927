"""Every window, dialog and wizard page fits the office screen, its buttons in sight.

tests/ui/screen_fit_probe.py opens them all in a process of its own whose (offscreen) screen is
exactly the available area of 1366×768 above a taskbar (1366×728) or of 1920×1080 at 150 %
(1280×680), at 字号 标准 and 特大; a window (with a title bar) larger than that, placed outside it,
or with a button cut off or no button outside a scroll area is reported. The in-process tests
below show that the check does catch a dialog that is too tall, and 字号 itself.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLabel, QVBoxLayout

from lao_gan_bu_desktop.ui.common import font_size
from lao_gan_bu_desktop.ui.common.screen_fit import FittingScrollArea, fit_problems

ROOT = Path(__file__).resolve().parents[2]
MUST_COVER = (
    "主窗口 / home",
    "主窗口 / office",
    "主窗口 / party",
    "组织生活（新）",
    "主窗口 / office（单位）",
    "单位",
    "合并单位",
    "订阅",
    "走访规则",
    "打印地址标签和信封",
    "人员（修改）",
    "记录已被别人修改",
    "帮扶个案",
    "操作日志",
    "导出 / 保存到哪里",
    "导入 / 检查",
    "导入 / 导入",
    "导入 / 完成",
)


@pytest.mark.parametrize(
    ("width", "height", "scale"),
    [(1366, 728, 100), (1280, 680, 100), (1366, 728, 150), (1280, 680, 150)],
)
def test_every_window_fits(width: int, height: int, scale: int) -> None:
    done = subprocess.run(
        [
            *(sys.executable, "-m", "tests.ui.screen_fit_probe"),
            *("--width", str(width), "--height", str(height), "--scale", str(scale)),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads(done.stdout)
    names = [r["window"] for r in results]
    for name in MUST_COVER:
        assert name in names
    assert len(results) >= 40
    problems = [f"{r['window']}：{'；'.join(r['problems'])}" for r in results if r["problems"]]
    assert problems == []


def test_the_probe_opens_every_dialog_class() -> None:
    """A dialog or wizard added later is opened by the probe too (or this test says which)."""
    import re

    probe = (ROOT / "tests" / "ui" / "screen_fit_probe.py").read_text(encoding="utf-8")
    missing = []
    for path in (ROOT / "lao_gan_bu_desktop" / "ui").rglob("*.py"):
        for name in re.findall(
            r"^class (\w+)\((?:QDialog|QWizard)\)", path.read_text("utf-8"), re.M
        ):
            if name not in probe:
                missing.append(f"{path.name}: {name}")
    assert missing == []


def _tall_dialog(with_scroll: bool) -> QDialog:
    dialog = QDialog()
    layout = QVBoxLayout(dialog)
    content = QLabel("很多行\n" * 60)
    layout.addWidget(FittingScrollArea(content) if with_scroll else content)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
    layout.addWidget(buttons)
    return dialog


def test_the_check_catches_a_dialog_taller_than_the_screen(qtbot) -> None:
    tall = _tall_dialog(with_scroll=False)
    qtbot.addWidget(tall)
    tall.show()
    office = QRect(0, 0, 1366, 728)
    tall.resize(400, 1200)
    assert any("大于屏幕可用区域" in p for p in fit_problems(tall, office))
    scrolled = _tall_dialog(with_scroll=True)
    qtbot.addWidget(scrolled)
    scrolled.show()
    scrolled.resize(400, 600)
    assert fit_problems(scrolled, QRect(-5000, -5000, 10000, 10000)) == []
    assert scrolled.minimumSizeHint().height() < 680


def test_a_button_inside_a_scroll_area_only_is_reported(qtbot) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    inner = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
    QVBoxLayout(dialog).addWidget(FittingScrollArea(inner))
    dialog.show()
    assert "没有滚动区域之外的按钮" in fit_problems(dialog, QRect(-5000, -5000, 10000, 10000))


def test_font_size_changes_every_window_and_is_remembered(window, qtbot, settings_path) -> None:
    app = QApplication.instance()
    base = font_size.base_point_size(app)
    heading = QLabel("标题", window)
    font_size.set_relative_font(heading, 1.5, bold=True)
    header = window.tab("roster").view.horizontalHeader()
    name_width = header.sectionSize(0)
    try:
        window.font_size_actions[150].trigger()
        # columns grow with the text (once the headers have the new font)
        qtbot.waitUntil(lambda: header.sectionSize(0) == round(name_width * 1.5))
        assert app.font().pointSizeF() == pytest.approx(base * 1.5)
        qtbot.waitUntil(lambda: heading.font().pointSizeF() == pytest.approx(base * 2.25))
        qtbot.waitUntil(
            lambda: window.status_label.font().pointSizeF() == pytest.approx(base * 1.5)
        )
        window.settings.sync()
        assert font_size.saved_scale(window.settings) == 150
    finally:
        font_size.apply_scale(100)
    qtbot.waitUntil(lambda: heading.font().pointSizeF() == pytest.approx(base * 1.5))


def test_first_start_is_maximised_and_a_saved_size_is_clamped(demo_ctx, qtbot, tmp_path) -> None:
    from lao_gan_bu_desktop.ui.main_window import SETTINGS_GEOMETRY, MainWindow
    from tests.ui.conftest import make_settings

    settings = make_settings(tmp_path / "layout.ini")
    first = MainWindow(demo_ctx, settings=settings)
    qtbot.addWidget(first)
    assert first.first_start
    first.open_window()
    qtbot.waitExposed(first)
    assert first.isMaximized()
    assert "关于 Qt" not in [a.text() for a in first.menu("帮助").actions()]
    first.showNormal()
    first.resize(3000, 2000)  # as if saved on a much larger screen
    settings.setValue(SETTINGS_GEOMETRY, first.saveGeometry())
    first.close()
    again = MainWindow(demo_ctx, settings=settings)
    qtbot.addWidget(again)
    assert not again.first_start
    screen = again.screen().availableGeometry()
    assert again.width() <= screen.width() and again.height() <= screen.height()


def test_sizes_given_for_standard_type_grow_with_a_larger_one(qtbot) -> None:
    """A dialog asked to be 300×200 at 标准 is 450×300 at 特大 (the person dialog's tab titles
    were hidden behind a scroll arrow at 特大 in its 标准 width), never more than the screen."""
    from lao_gan_bu_desktop.ui.common import font_size
    from lao_gan_bu_desktop.ui.common.screen_fit import fit_to_screen

    dialog = QDialog()
    qtbot.addWidget(dialog)
    fit_to_screen(dialog, 300, 200)
    assert (dialog.width(), dialog.height()) == (300, 200)
    font_size.apply_scale(150)
    try:
        fit_to_screen(dialog, 300, 200)
        assert (dialog.width(), dialog.height()) == (450, 300)
        fit_to_screen(dialog, 5000, 200)
        assert dialog.width() < 5000  # still bounded by the screen
    finally:
        font_size.apply_scale(100)
