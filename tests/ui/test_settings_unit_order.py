"""设置 → 单位顺序: the clerk moves a unit up, saves, and every output follows."""

from __future__ import annotations

from lao_gan_bu_desktop.core.pinyin import sort_key
from lao_gan_bu_desktop.services import units
from lao_gan_bu_desktop.storage.models import AuditLog
from lao_gan_bu_desktop.ui.settings_dialog import SettingsDialog


def test_moving_a_unit_up_and_saving_sets_the_order(demo_ctx, qtbot) -> None:
    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    names = dialog.unit_order()
    assert names == sorted(names, key=sort_key)
    last = names[-1]
    dialog.unit_list.setCurrentRow(len(names) - 1)
    for _ in range(len(names)):  # to the top; one press too many does nothing
        dialog.move_unit(-1)
    assert dialog.unit_order()[0] == last
    dialog.save()
    assert units.ordered_units()[0] == last
    assert AuditLog.select().where(AuditLog.summary.contains("单位顺序")).exists()
    again = SettingsDialog()
    qtbot.addWidget(again)
    assert again.unit_order()[0] == last
    again.units_in_pinyin_order()
    again.save()
    assert units.ordered_units() == names
