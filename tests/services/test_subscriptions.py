"""一刊一报 on a real data folder: publications, the first year from the roster, one paper of
one's own choice, rolling a year forward in one step, the order list read back from the xlsx,
and labels for a publication's subscribers."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import openpyxl
import pytest

from lao_gan_bu_desktop.core import clock
from lao_gan_bu_desktop.services import labels, subscriptions
from lao_gan_bu_desktop.services.roster import create_person, set_status
from lao_gan_bu_desktop.services.subscriptions import SubscriptionError
from lao_gan_bu_desktop.storage.backup import list_backups


@pytest.fixture
def zone(ctx) -> dict[str, int]:
    """Three people and the publications: one 统一订阅, one 赠阅, two papers to choose from."""
    ids = {
        "张桂兰": create_person(
            {
                "name": "张桂兰",
                "unit": "财政金融局",
                "address": "科学大道1号",
                "postcode": "450001",
                "newspaper": "河南日报",
            }
        ),
        "李建国": create_person(
            {
                "name": "李建国",
                "unit": "科技局",
                "address": "翠竹街2号",
                "postcode": "450001",
                "newspaper": "《大河报》",
            }
        ),
        "王秀英": create_person({"name": "王秀英", "unit": "科技局", "address": "长椿路3号"}),
    }
    ids["journal"] = subscriptions.save_publication(None, "《老年春秋》", "刊物", "统一订阅")
    ids["gift"] = subscriptions.save_publication(None, "某区时报", "报纸", "赠阅")
    ids["henan"] = subscriptions.save_publication(None, "河南日报", "报纸", "自选")
    ids["dahe"] = subscriptions.save_publication(None, "大河报", "报纸", "自选")
    return ids


def test_publication_rules(zone) -> None:
    names = [p["name"] for p in subscriptions.list_publications()]
    assert names == ["老年春秋", "某区时报", "河南日报", "大河报"]  # 《》 taken off the name
    with pytest.raises(SubscriptionError, match="已有名为《大河报》"):
        subscriptions.save_publication(None, "大河报", "报纸", "自选")
    with pytest.raises(SubscriptionError, match="不能为空"):
        subscriptions.save_publication(None, " ", "报纸", "自选")
    with pytest.raises(SubscriptionError, match="订阅方式"):
        subscriptions.save_publication(None, "人民日报", "报纸", "摊派")
    renamed = subscriptions.save_publication(zone["gift"], "新区时报", "报纸", "赠阅")
    assert renamed == zone["gift"]
    assert subscriptions.publication_by_name("《新区时报》")["id"] == zone["gift"]


def test_first_year_from_the_roster_then_roll_forward(zone) -> None:
    first = subscriptions.roll_forward(2026)
    assert first == {"year": 2026, "from_year": None, "persons": 3, "rows": 8}
    table = subscriptions.year_table(2026)
    by_name = {p["name"]: p for p in table["persons"]}
    assert by_name["张桂兰"]["newspaper"] == "河南日报"
    assert by_name["李建国"]["newspaper"] == "大河报"  # 《大河报》 in the roster still matches
    assert by_name["王秀英"]["newspaper"] == ""
    assert table["missing_choice"] == 1
    assert table["counts"][zone["journal"]] == 3 and table["counts"][zone["gift"]] == 3

    # one paper of one's own choice only
    with pytest.raises(SubscriptionError, match="自选一份报纸"):
        subscriptions.set_choices(
            zone["王秀英"], 2026, [zone["journal"], zone["henan"], zone["dahe"]]
        )
    subscriptions.set_choices(zone["王秀英"], 2026, [zone["journal"], zone["gift"], zone["dahe"]])
    assert subscriptions.person_choices(zone["王秀英"], 2026) == {
        zone["journal"]: 1,
        zone["gift"]: 1,
        zone["dahe"]: 1,
    }

    # the next year: last year's choices, a stopped paper dropped, a newcomer from the roster
    subscriptions.save_publication(zone["henan"], "河南日报", "报纸", "自选", active=False)
    newcomer = create_person({"name": "赵敏", "address": "莲花街4号", "newspaper": "大河报"})
    set_status([zone["李建国"]], "已故", _dt.date(2026, 10, 1))
    rolled = subscriptions.roll_forward(2027)
    assert rolled["from_year"] == 2026 and rolled["persons"] == 3
    next_year = {p["name"]: p for p in subscriptions.year_table(2027)["persons"]}
    assert set(next_year) == {"张桂兰", "王秀英", "赵敏"}
    assert next_year["张桂兰"]["newspaper"] == ""  # 河南日报 no longer ordered
    assert next_year["王秀英"]["newspaper"] == "大河报"
    assert next_year["赵敏"]["newspaper"] == "大河报"
    assert zone["journal"] in next_year["张桂兰"]["choices"]
    assert subscriptions.years() == [2027, 2026]
    assert newcomer in subscriptions.subscriber_ids(zone["dahe"], 2027)

    with pytest.raises(SubscriptionError, match="2027 年已有订阅记录"):
        subscriptions.roll_forward(2027)


def test_roll_forward_makes_a_backup_and_needs_publications(ctx, tmp_path) -> None:
    create_person({"name": "张三"})
    with pytest.raises(SubscriptionError, match="还没有在订的刊物"):
        subscriptions.roll_forward(2026)
    subscriptions.save_publication(None, "老年春秋", "刊物", "统一订阅")
    subscriptions.roll_forward(2026)
    reasons = [b.reason for b in list_backups(ctx.data_dir)]
    assert reasons == ["2026年订阅结转前"]


def test_order_list_workbook_reads_back(zone, tmp_path: Path) -> None:
    subscriptions.roll_forward(2026)
    target = tmp_path / "订阅清单.xlsx"
    with clock.frozen(_dt.date(2026, 11, 29)):
        subscriptions.export_order_list(2026, target)
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames == ["汇总", "老年春秋", "某区时报", "河南日报", "大河报"]
    summary = wb["汇总"]
    assert [c.value for c in summary[3]] == ["序号", "刊物名称", "类别", "订阅方式", "人数", "份数"]
    assert [c.value for c in summary[4]][1:] == ["老年春秋", "刊物", "统一订阅", 3, 3]
    assert summary.cell(row=summary.max_row, column=1).value == "合计"
    assert summary.cell(row=summary.max_row, column=6).value == 3 + 3 + 1 + 1
    journal = wb["老年春秋"]
    assert journal["A1"].value == "2026年《老年春秋》订阅清单"
    assert [c.value for c in journal[3]] == [
        "序号",
        "姓名",
        "原单位",
        "投递地址",
        "邮政编码",
        "联系电话",
        "份数",
    ]
    rows = [[c.value for c in r] for r in journal.iter_rows(min_row=4, max_row=6)]
    assert {r[1] for r in rows} == {"张桂兰", "李建国", "王秀英"}
    assert ["张桂兰", "财政金融局", "科学大道1号", "450001"] in [r[1:5] for r in rows]
    assert journal.freeze_panes == "A4"
    assert wb["大河报"].cell(row=4, column=2).value == "李建国"
    with pytest.raises(SubscriptionError, match=r"\.xlsx"):
        subscriptions.export_order_list(2026, tmp_path / "x.csv")
    with pytest.raises(SubscriptionError, match="2025 年还没有订阅记录"):
        subscriptions.export_order_list(2025, tmp_path / "y.xlsx")


def test_labels_for_a_publication_in_a_year(zone) -> None:
    subscriptions.roll_forward(2026)
    chosen = labels.select_recipients(publication="大河报", publication_year=2026)
    assert [r.names for r in chosen.recipients] == [("李建国",)]
    everyone = labels.select_recipients(publication="老年春秋", publication_year=2026)
    assert everyone.persons == 3
    assert labels.select_recipients(publication="大河报", publication_year=2027).persons == 0
    with pytest.raises(SubscriptionError, match="没有名为《人民日报》的刊物"):
        labels.select_recipients(publication="人民日报", publication_year=2026)
    assert labels.subscription_publications() == ["老年春秋", "某区时报", "河南日报", "大河报"]
