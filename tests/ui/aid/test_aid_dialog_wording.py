"""The aid dialogs read like the others: every form label ends with a colon, years with 年."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel

from lao_gan_bu_desktop.services import aid
from lao_gan_bu_desktop.ui.aid import dialogs
from tests.conftest import FIXED_TODAY


def _labels(dialog) -> list[str]:
    texts = []
    for form in dialog.findChildren(QFormLayout):
        for row in range(form.rowCount()):
            item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            if item is not None and isinstance(item.widget(), QLabel) and item.widget().text():
                texts.append(item.widget().text())
    return texts


def test_every_label_has_a_colon(demo_ctx, qtbot) -> None:
    cases = [aid.get_case(r["id"], today=FIXED_TODAY) for r in aid.list_cases()]
    case = next(c for c in cases if c["next_step"])
    made = [
        dialogs.NewCaseDialog(FIXED_TODAY),
        dialogs.StepDialog(case, FIXED_TODAY),
        dialogs.PaymentDialog(case, FIXED_TODAY),
        dialogs.RejectDialog(case, FIXED_TODAY),
        dialogs.CorrectionDialog(case, FIXED_TODAY),
        dialogs.BudgetDialog(2026),
    ]
    for dialog in made:
        qtbot.addWidget(dialog)
        labels = _labels(dialog)
        assert labels, type(dialog).__name__
        assert [t for t in labels if not t.endswith("：")] == []
    assert made[0].year.text() == "2026 年"
