"""Label runs on the demo zone: who gets one, households, copies, start, templates, offset."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from lao_gan_bu_desktop.core.label_layout import MM, LabelLayoutError, LabelTemplate, label_rect
from lao_gan_bu_desktop.core.roster_filter import RosterFilter
from lao_gan_bu_desktop.services import labels
from lao_gan_bu_desktop.services.roster import update_person
from lao_gan_bu_desktop.storage.models import Person
from tests.conftest import FIXED_TODAY

OUTSIDE = RosterFilter(residence_area="省外")


def _names_on(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "".join(page.extract_text() or "" for page in pdf.pages)


def test_outside_the_province_household_merged_and_people_without_address_listed(
    demo_ctx, tmp_path: Path
) -> None:
    ids = labels.select_recipients(OUTSIDE, day=FIXED_TODAY).recipients
    assert len(ids) == 8
    first, second, third = (r.person_ids[0] for r in ids[:3])
    # the second moves in with the first; the third has no address any more
    target = Person.get_by_id(first)
    update_person(second, {"address": target.address, "postcode": target.postcode})
    update_person(third, {"address": ""})
    names = {pid: Person.get_by_id(pid).name for pid in (first, second, third)}

    options = labels.LabelOptions(template_id="L7160", household=True, copies=2)
    out = tmp_path / "out.pdf"
    run = labels.make_labels(out, options, flt=OUTSIDE, day=FIXED_TODAY)
    assert run.persons == 8
    assert run.recipients == 6  # 8 − 1 merged − 1 without address
    assert run.labels == 12
    assert [x.name for x in run.left_out] == [names[third]]
    assert names[third] in run.summary() and "没有地址" in run.summary()
    text = _names_on(out)
    pair = sorted((names[first], names[second]), key=lambda n: text.find(n))
    assert f"{pair[0]} {pair[1]} 同志 收" in text
    assert text.count(f"{pair[0]} {pair[1]} 同志 收") == 2
    assert names[third] not in text


def test_selection_keeps_its_order_and_journal_takers_only(demo_ctx) -> None:
    ids = [p.id for p in Person.select(Person.id).order_by(Person.id.desc()).limit(5)]
    update_person(ids[1], {"journal": ""})
    everyone = labels.select_recipients(person_ids=ids, day=FIXED_TODAY)
    assert [r.person_ids[0] for r in everyone.recipients] == ids
    takers = labels.select_recipients(person_ids=ids, journal_only=True, day=FIXED_TODAY)
    assert [r.person_ids[0] for r in takers.recipients] == [ids[0], *ids[2:]]


def test_start_position_puts_the_first_label_in_that_cell(demo_ctx, tmp_path: Path) -> None:
    labels.set_offset(1.0, -0.5)
    options = labels.LabelOptions(template_id="L7651", start=64)
    out = tmp_path / "start.pdf"
    run = labels.make_labels(out, options, flt=OUTSIDE, day=FIXED_TODAY)
    assert run.pages == 2
    template = labels.get_template("L7651")
    cell = label_rect(template, 64, (1.0, -0.5))
    with pdfplumber.open(out) as pdf:
        chars = [c for c in pdf.pages[0].chars if not c["text"].isspace()]
    assert chars
    assert min(c["x0"] for c in chars) >= cell.x * MM
    assert min(c["top"] for c in chars) >= cell.y * MM
    assert max(c["bottom"] for c in chars) <= 297 * MM


def test_user_templates_and_offset_are_kept_in_the_settings(ctx) -> None:
    own = LabelTemplate("office-2x5", "办公室 2×5", 2, 5, 5, 10, 100, 55, 100, 55)
    labels.save_template(own)
    assert labels.get_template("office-2x5") == own
    assert not own.builtin and labels.list_templates()[-1] == own
    with pytest.raises(LabelLayoutError, match="超出纸高"):
        labels.save_template(LabelTemplate("bad", "坏", 2, 6, 5, 10, 100, 55, 100, 55))
    with pytest.raises(LabelLayoutError, match="内置"):
        labels.save_template(LabelTemplate("L7160", "冒名", 2, 5, 5, 10, 100, 55, 100, 55))
    from lao_gan_bu_desktop.services.settings import get_setting, set_setting

    set_setting(labels.USER_TEMPLATES_KEY, [*get_setting(labels.USER_TEMPLATES_KEY), {"id": "x"}])
    assert [t.id for t in labels.list_templates() if not t.builtin] == ["office-2x5"]
    labels.delete_template("office-2x5")
    with pytest.raises(LabelLayoutError, match="没有编号"):
        labels.get_template("office-2x5")
    assert labels.get_offset() == (0.0, 0.0)
    labels.set_offset(1.25, -2)
    assert labels.get_offset() == (1.25, -2.0)
    with pytest.raises(LabelLayoutError, match="太大"):
        labels.set_offset(30, 0)
    assert labels.get_offset() == (1.25, -2.0)


def test_nothing_to_print_says_why(ctx, tmp_path: Path) -> None:
    with pytest.raises(LabelLayoutError, match="没有选中任何人"):
        labels.make_labels(tmp_path / "x.pdf", labels.LabelOptions(), flt=RosterFilter())
    assert not (tmp_path / "x.pdf").exists()
    with pytest.raises(LabelLayoutError, match="起始位置"):
        labels.make_labels(tmp_path / "x.pdf", labels.LabelOptions(start=22))


def test_envelopes_carry_the_sender_from_the_settings(demo_ctx, tmp_path: Path) -> None:
    assert labels.default_sender()["address"].startswith("郑州市高新区")  # the demo step
    labels.set_sender("郑州高新区老干部科", "郑州市高新区翠竹街1号", "450001")
    out = tmp_path / "env.pdf"
    run = labels.make_envelopes(out, "C5", flt=OUTSIDE, title="先生", action="启", day=FIXED_TODAY)
    assert run.pages == 8
    text = _names_on(out)
    assert text.count("郑州高新区老干部科") == 8 and "先生 启" in text
    with pytest.raises(LabelLayoutError, match="6 位数字"):
        labels.set_sender("x", "y", "4500")
    with pytest.raises(LabelLayoutError, match="DL"):
        labels.make_envelopes(out, "B5", flt=OUTSIDE)


def test_the_deceased_are_never_sent_a_letter_and_postcode_order(demo_ctx) -> None:
    from lao_gan_bu_desktop.services.roster import set_status

    ids = [p.id for p in Person.select(Person.id).order_by(Person.id).limit(30)]
    set_status([ids[0]], "已故", FIXED_TODAY)
    chosen = labels.select_recipients(person_ids=ids, sort_by_postcode=True, day=FIXED_TODAY)
    assert [x.reason for x in chosen.left_out] == ["已故，不寄送"]
    assert ids[0] not in {r.person_ids[0] for r in chosen.recipients}
    postcodes = [r.postcode for r in chosen.recipients]
    assert postcodes == sorted(postcodes) and len(set(postcodes)) > 1


def test_missing_postcodes_are_not_said_to_be_printed_before_printing() -> None:
    """The summary is shown under the preview before anything is printed."""
    import dataclasses

    from lao_gan_bu_desktop.services.labels import LabelRun

    values = {f.name: [] if "list" in str(f.type) else 0 for f in dataclasses.fields(LabelRun)}
    values |= {"labels": 3, "recipients": 3, "pages": 1, "persons": 3, "envelopes": False}
    values["no_postcode"] = ["张三", "李四", "王五"]
    text = LabelRun(**values).summary()
    assert "3 人缺邮政编码（邮编处空着）：张三、李四、王五，请在花名册里补上" in text
    assert "已打印" not in text


def test_preview_names_everyone_whose_label_is_cut_short_on_any_sheet(demo_ctx) -> None:
    """The preview draws the first sheet only; the people on later sheets whose label cannot
    hold its text at the minimum sizes are named all the same, before anything is printed."""
    import io

    people = list(Person.select().where(Person.status == "在册").order_by(Person.id))
    far = people[-1]  # on a later sheet of L7651 (65 a sheet) whatever the order
    update_person(
        far.id,
        {
            "address": "河南省郑州市高新技术产业开发区科学大道与长椿路交叉口向北200米路东"
            "瑞达路街道办事处家属院12号楼3单元1201室（东门进）"
        },
    )
    options = labels.LabelOptions(template_id="L7651", with_sender=True)
    order = [r.person_ids[0] for r in labels.select_recipients(None, None).recipients]
    assert order.index(far.id) >= 65  # not on the sheet the preview draws
    preview = labels.make_labels(io.BytesIO(), options, limit_sheets=1)
    full = labels.make_labels(io.BytesIO(), options)
    assert far.name in full.overflow_names
    assert preview.overflow_names == full.overflow_names
    assert "最小字号" in preview.summary() and far.name in preview.summary()
