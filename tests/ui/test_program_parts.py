"""What the program carries besides its code, seen as the clerk sees it: Qt's standard buttons
in Chinese, the window icon, the version in 帮助 → 关于; a smoke start fails without them."""

from __future__ import annotations

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from lao_gan_bu_desktop import __version__
from lao_gan_bu_desktop.core.resources import app_icon_path, resources_dir
from lao_gan_bu_desktop.ui.app import application, install_translations, missing_parts


def test_standard_buttons_read_in_chinese(qapp) -> None:
    app = application()
    translators = install_translations(app)
    try:
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.Yes
            | QDialogButtonBox.StandardButton.No
        )
        texts = [box.button(b).text() for b in (box.StandardButton.Ok, box.StandardButton.Cancel)]
        assert [t.replace("(&O)", "") for t in texts] == ["确定", "取消"]
        assert box.button(box.StandardButton.Yes).text().startswith("是")
        assert box.button(box.StandardButton.No).text().startswith("否")
        assert missing_parts(app, translators) == []
    finally:
        for translator in translators:
            app.removeTranslator(translator)
    assert missing_parts(app, []) == ["Qt 中文翻译"]


def test_the_window_icon_is_the_program_icon(qapp) -> None:
    app = application()
    assert not app.windowIcon().isNull()
    assert app_icon_path() == resources_dir() / "icons" / "app.png"
    image = QImage(str(app_icon_path()))
    assert image.width() == image.height() == 256
    centre = image.pixelColor(128, 30)  # above the character: the red square
    assert (centre.red(), centre.green(), centre.blue()) == (0xC8, 0x10, 0x2E)
    ico = QImage(str(resources_dir() / "icons" / "app.ico"))
    assert not ico.isNull()


def test_about_shows_the_version(window, monkeypatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "about", lambda _parent, _title, text: shown.append(text))
    window.show_about()
    assert f"版本 {__version__}" in shown[0]
    assert str(window.data_dir) in shown[0]
