"""使用说明: the task-oriented guide shipped in resources/help (guide.md and its pictures).

The guide is Markdown, one ``## 标题`` per section; the pictures next to it are made from the
demo data by scripts/help_screenshots.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..core.resources import resources_dir

SECTIONS: tuple[str, ...] = (
    "第一次使用",
    "导入各单位报来的表格",
    "查找和修改人员",
    "走访慰问与节日慰问名单",
    "特困帮扶",
    "导出给领导的表格",
    "打印标签和信封",
    "备份与恢复",
    "日常工作：刊物、通报、活动和单位",
    "党组织",
    "操作员与几台电脑共用",
)
# The section F1 opens on each tab of the main window.
TAB_SECTIONS: dict[str, str] = {
    "home": "第一次使用",
    "roster": "查找和修改人员",
    "calendar": "走访慰问与节日慰问名单",
    "aid": "特困帮扶",
    "imports": "导入各单位报来的表格",
    "office": "日常工作：刊物、通报、活动和单位",
    "party": "党组织",
}


@dataclass(frozen=True)
class HelpSection:
    title: str
    markdown: str


def help_folder() -> Path:
    """resources/help (next to the package, or in the bundle)."""
    return resources_dir() / "help"


def guide_sections(folder: Path | None = None) -> list[HelpSection]:
    """The sections of the guide, in order."""
    text = ((folder or help_folder()) / "guide.md").read_text(encoding="utf-8")
    sections: list[HelpSection] = []
    for chunk in text.split("\n## "):
        chunk = chunk.removeprefix("## ").strip()
        if not chunk:
            continue
        title, _, body = chunk.partition("\n")
        sections.append(HelpSection(title.strip(), body.strip()))
    return sections
