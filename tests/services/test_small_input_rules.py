"""The smaller input rules of issue 14 (item 12): a name length limit, an import of nothing but
errors leaves no trace, searching for % or _ finds them literally, the log holds no personal
values."""

from __future__ import annotations

import json
import logging
import sqlite3
from pathlib import Path

import pytest

from lao_gan_bu_desktop.__main__ import main
from lao_gan_bu_desktop.core.roster_filter import RosterFilter
from lao_gan_bu_desktop.services import roster
from tests.import_helpers import ZHANG


def test_a_name_has_a_length_limit(ctx) -> None:
    with pytest.raises(roster.PersonValidationError) as caught:
        roster.create_person({"name": "王" * 40_000})
    assert "超过了50个字的上限" in caught.value.errors["name"]
    assert len(caught.value.errors["name"]) < 100  # the name itself is not repeated back
    assert roster.create_person({"name": "阿卜杜热合曼·买买提艾力"})


@pytest.mark.sqlite_only("测试直接用 sqlite3 读写数据文件")
def test_an_import_of_nothing_but_errors_makes_no_batch_and_no_backup(
    tmp_path: Path, capsys
) -> None:
    data = tmp_path / "zone"
    source = tmp_path / "名单.csv"
    source.write_text(
        "姓名,公民身份号码\n王五,410105203101014019\n,12345\n" + "王" * 60 + ",\n",
        encoding="utf-8",
    )
    code = main(["--data-dir", str(data), "import", str(source), "--unit", "科技局", "--json"])
    summary = json.loads(capsys.readouterr().out)
    assert code == 0 and summary["imported"] == 0 and summary["batch_id"] is None
    assert len({i["row"] for i in summary["invalid"]}) == 3
    assert not (data / "backups").exists() or not any((data / "backups").iterdir())
    with sqlite3.connect(data / "lao_gan_bu.sqlite3") as con:
        assert con.execute("SELECT COUNT(*) FROM import_batch").fetchone() == (0,)
    con.close()

    from lao_gan_bu_desktop.services.app import open_app
    from lao_gan_bu_desktop.services.import_apply import apply_plan
    from lao_gan_bu_desktop.services.import_errors import ImportServiceError
    from lao_gan_bu_desktop.services.importing import open_source, plan_import, suggest_mapping

    context = open_app(data, daily_backup=False)
    try:
        source_file = open_source(source)
        plan = plan_import(source_file, "科技局", suggest_mapping(source_file))
        with pytest.raises(ImportServiceError, match="每一行都有错误"):
            apply_plan(plan, data)
    finally:
        context.close()
    assert not (data / "backups").exists() or not any((data / "backups").iterdir())


def test_searching_for_percent_and_underscore_is_literal(ctx) -> None:
    ids = {
        name: roster.create_person({"name": name}) for name in ("王_五", "王某五", "李%", "李四")
    }

    def found(text: str) -> set[str]:
        people = roster.list_persons(RosterFilter(text=text, statuses=()))
        return {p["name"] for p in people}

    assert found("王_") == {"王_五"}
    assert found("_") == {"王_五"}
    assert found("%") == {"李%"}
    assert found("李%") == {"李%"}
    assert found("王") == {"王_五", "王某五"}
    assert len(ids) == 4


def test_the_log_holds_no_personal_values(ctx, tmp_path: Path) -> None:
    log_file = ctx.data_dir / "logs" / "lao_gan_bu.log"
    log = logging.getLogger("lao_gan_bu_desktop.test")
    address = "".join(["文化路", "1号院"])  # built, so that no source line shown holds it
    try:
        try:
            raise ValueError(f"{address} {ZHANG} cannot be used in worksheets.")
        except ValueError as exc:
            raise RuntimeError(f"导出失败：{address}") from exc
    except RuntimeError:
        log.exception("导出花名册出错（人员编号 17）")
    log.info("保存失败：该身份证号已登记在“张三”名下（编号 3）；电话 13803711234")
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = log_file.read_text(encoding="utf-8")
    assert "人员编号 17" in text and "编号 3" in text
    assert "ValueError" in text and "RuntimeError" in text and "test_small_input_rules" in text
    for personal in ("文化路1号院", ZHANG, "张三", "13803711234"):
        assert personal not in text
