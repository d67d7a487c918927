"""下载空白模板: asking where to save the blank import template for units, and saving it.

Offered in the import wizard and on the 导入记录 tab; the template module (openpyxl) loads only
when the clerk saves one.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ...core.errors import RuleError

DEFAULT_NAME = "离退休干部信息表（导入模板）.xlsx"


def save_template_as(parent: QWidget) -> Path | None:
    """Ask for a file name and save the blank template there; the path, or None if not saved."""
    name, _ = QFileDialog.getSaveFileName(
        parent, "保存空白模板", DEFAULT_NAME, "Excel 工作簿 (*.xlsx)"
    )
    if not name:
        return None
    from ...services import importing

    try:
        return importing.save_template(Path(name))
    except OSError as exc:
        QMessageBox.warning(parent, "无法保存", f"模板没有保存：{exc.strerror or exc}")
    except RuleError as exc:
        QMessageBox.warning(parent, "无法保存", f"模板没有保存：{exc.message}")
    return None
