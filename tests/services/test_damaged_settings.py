"""A setting whose stored value is not JSON (edited by hand in a database browser, or cut
short) gives its default: the features that read it keep working instead of failing with an
internal error."""

from __future__ import annotations

import json

from lao_gan_bu_desktop.__main__ import main
from lao_gan_bu_desktop.services import settings
from lao_gan_bu_desktop.storage.models import Setting


def test_a_setting_that_is_not_json_gives_its_default(ctx) -> None:
    settings.set_setting("zone_name", "高新区")
    settings.set_setting("visit_rules", {"ages": [80, 90]})
    Setting.update(value="高新区").where(Setting.key == "zone_name").execute()  # quotes lost
    Setting.update(value='{"ages": [80,').where(Setting.key == "visit_rules").execute()
    assert settings.get_setting("zone_name") == ""
    assert settings.get_setting("visit_rules", {"ages": []}) == {"ages": []}
    settings.set_setting("zone_name", "高新区")  # set again, it reads back
    assert settings.get_setting("zone_name") == "高新区"


def test_commands_keep_working_over_a_damaged_setting(demo_ctx, capsys) -> None:
    Setting.update(value='{"name": "郑州').where(Setting.key == "labels.sender").execute()
    Setting.update(value="高新区").where(Setting.key == "zone_name").execute()
    demo_ctx.close()
    data = str(demo_ctx.data_dir)
    assert main(["--data-dir", data, "stats", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)
    out = demo_ctx.data_dir.parent / "标签.pdf"
    assert main(["--data-dir", data, "labels", "--sender", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
