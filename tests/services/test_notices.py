"""情况通报 on a real data folder: a notice to a group lists everyone 在册 in it with the likely
channel, reaching and confirming are recorded, those by post get envelopes, the attachment is
kept in the data folder, and 党支部 is offered only when the roster has branches."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import pytest

from lao_gan_bu_desktop.core import clock
from lao_gan_bu_desktop.core.roster_filter import RosterFilter
from lao_gan_bu_desktop.services import labels, notices
from lao_gan_bu_desktop.services.notices import NoticeError
from lao_gan_bu_desktop.services.roster import create_person
from lao_gan_bu_desktop.storage.models import PartyBranch, Person
from lao_gan_bu_desktop.storage.roster_queries import query_person_ids
from tests.conftest import FIXED_TODAY


def test_a_notice_to_a_unit_then_reached_and_confirmed(demo_ctx, tmp_path: Path) -> None:
    clock.set_today(FIXED_TODAY)
    attachment = tmp_path / "改革进展.pdf"
    attachment.write_bytes(b"%PDF-1.4 demo")
    unit_ids = query_person_ids(RosterFilter(units=("科技局",)), today=FIXED_TODAY)
    nid = notices.create_notice(
        "关于老干部活动室开放时间的通报",
        FIXED_TODAY,
        "活动室每周二、四开放。",
        "单位",
        "科技局",
        attachment=attachment,
    )
    notice = notices.get_notice(nid)
    assert notice["audience_text"] == "单位：科技局"
    assert sorted(r["person_id"] for r in notice["recipients"]) == sorted(unit_ids)
    assert {r["channel"] for r in notice["recipients"]} <= set(notices.CHANNELS)
    assert all(r["reached_on"] is None and not r["confirmed"] for r in notice["recipients"])
    stored = notices.attachment_file(nid)
    assert stored.read_bytes() == b"%PDF-1.4 demo"
    assert stored.is_relative_to(demo_ctx.data_dir / "attachments" / "notices")

    first, second = notice["recipients"][0]["id"], notice["recipients"][1]["id"]
    assert notices.record_reached([first, second], channel="上门", reached_on=FIXED_TODAY) == 2
    notices.record_reached([first], confirmed=True)
    listed = next(n for n in notices.list_notices() if n["id"] == nid)
    assert (listed["recipients"], listed["reached"], listed["confirmed"]) == (len(unit_ids), 2, 1)
    notices.record_reached([first], clear=True)
    again = {r["id"]: r for r in notices.get_notice(nid)["recipients"]}
    assert again[first]["reached_on"] is None and not again[first]["confirmed"]
    assert again[first]["channel"] == "上门"

    with pytest.raises(NoticeError, match="晚于今天"):
        notices.record_reached([first], reached_on=FIXED_TODAY + _dt.timedelta(days=1))
    with pytest.raises(NoticeError, match="通知方式"):
        notices.record_reached([first], channel="飞鸽")
    with pytest.raises(NoticeError, match="选中"):
        notices.record_reached([], channel="电话")


def test_those_by_post_get_envelopes(demo_ctx, tmp_path: Path) -> None:
    clock.set_today(FIXED_TODAY)
    nid = notices.create_notice("通报", FIXED_TODAY, "", "全部", "")
    recipients = notices.get_notice(nid)["recipients"]
    by_post = notices.postal_person_ids(nid)
    assert by_post == [r["person_id"] for r in recipients if r["channel"] == "邮寄"]
    assert by_post  # the demo has cadres outside the city and not in the WeChat group
    run = labels.make_envelopes(tmp_path / "信封.pdf", person_ids=by_post)
    assert run.labels == len(by_post)
    assert (tmp_path / "信封.pdf").read_bytes().startswith(b"%PDF")


def test_groups_a_tier_and_a_branch(demo_ctx) -> None:
    clock.set_today(FIXED_TODAY)
    choices = notices.audience_choices()
    assert list(choices) == ["全部", "单位", "党支部", "分层"]
    with_members = {
        b for (b,) in Person.select(PartyBranch.name).join(PartyBranch).distinct().tuples()
    }
    assert set(choices["党支部"]) == with_members and 0 < len(with_members) <= 17
    branch = choices["党支部"][-1]
    members = notices.audience_person_ids("党支部", branch)
    assert members and len(members) < 107
    focus = notices.audience_person_ids("分层", "重点")
    assert focus == query_person_ids(
        RosterFilter(service_tier="重点"), today=FIXED_TODAY, order_by="name"
    )
    with pytest.raises(NoticeError, match="请选择具体的单位"):
        notices.create_notice("通报", FIXED_TODAY, "", "单位", "")
    with pytest.raises(NoticeError, match="标题不能为空"):
        notices.create_notice(" ", FIXED_TODAY, "", "全部", "")
    with pytest.raises(NoticeError, match="没有名为“不存在局”的单位"):
        notices.audience_person_ids("单位", "不存在局")


def test_no_branch_choice_without_branch_data_and_delete(ctx) -> None:
    create_person({"name": "张三", "in_wechat_group": True})
    create_person({"name": "李四", "residence_area": "省外"})
    assert "党支部" not in notices.audience_choices()
    nid = notices.create_notice("通报", _dt.date(2026, 1, 5), "正文", "全部", "")
    channels = {r["name"]: r["channel"] for r in notices.get_notice(nid)["recipients"]}
    assert channels == {"张三": "微信群", "李四": "邮寄"}
    assert notices.attachment_file(nid) is None
    notices.delete_notice(nid)
    assert notices.list_notices() == []
    with pytest.raises(NoticeError, match="找不到这份通报"):
        notices.get_notice(nid)


def test_a_huge_attachment_is_refused_and_no_notice_is_made(demo_ctx, tmp_path: Path) -> None:
    from lao_gan_bu_desktop.core.attachments import MAX_ATTACHMENT_BYTES

    video = tmp_path / "会议录像.mp4"
    with video.open("wb") as handle:  # sparse: takes no disk, has the size
        handle.truncate(MAX_ATTACHMENT_BYTES + 1)
    before = len(notices.list_notices())
    with pytest.raises(NoticeError, match="附件最大 100 MB"):
        notices.create_notice("通报", FIXED_TODAY, "正文", "单位", "科技局", attachment=video)
    assert len(notices.list_notices()) == before
