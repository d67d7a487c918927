"""Every list that needs a "电话" shows a person's phones, the landline too (the tester found
people with only a 固定电话 blank in the 情况通报 call list and the 春节慰问 list)."""

from __future__ import annotations

from lao_gan_bu_desktop.core import clock
from lao_gan_bu_desktop.core.phones import contact_phone
from lao_gan_bu_desktop.services import campaigns, health, notices
from lao_gan_bu_desktop.storage.models import Person
from tests.conftest import FIXED_TODAY

LANDLINE = "0371-63921234"


def test_contact_phone_joins_mobile_and_landline() -> None:
    assert contact_phone("13912345678", "") == "13912345678"
    assert contact_phone("", LANDLINE) == LANDLINE
    assert contact_phone(None, None) == ""
    assert contact_phone("13912345678", LANDLINE) == f"13912345678 / {LANDLINE}"
    assert contact_phone(LANDLINE, LANDLINE) == LANDLINE


def _only_landline(person_id: int) -> None:
    Person.update(phone="", landline=LANDLINE).where(Person.id == person_id).execute()


def test_notice_call_list_shows_a_landline(demo_ctx) -> None:
    clock.set_today(FIXED_TODAY)
    nid = notices.create_notice("通报", FIXED_TODAY, "内容", "单位", "科技局")
    first = notices.get_notice(nid)["recipients"][0]
    _only_landline(first["person_id"])
    again = {r["person_id"]: r for r in notices.get_notice(nid)["recipients"]}
    assert again[first["person_id"]]["phone"] == LANDLINE


def test_campaign_list_shows_a_landline(demo_ctx) -> None:
    clock.set_today(FIXED_TODAY)
    members = campaigns.campaign_list("春节", 2027)
    assert members
    pid = members[0]["person_id"]
    _only_landline(pid)
    Person.update(phone="13912345678").where(Person.id == members[1]["person_id"]).execute()
    Person.update(landline=LANDLINE).where(Person.id == members[1]["person_id"]).execute()
    rows = {r["person_id"]: r for r in campaigns.campaign_list("春节", 2027)}
    assert rows[pid]["phone"] == LANDLINE
    assert rows[members[1]["person_id"]]["phone"] == f"13912345678 / {LANDLINE}"


def test_health_check_list_shows_a_landline(demo_ctx) -> None:
    missing = health.without_health_check(FIXED_TODAY.year)
    assert missing
    _only_landline(missing[0]["id"])
    again = {r["id"]: r for r in health.without_health_check(FIXED_TODAY.year)}
    assert again[missing[0]["id"]]["phone"] == LANDLINE
