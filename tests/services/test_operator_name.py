"""The operator (经办人 on forms, the audit log) is the name in 设置, never the login name."""

from __future__ import annotations

import getpass

from lao_gan_bu_desktop.services import audit
from lao_gan_bu_desktop.services.settings import operator_name, set_setting
from lao_gan_bu_desktop.storage.models import AuditLog


def test_no_name_set_means_no_name_not_the_login(ctx, monkeypatch) -> None:
    monkeypatch.setattr(getpass, "getuser", lambda: "Administrator")
    assert operator_name() == ""
    audit.record("修改", "setting", None, "测试")
    assert AuditLog.select().order_by(AuditLog.id.desc()).get().operator == ""


def test_the_settings_name_wins(ctx, monkeypatch) -> None:
    monkeypatch.setattr(getpass, "getuser", lambda: "Administrator")
    set_setting("operator", " 王丽 ")
    assert operator_name() == "王丽"
    audit.record("修改", "setting", None, "测试")
    assert AuditLog.select().order_by(AuditLog.id.desc()).get().operator == "王丽"
