"""The label sheets that ship with the program: resources/labels/templates.json."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from ..core.label_layout import LabelLayoutError, LabelTemplate, template_problems
from ..core.resources import resources_dir

TEMPLATES_FILE = resources_dir() / "labels" / "templates.json"


@cache
def builtin_templates(path: Path = TEMPLATES_FILE) -> tuple[LabelTemplate, ...]:
    """The shipped templates, each checked to fit its paper."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise LabelLayoutError(
            f"找不到或读不了标签模板文件 {path}（{exc}），请重新安装程序。"
        ) from exc
    templates = []
    for item in data["templates"]:
        t = LabelTemplate.from_dict(item, builtin=True)
        problems = template_problems(t)
        if problems:
            raise LabelLayoutError(f"内置标签模板 {t.id} 有误：{'；'.join(problems)}")
        templates.append(t)
    return tuple(templates)
