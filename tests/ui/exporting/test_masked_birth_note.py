"""The export wizard says that a masked ID number comes with a birth date of year and month
only (issue 14, defect 4; the export itself: tests/services/test_export_masking.py)."""

from __future__ import annotations

from tests.conftest import FIXED_TODAY


def test_the_export_wizard_says_so(demo_ctx, qtbot) -> None:
    from lao_gan_bu_desktop.ui.exporting.wizard import ExportWizard

    wizard = ExportWizard(day=FIXED_TODAY)
    qtbot.addWidget(wizard)
    wizard.show()
    page = wizard.columns_page
    assert "出生日期只写到年月" in page.masked_birth_note.text()
    assert page.masked_birth_note.isVisibleTo(wizard) or not page.isVisible()
    page.full_id.setChecked(True)
    assert page.masked_birth_note.isHidden()
    page.full_id.setChecked(False)
    assert not page.masked_birth_note.isHidden()
