"""The case window's 家庭与收款信息: typed in the dialog, stored, shown, and on the printed form."""

from __future__ import annotations

import datetime as _dt

from pypdf import PdfReader

from lao_gan_bu_desktop.services import aid, aid_household, aid_papers
from lao_gan_bu_desktop.services.roster import create_person
from lao_gan_bu_desktop.ui.aid.case_dialog import AidCaseDialog
from tests.ui.aid.helpers import script_fixture, type_text  # noqa: F401 - the fixture

D = _dt.date(2026, 3, 2)


def test_household_details_are_typed_stored_and_printed(qtbot, ctx, script, tmp_path) -> None:
    pid = create_person({"name": "李建国"})
    cid = aid.create_case(
        pid, year=2026, category="医疗救助", reason="住院", amount_requested="3000", on=D
    )
    dialog = AidCaseDialog(cid, lambda: D)
    qtbot.addWidget(dialog)

    def fill(d) -> None:
        d.household_size.setValue(3)
        type_text(qtbot, d.household_income, "2100")
        type_text(qtbot, d.bank, "中国工商银行郑州分行")
        d.bank_account.clear()  # the same dialog comes back with what was typed before
        type_text(qtbot, d.bank_account, "6222 0217 0201 2345 678")

    def wrong_account(d) -> None:
        d.bank_account.setText("账号不知道")

    script.fillers += [wrong_account, fill]
    dialog.household_button.click()
    assert script.seen == ["HouseholdDialog", "HouseholdDialog"]
    assert script.errors and "账号" in script.errors[0]  # refused, said why, asked again
    details = aid_household.household_details(cid)
    assert details["household_size"] == 3 and str(details["household_income"]) == "2100.00"
    assert "家庭人口 3 人" in dialog.reason.text() and "6222 0217" in dialog.reason.text()
    out = aid_papers.export_application_pdf(cid, tmp_path / "form.pdf", day=D)
    text = "".join(PdfReader(out).pages[0].extract_text().split())
    assert "编号：2026-001" in text and "3人" in text and "2,100.00元" in text
    assert "中国工商银行郑州分行" in text and "6222021702012345678" in text
