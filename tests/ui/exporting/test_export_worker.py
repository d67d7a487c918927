"""The export worker: progress, cancel, Chinese errors, tracebacks only to the log."""

from __future__ import annotations

import logging
import time

from lao_gan_bu_desktop.services.exporting import ExportCancelled, ExportError
from lao_gan_bu_desktop.ui.exporting.worker import UNEXPECTED, ExportWorker


def _endless(progress) -> None:
    # Reports as a real export does, between pieces of work (a tight loop of cross-thread
    # signals only floods the event queue and is no export's shape).
    for i in range(10**9):
        time.sleep(0.001)
        if progress(i, 10**9) is False:
            raise ExportCancelled


def test_cancel_stops_the_job(qtbot) -> None:
    worker = ExportWorker(_endless)
    with qtbot.waitSignal(worker.cancelled, timeout=10000):
        worker.start()
        qtbot.waitSignal(worker.progress, timeout=20000).wait()
        worker.cancel()
    assert worker.thread.wait(5000)


def test_user_error_and_unexpected_error(qtbot, caplog) -> None:
    def user_error(progress):
        raise ExportError("文件夹不存在，请另选保存位置")

    worker = ExportWorker(user_error)
    with qtbot.waitSignal(worker.failed, timeout=10000) as blocker:
        worker.start()
    assert blocker.args == ["文件夹不存在，请另选保存位置"]
    worker.thread.wait(5000)

    def bug(progress):
        raise RuntimeError("boom")

    worker = ExportWorker(bug)
    with caplog.at_level(logging.ERROR), qtbot.waitSignal(worker.failed, timeout=10000) as blocker:
        worker.start()
    assert blocker.args == [UNEXPECTED] and "Traceback" not in blocker.args[0]
    assert any("boom" in (r.exc_text or str(r.exc_info)) for r in caplog.records)
    worker.thread.wait(5000)


def test_result_comes_back(qtbot) -> None:
    worker = ExportWorker(lambda progress: (progress(1, 1), "完成")[1])
    with qtbot.waitSignal(worker.finished, timeout=10000) as blocker:
        worker.start()
    assert blocker.args == ["完成"]
    worker.thread.wait(5000)
