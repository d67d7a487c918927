"""Command-line face of 活动 and 服务团队: ``activities [--year Y] [--json]`` — the activities
(of a year) with their days, place, capacity, sign-ups and attendance counts, and the service
teams (key ``teams``)."""

from __future__ import annotations

import argparse
from typing import Any

from ..services import activities, teams
from ..services.app import AppContext
from .common import print_json

ACTIVITY_KEYS = (
    "id",
    "name",
    "kind",
    "topic",
    "start_date",
    "end_date",
    "dates",
    "place",
    "organiser",
    "capacity",
    "sign_ups",
    "waiting",
    "sessions",
    "attendance",
    "attendees",
)
TEAM_KEYS = ("id", "name", "leader", "members", "interest", "area", "duties")


def overview(year: int | None) -> dict[str, Any]:
    """The JSON contract: {"year", "activities": [...], "teams": [...]}."""
    return {
        "year": year,
        "activities": [{k: r[k] for k in ACTIVITY_KEYS} for r in activities.list_activities(year)],
        "teams": [{k: t[k] for k in TEAM_KEYS} for t in teams.list_teams()],
    }


def _cmd_activities(args: argparse.Namespace, ctx: AppContext) -> int:
    data = overview(args.year)
    if args.json:
        print_json(data)
        return 0
    rows = activities.list_activities(args.year)
    for r in rows:
        limit = f"限 {r['capacity']} 人" if r["capacity"] is not None else "不限人数"
        waiting = f"，候补 {r['waiting']}" if r["waiting"] else ""
        print(
            f"{r['id']}\t{r['kind']}\t{r['name']}\t{r['dates_text']}\t{r['place']}\t"
            f"{limit}，报名 {r['sign_ups']}{waiting}，出勤 {r['attendance']} 人次"
            f"（{r['attendees']} 人）"
        )
    if not rows:
        print(f"{args.year} 年没有活动。" if args.year else "还没有活动。")
    if data["teams"]:
        print()
        print("服务团队：")
        for t in data["teams"]:
            leader = f"队长 {t['leader']}" if t["leader"] else "未定队长"
            print(f"  {t['name']}\t{leader}，成员 {t['members']} 人\t{t['area']}\t{t['duties']}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``activities`` command."""
    p = subparsers.add_parser("activities", help="活动与服务团队：报名、出勤人数")
    p.add_argument("--year", type=int, help="只列这一年的活动（按第一天所在年份）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(handler=_cmd_activities)
