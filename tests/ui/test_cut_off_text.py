"""Text the issue saw cut off is shown whole on an office screen: the visit dialog's search
placeholder, the label sheet's name and the sender address in the labels dialog."""

from __future__ import annotations

from PySide6.QtWidgets import QStyle, QStyleOptionComboBox

from lao_gan_bu_desktop.services.roster import list_persons
from lao_gan_bu_desktop.ui.labels.dialog import LabelsDialog
from lao_gan_bu_desktop.ui.visits.visit_dialog import VisitDialog
from tests.conftest import FIXED_TODAY


def _fits(widget, text: str, room: int) -> bool:
    return widget.fontMetrics().horizontalAdvance(text) <= room


def test_visit_dialog_search_placeholder(demo_ctx, qtbot) -> None:
    dialog = VisitDialog(day=FIXED_TODAY, today=FIXED_TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    picker = dialog.picker
    assert _fits(picker, picker.placeholderText(), picker.width() - 12)
    assert "回车" in picker.toolTip()


def test_labels_dialog_template_and_sender(demo_ctx, qtbot) -> None:
    ids = [p["id"] for p in list_persons()[:5]]
    dialog = LabelsDialog(None, ids, day=FIXED_TODAY)
    qtbot.addWidget(dialog)
    dialog.resize(1100, 690)  # what it gets on 1366×768
    dialog.show()
    qtbot.waitExposed(dialog)
    combo = dialog.template_combo
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    field = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
    )
    assert _fits(combo, combo.currentText(), field.width())
    address = dialog.sender_address
    address.setText("郑州市高新区科学大道100号管委会大楼")
    assert _fits(address, address.text(), address.width() - 10)
    assert address.toolTip() == address.text()
