"""Starting the window: QApplication, Chinese Qt translations, font, single-instance lock, smoke.

``run_gui(data_dir, demo=..., smoke=...)`` is what the composition root calls. A second start on
the same data folder finds the QLockFile held and says so instead of opening the database twice.
``--smoke`` exits with 0 right after the window's first paint (CI and the start-up benchmark); the
window opens the database only after that paint, so a smoke start does not open it.
"""

from __future__ import annotations

import gc
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QLibraryInfo, QLockFile, QObject, QSettings, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from ..services.app import AppContext

log = logging.getLogger(__name__)

ORGANIZATION = "LaoGanBu"
APPLICATION = "LaoGanBu"
LOCK_FILENAME = "lao_gan_bu.lock"
LOCKED_MESSAGE = (
    "数据文件夹正由另一个老干部工作台窗口使用：\n{folder}\n\n"
    "请切换到已经打开的窗口（看看任务栏）。如果确实没有打开，请稍候再试。"
)
SMOKE_TIMEOUT_MS = 20000
WINDOWS_FONT = "Microsoft YaHei UI"  # 微软雅黑
CJK_FONTS = (
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "PingFang SC",
)


def application() -> QApplication:
    """The QApplication (reusing one that exists), named for QSettings."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    QApplication.setOrganizationName(ORGANIZATION)
    QApplication.setApplicationName(APPLICATION)
    QApplication.setApplicationDisplayName("老干部工作台")
    return app  # type: ignore[return-value]


def install_translations(app: QApplication) -> list[QTranslator]:
    """Load Qt's own zh_CN translations so standard dialogs and buttons read in Chinese."""
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    loaded: list[QTranslator] = []
    for name in ("qtbase_zh_CN",):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            loaded.append(translator)
        else:
            log.warning("找不到 Qt 中文翻译 %s（%s）", name, folder)
    return loaded


def ensure_cjk_font(app: QApplication) -> None:
    """Use 微软雅黑 on Windows; elsewhere pick a CJK font when the default has no Chinese."""
    if sys.platform == "win32":
        font = QFont(WINDOWS_FONT, 9)
        app.setFont(font)
        return
    family = app.font().family()
    chinese = QFontDatabase.WritingSystem.SimplifiedChinese
    if chinese in QFontDatabase.writingSystems(family):
        return
    available = set(QFontDatabase.families(chinese))
    for name in CJK_FONTS:
        if name in available:
            font = app.font()
            font.setFamily(name)
            app.setFont(font)
            return


def acquire_lock(data_dir: Path) -> QLockFile | None:
    """The lock of the data folder, or None when another window holds it."""
    data_dir.mkdir(parents=True, exist_ok=True)
    lock = QLockFile(str(data_dir / LOCK_FILENAME))
    lock.setStaleLockTime(0)  # only a dead process's lock is stale, however long it ran
    if lock.tryLock(100):
        return lock
    return None


