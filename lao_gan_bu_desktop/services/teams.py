"""服务团队: teams of retired cadres formed by interest and by where they live (the survey's
"根据离退休党员的意愿、爱好、居住地……设立服务团队"): name, what it does, its interest and area,
its members and its leader (队长, one member). Suggestions of who might join come from the same
weighing as for activities.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence
from typing import Any

from peewee import JOIN, fn

from ..core import clock
from ..core.activity_rules import LEADER_ROLE
from ..core.errors import RuleError
from ..core.normalize import clean_line, clean_text
from ..core.pinyin import sort_key
from ..storage.activity_models import ServiceTeam, TeamMember
from ..storage.database import db
from ..storage.models import Person, Unit
from . import audit
from .activities import suggest_people


class TeamError(RuleError):
    """A service team or a membership breaks a rule."""


def _team(team_id: int) -> ServiceTeam:
    team = ServiceTeam.get_or_none(ServiceTeam.id == team_id)
    if team is None:
        raise TeamError("找不到这个服务团队，可能已被删除。请刷新后重试。")
    return team


def list_teams() -> list[dict[str, Any]]:
    """Every team by name (pinyin): name, leader (name, '' if none), members (count),
    interest, area, duties."""
    counts = dict(
        TeamMember.select(TeamMember.team, fn.COUNT(TeamMember.id))
        .group_by(TeamMember.team)
        .tuples()
    )
    leaders = dict(
        TeamMember.select(TeamMember.team, Person.name)
        .join(Person)
        .where(TeamMember.role == LEADER_ROLE)
        .tuples()
    )
    rows = [
        {
            "id": t.id,
            "name": t.name,
            "leader": leaders.get(t.id, ""),
            "members": int(counts.get(t.id, 0)),
            "interest": t.interest,
            "area": t.area,
            "duties": t.duties,
        }
        for t in ServiceTeam.select()
    ]
    rows.sort(key=lambda r: sort_key(r["name"]))
    return rows


def distinct_members() -> int:
    """How many different people are in any team."""
    return int(TeamMember.select(fn.COUNT(TeamMember.person.distinct())).scalar() or 0)


def get_team(team_id: int) -> dict[str, Any]:
    """A team with its members (person_id, name, unit, phone, role, joined_on), leader first."""
    t = _team(team_id)
    members = [
        {
            "id": mid,
            "person_id": pid,
            "name": name,
            "unit": unit,
            "phone": phone,
            "address": address,
            "role": role,
            "joined_on": joined,
        }
        for mid, pid, name, unit, phone, address, role, joined in TeamMember.select(
            TeamMember.id,
            TeamMember.person,
            Person.name,
            fn.COALESCE(Unit.name, ""),
            Person.phone,
            Person.address,
            TeamMember.role,
            TeamMember.joined_on,
        )
        .join(Person)
        .join(Unit, JOIN.LEFT_OUTER, on=(Person.unit == Unit.id))
        .where(TeamMember.team == t.id)
        .tuples()
    ]
    members.sort(key=lambda m: (m["role"] != LEADER_ROLE, sort_key(m["name"])))
    leader = next((m for m in members if m["role"] == LEADER_ROLE), None)
    return {
        "id": t.id,
        "name": t.name,
        "interest": t.interest,
        "area": t.area,
        "duties": t.duties,
        "notes": t.notes,
        "leader": leader["name"] if leader else "",
        "leader_id": leader["person_id"] if leader else None,
        "members": members,
    }


def save_team(team_id: int | None, values: Mapping[str, Any]) -> int:
    """Create or change a team (name, interest, area, duties, notes); returns its id."""
    name = clean_line(values.get("name"), "团队名称")
    if not name:
        raise TeamError("团队名称不能为空，请填写，如：科学大道书画志愿服务队。")
    clash = ServiceTeam.get_or_none(ServiceTeam.name == name)
    if clash is not None and clash.id != team_id:
        raise TeamError(f"已有名为“{name}”的服务团队，请换一个名称。")
    fields = {
        "name": name,
        "interest": clean_line(values.get("interest"), "兴趣方向"),
        "area": clean_line(values.get("area"), "服务区域"),
        "duties": clean_line(values.get("duties"), "服务内容"),
        "notes": clean_text(values.get("notes")),
    }
    with db.atomic():
        if team_id is None:
            team = ServiceTeam.create(**fields)
            audit.record("新增", "service_team", team.id, f"新增服务团队“{name}”")
        else:
            team = _team(team_id)
            for key, value in fields.items():
                setattr(team, key, value)
            team.save()
            audit.record("修改", "service_team", team.id, f"修改服务团队“{name}”")
    return team.id


def delete_team(team_id: int) -> None:
    """Delete a team and its member list (the people stay on the roster)."""
    t = _team(team_id)
    with db.atomic():
        t.delete_instance(recursive=True)
        audit.record("删除", "service_team", team_id, f"删除服务团队“{t.name}”")


def add_members(team_id: int, person_ids: Sequence[int], *, day: _dt.date | None = None) -> int:
    """Add people (在册) to a team as 队员; those already in it are left as they are. Returns
    how many were added."""
    t = _team(team_id)
    ids = list(dict.fromkeys(person_ids))
    if not ids:
        raise TeamError("请先选择要加入团队的人。")
    people = dict(Person.select(Person.id, Person.status).where(Person.id.in_(ids)).tuples())
    gone = [pid for pid in ids if people.get(pid) != "在册"]
    if gone:
        names = dict(Person.select(Person.id, Person.name).where(Person.id.in_(gone)).tuples())
        raise TeamError(
            f"{'、'.join(names.get(p, str(p)) for p in gone)} 不是在册人员，不能加入团队。"
        )
    had = {
        pid
        for (pid,) in TeamMember.select(TeamMember.person)
        .where((TeamMember.team == t.id) & TeamMember.person.in_(ids))
        .tuples()
    }
    new = [pid for pid in ids if pid not in had]
    with db.atomic():
        for pid in new:
            TeamMember.create(team=t, person=pid, role="队员", joined_on=day or clock.today())
        if new:
            audit.record("新增", "team_member", t.id, f"服务团队“{t.name}”加入 {len(new)} 人")
    return len(new)


def remove_members(team_id: int, person_ids: Sequence[int]) -> int:
    """Take people out of a team (the leader too: the team then has none)."""
    t = _team(team_id)
    if not person_ids:
        raise TeamError("请先在成员名单中选中要移出的人。")
    with db.atomic():
        count = (
            TeamMember.delete()
            .where((TeamMember.team == t.id) & TeamMember.person.in_(list(person_ids)))
            .execute()
        )
        audit.record("删除", "team_member", t.id, f"服务团队“{t.name}”移出 {count} 人")
    return count


def set_leader(team_id: int, person_id: int, *, day: _dt.date | None = None) -> None:
    """Make a person the team's 队长 (added to the team if not yet in it); the former leader
    stays as 队员."""
    t = _team(team_id)
    person = Person.get_or_none(Person.id == person_id)
    if person is None or person.status != "在册":
        raise TeamError("队长须是在册人员，请从名单中选择。")
    with db.atomic():
        TeamMember.update(role="队员").where(
            (TeamMember.team == t.id) & (TeamMember.role == LEADER_ROLE)
        ).execute()
        member = TeamMember.get_or_none((TeamMember.team == t.id) & (TeamMember.person == person))
        if member is None:
            TeamMember.create(
                team=t, person=person, role=LEADER_ROLE, joined_on=day or clock.today()
            )
        else:
            member.role = LEADER_ROLE
            member.save()
        audit.record("修改", "team_member", t.id, f"服务团队“{t.name}”队长：{person.name}")


def team_suggestions(team_id: int, *, day: _dt.date | None = None) -> list[dict[str, Any]]:
    """People who might join the team: its interest, living in its area (members left out)."""
    t = _team(team_id)
    members = [
        pid
        for (pid,) in TeamMember.select(TeamMember.person).where(TeamMember.team == t.id).tuples()
    ]
    return suggest_people(t.interest, t.area, name=t.name, exclude=members, day=day)
