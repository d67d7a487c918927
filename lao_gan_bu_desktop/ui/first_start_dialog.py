"""The first start on a data folder with no data: a short setup of what the outputs need, or
the demo zone instead. Shown by ui.app before the window; everything can be changed later in
工具 → 设置."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..services.office_setup import OfficeSetup
from .office_form import OfficeForm

SETUP = "setup"
DEMO = "demo"


class FirstStartDialog(QDialog):
    """``choice`` is SETUP (with ``setup`` filled in), DEMO, or None when the clerk quit."""

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("欢迎使用老干部工作台")
        self.choice: str | None = None
        self.setup: OfficeSetup | None = None
        intro = QLabel(
            "<p style='font-size:12pt'><b>第一次使用：请填写本单位的基本信息</b></p>"
            "<p>区（县）名称用在花名册、统计表等标题中（如“××区离退休干部花名册”），"
            "寄件单位、地址和邮编印在信封和地址标签上。带 * 的必须填写，其余可以以后再填；"
            "全部可以随时在“工具 → 设置”中修改。</p>"
            f"<p style='color:#555'>数据将保存在：{data_dir}</p>"
        )
        intro.setWordWrap(True)
        self.form = OfficeForm(OfficeSetup(), self)
        zone_label = self.form.form.labelForField(self.form.edits["zone_name"])
        if isinstance(zone_label, QLabel):
            zone_label.setText("区（县）名称 *：")
        demo_note = QLabel(
            "只想先看看？“打开演示数据”使用虚构的郑州高新区 153 名离退休干部，"
            "与正式数据分开保存，随时可以回到这里。"
        )
        demo_note.setWordWrap(True)
        demo_note.setStyleSheet("color: #555;")
        buttons = QDialogButtonBox(self)
        self.start_button = buttons.addButton("开始使用", QDialogButtonBox.ButtonRole.AcceptRole)
        self.demo_button = QPushButton("打开演示数据")
        buttons.addButton(self.demo_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.quit_button = buttons.addButton("退出", QDialogButtonBox.ButtonRole.RejectRole)
        self.start_button.setDefault(True)
        buttons.accepted.connect(self.start)
        buttons.rejected.connect(self.reject)
        self.demo_button.clicked.connect(self.open_demo)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.form)
        layout.addSpacing(8)
        layout.addWidget(demo_note)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    def start(self) -> None:
        setup = self.form.setup()
        problems = setup.problems()
        if problems:
            QMessageBox.warning(self, "请补充", "\n".join(problems))
            self.form.edits["zone_name"].setFocus()
            return
        self.choice, self.setup = SETUP, setup
        self.accept()

    def open_demo(self) -> None:
        self.choice = DEMO
        self.accept()


def ask_first_start(data_dir: Path) -> FirstStartDialog:
    """Show the dialog modally; the caller reads ``choice`` and ``setup``."""
    dialog = FirstStartDialog(data_dir)
    dialog.exec()
    return dialog
