"""情况通报: notices sent to a group (everyone, a unit, a party branch, a tier), who each went
to, how each person was reached (微信群, 电话, 上门, 邮寄) and whether they confirmed.

A new notice lists its recipients at once with the likely channel (微信群 for those in the
group, 邮寄 for those living outside the city, 电话 otherwise); the clerk records the day each
was reached and the confirmation. Those reached by post get envelopes or labels
(``postal_person_ids`` → services.labels).
"""

from __future__ import annotations

import datetime as _dt
import shutil
from pathlib import Path
from typing import Any

from peewee import JOIN

from ..core import clock
from ..core.attachments import attachment_too_large
from ..core.dates import check_year
from ..core.errors import RuleError
from ..core.filenames import safe_filename
from ..core.normalize import clean_line, clean_text
from ..core.phones import contact_phone
from ..core.roster_filter import RosterFilter
from ..core.tiers import SERVICE_TIERS
from ..files.atomic_write import written_in_place
from ..storage import stored_files
from ..storage.backup import ATTACHMENTS_DIRNAME
from ..storage.database import data_folder, db
from ..storage.models import PartyBranch, Person, Unit
from ..storage.office_models import Notice, NoticeRecipient
from ..storage.roster_queries import query_person_ids
from . import audit
from .units import ordered_units

AUDIENCES: tuple[str, ...] = ("全部", "单位", "党支部", "分层")
CHANNELS: tuple[str, ...] = ("微信群", "电话", "上门", "邮寄")
NOTICE_ATTACHMENT_DIR = "notices"  # attachments/notices/<notice id>/ in the data folder


class NoticeError(RuleError):
    """A notice or a recipient's record breaks a rule."""


def audience_choices() -> dict[str, list[str]]:
    """What each kind of group can name: units, branches (only those with members) and tiers.
    党支部 is absent when nobody on the roster has a branch."""
    choices: dict[str, list[str]] = {"全部": []}
    choices["单位"] = ordered_units()
    branches = (
        PartyBranch.select(PartyBranch.name, PartyBranch.id)
        .join(Person, on=(Person.party_branch == PartyBranch.id))
        .distinct()
        .order_by(PartyBranch.id)
        .tuples()
    )
    names = [b for (b, _id) in branches]
    if names:
        choices["党支部"] = names
    choices["分层"] = list(SERVICE_TIERS)
    return choices


def audience_person_ids(audience: str, value: str, day: _dt.date | None = None) -> list[int]:
    """Everyone 在册 in the group, by name."""
    day = day or clock.today()
    if audience == "全部":
        flt = RosterFilter()
    elif audience == "单位":
        if not Unit.select().where(Unit.name == value).exists():
            raise NoticeError(f"没有名为“{value}”的单位，请从列表中选择。")
        flt = RosterFilter(units=(value,))
    elif audience == "分层":
        if value not in SERVICE_TIERS:
            raise NoticeError(f"分层“{value}”不对，请选 {'、'.join(SERVICE_TIERS)}。")
        flt = RosterFilter(service_tier=value)
    elif audience == "党支部":
        branch = PartyBranch.get_or_none(PartyBranch.name == value)
        if branch is None:
            raise NoticeError(f"没有名为“{value}”的党支部，请从列表中选择。")
        members = [
            pid for (pid,) in Person.select(Person.id).where(Person.party_branch == branch).tuples()
        ]
        flt = RosterFilter(person_ids=tuple(members))
    else:
        raise NoticeError(f"发送范围“{audience}”不对，请选 {'、'.join(AUDIENCES)}。")
    return query_person_ids(flt, today=day, order_by="name")


def audience_text(audience: str, value: str) -> str:
    """The group in words: 全体、单位：经济发展局 …"""
    return "全体离退休干部" if audience == "全部" else f"{audience}：{value}"


def _likely_channel(in_wechat: bool, residence: str) -> str:
    if in_wechat:
        return "微信群"
    if residence and residence != "本市":
        return "邮寄"
    return "电话"


def data_dir() -> Path:
    """The data folder of the open database."""
    return data_folder()


