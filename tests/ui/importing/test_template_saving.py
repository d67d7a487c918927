"""下载空白模板 from the window: the file is saved where the clerk says, or a Chinese message."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from PySide6.QtWidgets import QFileDialog, QWidget

from lao_gan_bu_desktop.ui.importing.template_saving import save_template_as


def test_the_template_is_saved_where_asked(qtbot, tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "模板.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    parent = QWidget()
    qtbot.addWidget(parent)
    assert save_template_as(parent) == target
    assert "人员名单" in openpyxl.load_workbook(target).sheetnames


def test_a_place_that_cannot_be_written_is_told(
    qtbot, tmp_path, monkeypatch, message_boxes
) -> None:
    target = tmp_path / "没有这个文件夹" / "模板.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    parent = QWidget()
    qtbot.addWidget(parent)
    assert save_template_as(parent) is None
    assert message_boxes and message_boxes[0][1] == "无法保存"
    assert message_boxes[0][2].startswith("模板没有保存")


def test_cancelling_saves_nothing(qtbot, monkeypatch) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    parent = QWidget()
    qtbot.addWidget(parent)
    assert save_template_as(parent) is None