class _FirstPaint(QObject):
    """Quits the application with code 0 after the watched window's first paint."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._app = app
        self.painted = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.painted and event.type() == QEvent.Type.Paint:
            self.painted = True
            self._app.exit(0)  # the loop returns once this paint is done; later work never runs
        return False


def _tell(message: str, *, smoke: bool, title: str = "老干部工作台") -> None:
    if smoke or QGuiApplication.platformName() == "offscreen":
        sys.stderr.write(message + "\n")
    else:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(None, title, message)


def run_gui(
    data_dir: Path, *, demo: bool = False, smoke: bool = False, settings: QSettings | None = None
) -> int:
    """Open the window on ``data_dir``; returns the exit code.

    ``settings`` (tests) replaces the user's QSettings for the window layout.
    """

    data_dir = Path(data_dir)
    app = application()
    translators = install_translations(app)
    ensure_cjk_font(app)
    from .common import font_size

    font_size.apply_scale(font_size.saved_scale(settings if settings is not None else QSettings()))
    lock = acquire_lock(data_dir)
    if lock is None:
        _tell(LOCKED_MESSAGE.format(folder=data_dir), smoke=smoke)
        return 1
    try:
        return _run_locked(app, data_dir, demo=demo, smoke=smoke, settings=settings)
    finally:
        lock.unlock()
        for translator in translators:
            app.removeTranslator(translator)


def _run_locked(
    app: QApplication, data_dir: Path, *, demo: bool, smoke: bool, settings: QSettings | None
) -> int:
    from .backups.daily import DailyBackup
    from .common.errors import install_excepthook, show_error
    from .main_window import MainWindow

    window = None
    daily = DailyBackup(data_dir)
    try:
        install_excepthook()
        # The window paints its frame first and opens the data right after (see MainWindow).
        window = MainWindow(
            None,
            settings=settings,
            data_dir=data_dir,
            open_data=lambda: open_data(data_dir, demo=demo),
        )

        def data_failed(exc: Exception) -> None:
            from ..storage.errors import DatabaseDamagedError, StorageError

            message = getattr(exc, "message", "")
            if isinstance(exc, DatabaseDamagedError) and not smoke:
                from .backups.damaged_data import offer_restore

                message = offer_restore(window, data_dir, message)
                if message is None:  # restored: open it
                    QTimer.singleShot(0, window, window.retry_data)
                    return
            if isinstance(exc, StorageError):
                _tell(message, smoke=smoke, title="无法打开数据")
            elif smoke:
                sys.stderr.write(f"启动失败：{exc}\n")
            else:
                show_error(window, exc, "无法打开数据")
            app.exit(1)

        def data_opened() -> None:
            daily.finished.connect(window.show_status)
            if daily.start():
                window.show_status("正在进行今天的自动备份……", 0)

        window.data_failed.connect(data_failed)
        window.data_opened.connect(data_opened)
        watcher = None
        # A smoke start gives up after SMOKE_TIMEOUT_MS. The timer is stopped when the loop ends:
        # left running it would call app.exit() later, outside any exec(), which leaves Qt's
        # "quit now" flag set so that every later QEventLoop.exec() in this process returns at
        # once and no queued event or timer is ever delivered again (tests run in one process).
        give_up = QTimer(app)
        give_up.setSingleShot(True)
        give_up.timeout.connect(lambda: app.exit(3))
        if smoke:
            watcher = _FirstPaint(app)
            window.installEventFilter(watcher)
            give_up.start(SMOKE_TIMEOUT_MS)
        # What start-up built (modules, the window) lives until the program ends: keep it out of
        # every later pass of the garbage collector (and out of the one at exit).
        gc.freeze()
        window.open_window()
        try:
            code = app.exec()
        finally:
            give_up.stop()
            give_up.deleteLater()
        daily.wait()
        window.stop_background_work()  # the loop may end without the window's close
        if smoke and watcher is not None and not watcher.painted:
            sys.stderr.write("冒烟测试失败：窗口未能完成首次绘制\n")
            return 3
        return int(code)
    except Exception as exc:
        log.exception("启动失败")
        if smoke:
            sys.stderr.write(f"启动失败：{exc}\n")
        else:
            show_error(None, exc, "启动失败")
        return 1
    finally:
        daily.wait()
        if window is not None:
            if window.ctx is not None:
                window.ctx.close()
            window.deleteLater()


def open_data(data_dir: Path, *, demo: bool = False) -> AppContext:
    """Open the data folder for the window (its daily backup is made in the background), with
    the demo zone filled in when ``demo`` and the roster is empty."""
    from ..services.app import open_app

    ctx = open_app(data_dir, daily_backup=False)
    if demo:
        try:
            from ..storage.roster_queries import count_persons

            if count_persons(()) == 0:
                from ..services.demo import fill_demo

                fill_demo()
        except BaseException:
            ctx.close()
            raise
    return ctx