def create_notice(
    title: str,
    issued_on: _dt.date,
    body: str,
    audience: str = "全部",
    audience_value: str = "",
    attachment: Path | None = None,
) -> int:
    """Record a notice and its recipients (everyone 在册 in the group); returns its id."""
    title = clean_line(title, "通报标题")
    body = clean_text(body)
    if not title:
        raise NoticeError("通报标题不能为空，请填写，如：关于管理体制改革进展的情况通报。")
    if not isinstance(issued_on, _dt.date):
        raise NoticeError("请填写通报日期。")
    check_year(issued_on, "通报日期")
    if audience != "全部" and not (audience_value or "").strip():
        raise NoticeError(f"发送范围是“{audience}”，请选择具体的{audience}。")
    if attachment is not None and not Path(attachment).is_file():
        raise NoticeError(f"找不到附件文件：{attachment}。请重新选择。")
    too_large = attachment_too_large(Path(attachment)) if attachment is not None else None
    if too_large:
        raise NoticeError(too_large)
    ids = audience_person_ids(audience, audience_value, issued_on)
    if not ids:
        raise NoticeError(
            f"“{audience_text(audience, audience_value)}”中没有在册人员，请换一个范围。"
        )
    people = {
        pid: (wechat, area)
        for pid, wechat, area in Person.select(
            Person.id, Person.in_wechat_group, Person.residence_area
        )
        .where(Person.id.in_(ids))
        .tuples()
    }
    with db.atomic():
        notice = Notice.create(
            title=title,
            issued_on=issued_on,
            body=body or "",
            audience=audience,
            audience_value=audience_value if audience != "全部" else "",
        )
        rows = [
            {
                "notice": notice.id,
                "person": pid,
                "channel": _likely_channel(bool(people[pid][0]), people[pid][1] or ""),
                "confirmed": False,
                "note": "",
            }
            for pid in ids
        ]
        for begin in range(0, len(rows), 200):
            NoticeRecipient.insert_many(rows[begin : begin + 200]).execute()
        audit.record(
            "新增",
            "notice",
            notice.id,
            f"情况通报《{title}》发送给{audience_text(audience, audience_value)}，{len(ids)} 人",
        )
        if attachment is not None:  # last: the file is put in place just before the commit
            _store_attachment(notice, Path(attachment))
    return notice.id


def _store_attachment(notice: Notice, source: Path) -> None:
    target_dir = data_dir() / ATTACHMENTS_DIRNAME / NOTICE_ATTACHMENT_DIR / str(notice.id)
    target_dir.mkdir(parents=True, exist_ok=True)
    name = safe_filename(source.name)
    notice.attachment_name = name
    notice.attachment_path = f"{ATTACHMENTS_DIRNAME}/{NOTICE_ATTACHMENT_DIR}/{notice.id}/{name}"
    notice.save()
    # Copied into the program's temporary folder first, then renamed into place: a copy that
    # fails or a program killed mid-copy leaves no half file among the attachments (the
    # temporary folder is emptied at the next start).
    with written_in_place(target_dir / name) as staged:
        shutil.copy2(source, staged)
    try:
        stored_files.push(data_dir(), notice.attachment_path)
    except BaseException:
        (target_dir / name).unlink(missing_ok=True)  # the notice is not saved: nor its file
        raise


def attachment_file(notice_id: int) -> Path | None:
    """The notice's attachment in the data folder (None without one); refused outside it."""
    notice = _notice(notice_id)
    if not notice.attachment_path:
        return None
    base = data_dir()
    path = base / notice.attachment_path
    if not path.resolve().is_relative_to((base / ATTACHMENTS_DIRNAME).resolve()):
        raise NoticeError("附件记录指向数据文件夹以外的位置，为安全起见不予打开。")
    stored_files.pull(base, notice.attachment_path)  # added on another PC
    if not path.is_file():
        raise NoticeError(f"附件文件不见了：{notice.attachment_name}。可能已被移走或删除。")
    return path


def _notice(notice_id: int) -> Notice:
    notice = Notice.get_or_none(Notice.id == notice_id)
    if notice is None:
        raise NoticeError("找不到这份通报，可能已被删除。请刷新后重试。")
    return notice


def _counts() -> dict[int, tuple[int, int, int, int]]:
    """notice id → (recipients, reached, confirmed, by post)."""
    from peewee import Case, fn

    query = NoticeRecipient.select(
        NoticeRecipient.notice,
        fn.COUNT(NoticeRecipient.id),
        fn.SUM(Case(None, [(NoticeRecipient.reached_on.is_null(False), 1)], 0)),
        fn.SUM(Case(None, [(NoticeRecipient.confirmed == True, 1)], 0)),  # noqa: E712
        fn.SUM(Case(None, [(NoticeRecipient.channel == "邮寄", 1)], 0)),
    ).group_by(NoticeRecipient.notice)
    return {n: (c, r or 0, k or 0, m or 0) for n, c, r, k, m in query.tuples()}


