"""PySide6 6.12 on Python 3.11 dropped a reference to None on every void call and aborted after a
few thousand; pyproject.toml keeps PySide6 below 6.12. This guards any future version bump."""

from __future__ import annotations

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import os
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    import lao_gan_bu_desktop.ui  # noqa: F401
    from PySide6.QtWidgets import QApplication, QTreeWidget, QTreeWidgetItem
    app = QApplication([])
    tree = QTreeWidget()
    head = QTreeWidgetItem(["h"])
    tree.addTopLevelItem(head)
    for i in range(30000):
        child = QTreeWidgetItem([str(i)])
        child.setData(0, 256, i)
        head.addChild(child)
    print("ok")
    os._exit(0)
    """
)


def test_thirty_thousand_void_calls_do_not_kill_python() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-500:]
    assert result.stdout.strip() == "ok"
