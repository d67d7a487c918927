"""标签纸模板与打印机校准: add a sheet (with a live drawing of it) and set the printer offset.

The clerk measures a sheet bought in town with a ruler: columns and rows, the first label's
distance from the left and top edges, the distance from one label to the next, the label's
width and height. The drawing shows at once whether the labels overlap or run off the paper.
The calibration offset (mm right and down) is kept in the settings and moves every sheet; the
printer margin (the paper edge a printer cannot print, 4 mm by default) keeps the text of edge-
to-edge sheets clear of it, with a warning under the drawing; 已印格式的信封 have an offset of
their own.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...core.label_layout import LabelTemplate, margin_warning, template_problems
from ...services import labels as svc
from ..common.folders import save_folder
from ..common.screen_fit import FittingScrollArea, fit_to_screen
from .messages import show_error
from .sheet import SheetView

_FIELDS = (
    ("x0", "左边距（第一列到纸左边）"),
    ("y0", "上边距（第一行到纸上边）"),
    ("dx", "横向间距（一枚左边到下一枚左边）"),
    ("dy", "纵向间距（一枚上边到下一枚上边）"),
    ("width", "标签宽"),
    ("height", "标签高"),
    ("radius", "圆角半径"),
)


def _mm_spin(maximum: float = 297.0, minimum: float = 0.0) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setDecimals(2)
    spin.setRange(minimum, maximum)
    spin.setSingleStep(0.1)
    spin.setSuffix(" 毫米")
    return spin


class LabelTemplateDialog(QDialog):
    """Add a template (copied from ``base_id`` to start with) and set the calibration offset."""

    def __init__(self, parent: QWidget | None = None, *, base_id: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("标签纸模板与打印机校准")
        self.saved_id = ""

        self.base_combo = QComboBox()
        for t in svc.list_templates():
            self.base_combo.addItem(t.description, t.id)
        self.id_edit = QLineEdit()
        self.id_edit.setPlaceholderText("如 办公室-3x8")
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("如 文具店 A4 3×8")
        self.nx_spin = QSpinBox()
        self.nx_spin.setRange(1, 20)
        self.ny_spin = QSpinBox()
        self.ny_spin.setRange(1, 40)
        self.mm: dict[str, QDoubleSpinBox] = {key: _mm_spin() for key, _ in _FIELDS}
        self.delete_button = QPushButton("删除这个自定义模板")

        form_box = QGroupBox("标签纸（用尺子量，单位毫米）")
        form = QFormLayout(form_box)
        form.addRow("照着这个改：", self.base_combo)
        form.addRow("模板编号：", self.id_edit)
        form.addRow("名称：", self.name_edit)
        grid = QHBoxLayout()
        grid.addWidget(QLabel("列"))
        grid.addWidget(self.nx_spin)
        grid.addWidget(QLabel("行"))
        grid.addWidget(self.ny_spin)
        grid.addStretch(1)
        form.addRow("每张：", grid)
        for key, label in _FIELDS:
            form.addRow(f"{label}：", self.mm[key])
        form.addRow(self.delete_button)
        self.problems_label = QLabel()
        self.problems_label.setWordWrap(True)
        form.addRow(self.problems_label)

        offset_box = QGroupBox("打印机校准（对所有标签纸都生效）")
        oform = QFormLayout(offset_box)
        self.offset_x = _mm_spin(svc.MAX_OFFSET_MM, -svc.MAX_OFFSET_MM)
        self.offset_y = _mm_spin(svc.MAX_OFFSET_MM, -svc.MAX_OFFSET_MM)
        dx, dy = svc.get_offset()
        self.offset_x.setValue(dx)
        self.offset_y.setValue(dy)
        oform.addRow("向右移（负数向左）：", self.offset_x)
        oform.addRow("向下移（负数向上）：", self.offset_y)
        self.printer_margin = _mm_spin(svc.MAX_PRINTER_MARGIN_MM)
        self.printer_margin.setValue(svc.get_printer_margin())
        self.printer_margin.setToolTip(
            "纸边这一圈打印机印不到，标签上的字不会印在这里（一般 4 毫米）"
        )
        oform.addRow("打印机边距（纸边不印字）：", self.printer_margin)
        self.envelope_x = _mm_spin(svc.MAX_OFFSET_MM, -svc.MAX_OFFSET_MM)
        self.envelope_y = _mm_spin(svc.MAX_OFFSET_MM, -svc.MAX_OFFSET_MM)
        ex, ey = svc.get_envelope_offset()
        self.envelope_x.setValue(ex)
        self.envelope_y.setValue(ey)
        oform.addRow("已印格式信封 向右移：", self.envelope_x)
        oform.addRow("已印格式信封 向下移：", self.envelope_y)
        self.test_button = QPushButton("测试页存为 PDF（只有边框）…")
        oform.addRow(self.test_button)
        hint = QLabel(
            "先打印测试页，叠在标签纸上对着光看：印出的框偏右 1 毫米，就在“向右移”填 -1。"
            "已印格式的信封：先在普通纸上打印一个信封，叠在信封上看邮编数字是否落在红框里。"
        )
        hint.setWordWrap(True)
        oform.addRow(hint)

        left_widget = QWidget()
        left = QVBoxLayout(left_widget)
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(form_box)
        left.addWidget(offset_box)
        left.addStretch(1)
        self.sheet_view = SheetView(self, clickable=False)
        self.sheet_view.setMinimumSize(300, 300)
        self.margin_label = QLabel()
        self.margin_label.setWordWrap(True)
        self.margin_label.setStyleSheet("color: #a15c00;")
        right = QVBoxLayout()
        right.addWidget(self.sheet_view, 1)
        right.addWidget(self.margin_label)
        body = QHBoxLayout()
        body.addWidget(FittingScrollArea(left_widget))  # scrolls on a small screen
        body.addLayout(right, 1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.buttons)

        self.base_combo.currentIndexChanged.connect(self._copy_base)
        for w in (self.nx_spin, self.ny_spin, *self.mm.values(), self.printer_margin):
            w.valueChanged.connect(self._update)
        self.id_edit.textChanged.connect(self._update)
        self.name_edit.textChanged.connect(self._update)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.test_button.clicked.connect(self.save_test_page)
        self.delete_button.clicked.connect(self.delete_current)
        index = self.base_combo.findData(base_id) if base_id else 0
        self.base_combo.setCurrentIndex(max(index, 0))
        self._copy_base()
        fit_to_screen(self)

    def _copy_base(self) -> None:
        t = svc.get_template(self.base_combo.currentData())
        self.nx_spin.setValue(t.nx)
        self.ny_spin.setValue(t.ny)
        for key, _ in _FIELDS:
            self.mm[key].setValue(getattr(t, key))
        if t.builtin:
            self.id_edit.setText(f"{t.id}-自定义")
            self.name_edit.setText(f"{t.name}（自定义）")
        else:
            self.id_edit.setText(t.id)
            self.name_edit.setText(t.name)
        self.delete_button.setEnabled(not t.builtin)
        self._update()

    def template(self) -> LabelTemplate:
        """The template the form describes."""
        return LabelTemplate(
            id=self.id_edit.text().strip(),
            name=self.name_edit.text().strip(),
            nx=self.nx_spin.value(),
            ny=self.ny_spin.value(),
            **{key: self.mm[key].value() for key, _ in _FIELDS},
        )

    def _update(self) -> None:
        t = self.template()
        self.sheet_view.set_template(t)
        problems = template_problems(t)
        if problems:
            self.problems_label.setText(
                "<span style='color:#b00'>" + "<br>".join(problems) + "</span>"
            )
        else:
            self.problems_label.setText(f"每张 {t.per_sheet} 枚，可以保存。")
        warning = (
            "" if problems else margin_warning(t, self.printer_margin.value(), svc.get_offset())
        )
        self.margin_label.setText(warning)
        self.margin_label.setVisible(bool(warning))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not problems)

    def save(self) -> None:
        try:
            svc.set_offset(self.offset_x.value(), self.offset_y.value())
            svc.set_printer_margin(self.printer_margin.value())
            svc.set_envelope_offset(self.envelope_x.value(), self.envelope_y.value())
            t = self.template()
            base = svc.get_template(self.base_combo.currentData())
            if t.to_dict() != base.to_dict():
                svc.save_template(t)
                self.saved_id = t.id
        except Exception as exc:
            show_error(self, exc, "没有保存")
            return
        self.accept()

    def delete_current(self) -> None:
        template_id = self.base_combo.currentData()
        answer = QMessageBox.question(self, "删除模板", f"删除自定义模板“{template_id}”？")
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            svc.delete_template(template_id)
        except Exception as exc:
            show_error(self, exc, "没有删除")
            return
        self.base_combo.removeItem(self.base_combo.currentIndex())

    def save_test_page(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            "保存测试页",
            str(save_folder() / f"标签测试页_{self.base_combo.currentData()}.pdf"),
            "PDF 文件 (*.pdf)",
        )
        if not path:
            return
        try:
            svc.make_test_page(
                Path(path),
                self.base_combo.currentData(),
                offset=(self.offset_x.value(), self.offset_y.value()),
            )
        except Exception as exc:
            show_error(self, exc, "没有保存测试页")
            return
        QMessageBox.information(self, "测试页", f"已保存：{path}\n请用 100% 比例打印。")
