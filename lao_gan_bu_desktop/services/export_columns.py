"""The columns a clerk can export, and the named column presets ("领导花名册", "通讯录", …).

A row number (序号), every person field of ``core.fields.PERSON_FIELDS`` (with its Chinese label)
plus the derived age, age bracket, service tier and emergency contact. Built-in presets cannot be overwritten;
the clerk's own presets are kept in the settings as JSON under :data:`PRESETS_SETTING`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.fields import PERSON_FIELDS
from ..files.import_template import TEMPLATE_FIELDS
from ..files.xlsx_house import Column
from ..storage.database import is_read_only
from .settings import get_setting, set_setting

PRESETS_SETTING = "export_column_presets"
LAST_COLUMNS_SETTING = "export_last_columns"
LAST_PRESET = "上次导出的列"


class PresetError(ValueError):
    """A preset cannot be saved or removed; the message is Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ExportColumn:
    """One exportable column: key, Chinese label, house-style kind (text, id, phone, date, int)."""

    key: str
    label: str
    kind: str = "text"

    def as_house_column(self) -> Column:
        return Column(self.key, self.label, self.kind)


_HOUSE_KIND = {"id": "id", "phone": "phone", "postcode": "phone", "date": "date"}

EXPORT_COLUMNS: tuple[ExportColumn, ...] = (
    ExportColumn("seq", "序号", "int"),
    *(ExportColumn(f.key, f.label, _HOUSE_KIND.get(f.kind, "text")) for f in PERSON_FIELDS),
    ExportColumn("age", "年龄", "int"),
    ExportColumn("age_bracket", "年龄段"),
    ExportColumn("service_tier", "服务分类"),
    ExportColumn("emergency_contact", "紧急联系人"),
)
COLUMN_BY_KEY: dict[str, ExportColumn] = {c.key: c for c in EXPORT_COLUMNS}

LEADER_PRESET = "领导花名册"
DIRECTORY_PRESET = "通讯录"
BUILTIN_PRESETS: dict[str, tuple[str, ...]] = {
    LEADER_PRESET: (  # 17 columns: still legible on one A4 landscape page width
        "seq",
        "name",
        "gender",
        "birth_date",
        "age",
        "id_number",
        "retirement_kind",
        "retirement_date",
        "unit",
        "position",
        "rank_level",
        "political_status",
        "address",
        "phone",
        "health_status",
        "service_tier",
        "notes",
    ),
    DIRECTORY_PRESET: ("name", "unit", "phone", "landline", "address", "emergency_contact"),
}
DIRECTORY_KEYS = BUILTIN_PRESETS[DIRECTORY_PRESET]
# The columns of the 单位核对表: exactly those of the blank import template (the unit is named in
# the title and chosen when the file is imported), so a corrected file imports with no mapping.
UNIT_CHECK_KEYS: tuple[str, ...] = tuple(TEMPLATE_FIELDS)


def parse_column_keys(text: str) -> list[str]:
    """Column keys from "name,unit,phone" (Chinese labels are accepted too)."""
    by_label = {c.label: c.key for c in EXPORT_COLUMNS}
    keys: list[str] = []
    unknown: list[str] = []
    for part in text.replace("，", ",").split(","):
        part = part.strip()
        if not part:
            continue
        key = part if part in COLUMN_BY_KEY else by_label.get(part)
        if key is None:
            unknown.append(part)
        elif key not in keys:
            keys.append(key)
    if unknown:
        raise PresetError(
            f"不认识的列：{'、'.join(unknown)}。可用的列：{'、'.join(c.key for c in EXPORT_COLUMNS)}"
        )
    if not keys:
        raise PresetError("请至少选择一列")
    return keys


def columns_for(keys: list[str] | tuple[str, ...]) -> list[ExportColumn]:
    """The export columns of ``keys`` in that order (unknown keys raise PresetError)."""
    missing = [k for k in keys if k not in COLUMN_BY_KEY]
    if missing:
        raise PresetError(f"不认识的列：{'、'.join(missing)}")
    return [COLUMN_BY_KEY[k] for k in keys]


def _user_presets() -> dict[str, list[str]]:
    stored = get_setting(PRESETS_SETTING, {}) or {}
    return {
        str(name): [k for k in keys if k in COLUMN_BY_KEY]
        for name, keys in stored.items()
        if isinstance(keys, list)
    }


def list_presets() -> dict[str, list[str]]:
    """All presets, name → column keys: built-in first, then the columns of the last roster
    export (as "上次导出的列"), then the clerk's own."""
    presets = {name: list(keys) for name, keys in BUILTIN_PRESETS.items()}
    last = last_columns()
    if last:
        presets[LAST_PRESET] = last
    presets.update({n: k for n, k in _user_presets().items() if n not in presets})
    return presets


def last_columns() -> list[str]:
    """The columns of the last roster export, in order ([] before the first)."""
    stored = get_setting(LAST_COLUMNS_SETTING, []) or []
    return [k for k in stored if k in COLUMN_BY_KEY] if isinstance(stored, list) else []


def remember_last_columns(keys: list[str] | tuple[str, ...]) -> None:
    if is_read_only():
        return  # a convenience: a read-only data folder just does not remember them
    set_setting(LAST_COLUMNS_SETTING, list(keys))


def is_fixed_preset(name: str) -> bool:
    """Built-in presets and "上次导出的列" cannot be saved over or deleted."""
    return name in BUILTIN_PRESETS or name == LAST_PRESET


def save_preset(name: str, keys: list[str] | tuple[str, ...]) -> None:
    """Save (or replace) the clerk's preset ``name``."""
    name = name.strip()
    if not name:
        raise PresetError("请填写方案名称")
    if is_fixed_preset(name):
        raise PresetError(f"“{name}”是内置方案，不能覆盖，请换一个名称")
    columns_for(list(keys))
    if not keys:
        raise PresetError("请至少选择一列")
    presets = _user_presets()
    presets[name] = list(keys)
    set_setting(PRESETS_SETTING, presets)


def delete_preset(name: str) -> None:
    """Remove the clerk's preset ``name`` (built-in presets stay)."""
    if is_fixed_preset(name):
        raise PresetError(f"“{name}”是内置方案，不能删除")
    presets = _user_presets()
    if name not in presets:
        raise PresetError(f"没有名为“{name}”的方案")
    del presets[name]
    set_setting(PRESETS_SETTING, presets)
