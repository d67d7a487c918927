"""The two papers of hardship aid: 《特殊困难离退休干部帮扶汇总表》 (the year's workbook) and
《离退休干部特殊困难帮扶申请表》 (one case's application form, PDF).
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any

from ..core import aid_rules as rules
from ..core.ages import age_on
from ..core.aid_rules import format_yuan
from ..core.phones import contact_phone
from ..storage.aid_models import AidPayment
from ..storage.models import Person
from . import audit
from .aid import AidFilter, get_case, list_cases
from .settings import get_setting


def summary_rows(year: int) -> list[dict[str, Any]]:
    """Rows of 《特殊困难离退休干部帮扶汇总表》: the year's cases that were not rejected."""
    rows = []
    for case in list_cases(AidFilter(year=year)):
        if case["status"] == rules.REJECTED:
            continue
        payments = AidPayment.select(AidPayment.paid_on).where(AidPayment.case == case["id"])
        dates = sorted(p.paid_on for p in payments)
        notes = []
        if not dates:
            notes.append(f"未发放（{case['status']}）")
        elif not case["fully_paid"]:
            notes.append(f"已发放 {format_yuan(case['paid'])}，未发完")
        if len(dates) > 1:
            notes.append(f"分{len(dates)}次发放")
        if case["status"] in ("回访", "结案"):
            notes.append("已回访" if case["status"] == "回访" else "已结案")
        rows.append(
            {
                "name": case["name"],
                "unit": case["unit"],
                "reason": case["reason"],
                "category": case["category"],
                "amount_requested": case["amount_requested"],
                "amount_approved": case["amount_approved"],
                "paid": case["paid"],
                "paid_on": dates[-1] if dates else None,
                "notes": "；".join(notes),
            }
        )
    return rows


def export_summary(year: int, path: Path, *, day: _dt.date) -> int:
    """Write the year's summary workbook to ``path``; returns the number of cases in it."""
    from ..files.aid_summary_xlsx import write_aid_summary

    rows = summary_rows(year)
    write_aid_summary(
        Path(path),
        rows,
        year=year,
        zone_name=get_setting("zone_name") or "",
        day=day,
    )
    audit.record("导出", "aid_case", None, f"导出{year}年帮扶汇总表（{len(rows)}件）：{path}")
    return len(rows)


def application_data(case_id: int, *, day: _dt.date) -> dict[str, Any]:
    """Everything 《离退休干部特殊困难帮扶申请表》 shows for one case, as plain values."""
    from .aid_household import application_extras

    case = get_case(case_id)
    person = Person.get_by_id(case["person_id"])
    age = age_on(person.birth_date, day) if person.birth_date else None
    return {
        "zone_name": get_setting("zone_name") or "",
        "case_id": case["id"],
        "year": case["year"],
        "name": person.name,
        "gender": person.gender,
        "age": age,
        "birth_date": person.birth_date,
        "id_number": person.id_number or "",
        "unit": case["unit"],
        "position": person.position,
        "retirement_kind": person.retirement_kind,
        "retirement_date": person.retirement_date,
        "political_status": person.political_status,
        "phone": contact_phone(person.phone, person.landline),
        "address": person.address,
        "health_status": person.health_status,
        "self_care": person.self_care,
        "living_arrangement": person.living_arrangement,
        "hardship": person.hardship,
        "category": case["category"],
        "reason": case["reason"],
        "amount_requested": case["amount_requested"],
        "amount_approved": case["amount_approved"],
        "applied_on": case["events"][0]["on"] if case["events"] else None,
        "clerk": case["clerk"],
        "printed_on": day,
        "status": case["status"],
        **application_extras(case_id),  # 编号 2026-001, household and bank, why rejected
    }


def export_application_pdf(
    case_id: int, path: Path, *, day: _dt.date, font: str | None = None
) -> Path:
    """Draw the application form of one case as a PDF at ``path``."""
    from ..files.aid_application_pdf import write_application_pdf

    data = application_data(case_id, day=day)
    write_application_pdf(Path(path), data, font=font)
    return Path(path)