def list_notices() -> list[dict[str, Any]]:
    """Every notice, newest first, with recipients, reached, confirmed and by-post counts."""
    counts = _counts()
    rows = []
    for n in Notice.select().order_by(Notice.issued_on.desc(), Notice.id.desc()):
        total, reached, confirmed, post = counts.get(n.id, (0, 0, 0, 0))
        rows.append(
            {
                "id": n.id,
                "title": n.title,
                "issued_on": n.issued_on,
                "audience": audience_text(n.audience, n.audience_value),
                "attachment": n.attachment_name,
                "recipients": total,
                "reached": reached,
                "confirmed": confirmed,
                "by_post": post,
            }
        )
    return rows


def get_notice(notice_id: int) -> dict[str, Any]:
    """A notice with its text and its recipients (name, unit, phone, channel, reached_on,
    confirmed, note), by name."""
    n = _notice(notice_id)
    query = (
        NoticeRecipient.select(
            NoticeRecipient.id,
            NoticeRecipient.person,
            Person.name,
            Unit.name,
            Person.phone,
            Person.landline,
            NoticeRecipient.channel,
            NoticeRecipient.reached_on,
            NoticeRecipient.confirmed,
            NoticeRecipient.note,
        )
        .join(Person)
        .join(Unit, join_type=JOIN.LEFT_OUTER, on=(Person.unit == Unit.id))
        .where(NoticeRecipient.notice == n.id)
        .order_by(Person.search_key, Person.name)
        .tuples()
    )
    recipients = [
        {
            "id": rid,
            "person_id": pid,
            "name": name,
            "unit": unit or "",
            "phone": contact_phone(phone, landline),
            "channel": channel,
            "reached_on": reached,
            "confirmed": bool(confirmed),
            "note": note,
        }
        for rid, pid, name, unit, phone, landline, channel, reached, confirmed, note in query
    ]
    return {
        "id": n.id,
        "title": n.title,
        "issued_on": n.issued_on,
        "body": n.body,
        "audience": n.audience,
        "audience_value": n.audience_value,
        "audience_text": audience_text(n.audience, n.audience_value),
        "attachment": n.attachment_name,
        "recipients": recipients,
    }


def record_reached(
    recipient_ids: list[int],
    *,
    channel: str | None = None,
    reached_on: _dt.date | None = None,
    confirmed: bool | None = None,
    note: str | None = None,
    clear: bool = False,
    today: _dt.date | None = None,
) -> int:
    """Record for these recipients how they were reached (``channel``), on which day and whether
    they confirmed; ``clear`` forgets the day (not yet reached). Returns how many changed."""
    if channel is not None and channel not in CHANNELS:
        raise NoticeError(f"通知方式“{channel}”不对，请选 {'、'.join(CHANNELS)}。")
    if reached_on is not None and reached_on > (today or clock.today()):
        raise NoticeError(f"通知日期 {reached_on} 晚于今天，请填已经通知到的日期。")
    if not recipient_ids:
        raise NoticeError("请先在名单中选中要登记的人。")
    changes: dict[str, Any] = {}
    if channel is not None:
        changes["channel"] = channel
    if clear:
        changes["reached_on"] = None
        changes["confirmed"] = False
    elif reached_on is not None:
        changes["reached_on"] = reached_on
    if confirmed is not None and not clear:
        changes["confirmed"] = confirmed
    if note is not None:
        changes["note"] = note
    if not changes:
        return 0
    with db.atomic():
        count = (
            NoticeRecipient.update(changes)
            .where(NoticeRecipient.id.in_(list(recipient_ids)))
            .execute()
        )
        first = NoticeRecipient.get_or_none(NoticeRecipient.id == recipient_ids[0])
        words = "，".join(f"{k}={v}" for k, v in changes.items())
        audit.record(
            "修改",
            "notice_recipient",
            first.notice_id if first else None,
            f"登记通报送达 {count} 人：{words}",
        )
    return count


def delete_notice(notice_id: int) -> None:
    """Delete a notice with its list of recipients (the attachment file stays in the folder)."""
    n = _notice(notice_id)
    with db.atomic():
        n.delete_instance(recursive=True)
        audit.record("删除", "notice", notice_id, f"删除情况通报《{n.title}》")


def postal_person_ids(notice_id: int) -> list[int]:
    """The people of the notice to be reached by post (邮寄), by name — for envelopes/labels."""
    return [r["person_id"] for r in get_notice(notice_id)["recipients"] if r["channel"] == "邮寄"]
