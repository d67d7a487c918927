"""The side panel of the roster: the selected person at a glance (contacts, needs, health)."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

from ..common.formatting import display_text

EMERGENCY_MARK = '　<b style="color:#b3261e">紧急</b>'

_ROWS: tuple[tuple[str, str], ...] = (
    ("unit", "原单位"),
    ("position", "原职务"),
    ("retirement_kind", "类别"),
    ("political_status", "政治面貌"),
    ("party_branch", "党支部"),
    ("phone", "手机"),
    ("landline", "固定电话"),
    ("address", "现住址"),
    ("living_arrangement", "居住情况"),
    ("health_status", "健康状况"),
    ("self_care", "自理能力"),
    ("hardship", "困难类别"),
    ("needs", "需求"),
    ("hobbies", "兴趣爱好"),
)


def summary_html(person: Mapping[str, Any], contacts: Sequence[Mapping[str, Any]]) -> str:
    """HTML for QTextBrowser: name line, a two-column table, contacts with emergency marks."""

    def esc(value: Any) -> str:
        return html.escape(display_text(value))

    age = f"{person['age']} 岁" if person.get("age") is not None else "年龄不详"
    head = (
        f"<h2 style='margin:0'>{esc(person.get('name'))}</h2>"
        f"<p style='color:#555'>{esc(person.get('gender'))}　{age}　"
        f"{esc(person.get('service_tier'))}　{esc(person.get('status'))}</p>"
    )
    if person.get("status") == "已故" and person.get("death_date"):
        head += f"<p style='color:#555'>去世日期：{esc(person.get('death_date'))}</p>"
    rows = "".join(
        f"<tr><td style='color:#666;padding-right:8px' nowrap>{label}</td><td>{esc(person.get(key))}</td></tr>"
        for key, label in _ROWS
        if person.get(key)
    )
    if contacts:
        items = "".join(
            f"<li>{esc(c.get('relation'))} {esc(c.get('name'))} {esc(c.get('phone'))}"
            f"{EMERGENCY_MARK if c.get('is_emergency') else ''}</li>"
            for c in contacts
        )
        people = f"<p style='margin-bottom:0'><b>家属与紧急联系人</b></p><ul style='margin-top:2px'>{items}</ul>"
    else:
        people = "<p style='color:#888'>未登记家属</p>"
    return f"{head}<table>{rows}</table>{people}"


def empty_html(count: int) -> str:
    if count == 0:
        return "<p style='color:#888'>没有符合条件的人员。</p>"
    return "<p style='color:#888'>选中一人可在此查看概况；双击或按回车打开详细信息。</p>"
