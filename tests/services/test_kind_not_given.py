"""A person without a 离退休类别 (an import leaves 退职 blank) is counted and found as 未填类别:
in a unit's counts, in the statistics, and by the roster's 类别 filter."""

from __future__ import annotations

from pathlib import Path

from lao_gan_bu_desktop.core.roster_filter import RosterFilter
from lao_gan_bu_desktop.core.vocab import KIND_NOT_GIVEN
from lao_gan_bu_desktop.services.import_apply import import_file
from lao_gan_bu_desktop.services.roster import list_persons
from lao_gan_bu_desktop.services.stats import compute_stats
from lao_gan_bu_desktop.services.units import list_units
from tests.import_helpers import LI, WANG, ZHANG, write_xlsx


def test_a_blank_kind_is_counted_and_found_as_not_given(ctx, tmp_path: Path) -> None:
    rows = [
        ["姓名", "身份证号码", "类别"],
        ["张三", ZHANG, "退休"],
        ["李四", LI, "离休"],
        ["王五", WANG, "退职"],
    ]
    path = write_xlsx(tmp_path / "名单.xlsx", {"名单": rows})
    assert import_file(path, "某某局", ctx.data_dir)["imported"] == 3
    unit = next(u for u in list_units() if u["name"] == "某某局")
    assert unit["by_kind"] == {"离休": 1, "退休": 1, KIND_NOT_GIVEN: 1}
    assert compute_stats()["by_kind"][KIND_NOT_GIVEN] == 1
    found = list_persons(RosterFilter(retirement_kind=KIND_NOT_GIVEN))
    assert [p["name"] for p in found] == ["王五"]
    assert [p["name"] for p in list_persons(RosterFilter(retirement_kind="离休"))] == ["李四"]
