"""README's promise to a newcomer: its first lines are the two commands, every command it shows
is typed as it works from a checkout (``uv run lao-gan-bu``), names a real sub-command with
options the parser knows, and nothing points outside the repository."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from lao_gan_bu_desktop.cli import build_parser

README = Path(__file__).resolve().parent.parent / "README.md"


def _code_lines() -> list[str]:
    text = README.read_text(encoding="utf-8")
    blocks = re.findall(r"```bash\n(.*?)```", text, flags=re.S)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def test_it_starts_with_the_two_commands() -> None:
    lines = _code_lines()
    assert lines[0].startswith("uv run lao-gan-bu --demo")
    assert lines[1].startswith("uv run pytest")


def test_every_command_is_typed_as_it_works_from_a_checkout() -> None:
    text = README.read_text(encoding="utf-8")
    bare = [
        line
        for line in _code_lines()
        if re.match(r"^lao-gan-bu\b", line)  # a bare command is not on a checkout's PATH
    ]
    assert bare == []
    inline = re.findall(r"(?<!uv run )(?<![\w-])`lao-gan-bu [a-z]", text)
    assert inline == []


def test_every_command_names_a_real_sub_command_and_option() -> None:
    parser = build_parser()
    commands = _subparsers(parser)
    seen = 0
    for line in _code_lines():
        if not line.startswith("uv run lao-gan-bu"):
            continue
        words = re.sub(r"\[[^\]]*\]", " ", line.split("#")[0]).split()[3:]
        if not words or words[0].startswith("-"):
            continue
        name, rest = words[0], words[1:]
        assert name in commands, f"README 中的命令 {name} 不存在：{line}"
        target = commands[name]
        sub = _subparsers(target)
        if sub and rest and rest[0] in sub:
            target = sub[rest[0]]
        known = {opt for action in target._actions for opt in action.option_strings}
        for option in re.findall(r"(?<![\w-])--[a-z][a-z-]*", line.split("#")[0]):
            if option in ("--data-dir", "--demo"):
                continue
            assert option in known, f"{name} 没有选项 {option}：{line}"
        seen += 1
    assert seen >= 20


def test_nothing_points_outside_the_repository() -> None:
    text = README.read_text(encoding="utf-8")
    assert "../" not in text
