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
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from ..core.resources import app_icon_path
from ..services.data_folder import is_new_data_folder
from ..services.folder_lock import LOCK_FILENAME, LOCKED_MESSAGE  # the command line's too

if TYPE_CHECKING:
    from ..services.app import AppContext
    from ..services.office_setup import OfficeSetup

log = logging.getLogger(__name__)

ORGANIZATION = "LaoGanBu"
APPLICATION = "LaoGanBu"
SMOKE_TIMEOUT_MS = 20000
QT_TRANSLATIONS = ("qtbase_zh_CN",)
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
        from .common.qt_translation_gaps import chinese_file_dates

        chinese_file_dates()  # read by Qt once, when the QApplication starts
        app = QApplication(sys.argv[:1])
    QApplication.setOrganizationName(ORGANIZATION)
    QApplication.setApplicationName(APPLICATION)
    QApplication.setApplicationDisplayName("老干部工作台")
    icon = app_icon_path()
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    else:
        log.warning("找不到程序图标 %s", icon)
    return app  # type: ignore[return-value]


def translation_folders() -> list[str]:
    """Where Qt's .qm files may be: Qt's own idea, then PySide6's folders (a frozen build keeps
    them under PySide6/Qt/translations, where Qt's idea may not point)."""
    import PySide6

    package = Path(PySide6.__file__).resolve().parent
    folders = [
        QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
        str(package / "Qt" / "translations"),
        str(package / "translations"),
    ]
    return list(dict.fromkeys(folders))


def install_translations(app: QApplication) -> list[QTranslator]:
    """Load Qt's own zh_CN translations so standard dialogs and buttons read in Chinese."""
    loaded: list[QTranslator] = []
    folders = translation_folders()
    for name in QT_TRANSLATIONS:
        translator = QTranslator(app)
        if any(translator.load(name, folder) for folder in folders):
            app.installTranslator(translator)
            loaded.append(translator)
        else:
            log.warning("找不到 Qt 中文翻译 %s（%s）", name, "；".join(folders))
    if len(loaded) == len(QT_TRANSLATIONS):
        from .common.qt_translation_gaps import install_gap_translator

        loaded.append(install_gap_translator(app))  # what qtbase_zh_CN leaves in English
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
    """The lock of the data folder, or None when another window (or a command that writes)
    holds it."""
    data_dir.mkdir(parents=True, exist_ok=True)
    lock = QLockFile(str(data_dir / LOCK_FILENAME))
    lock.setStaleLockTime(0)  # only a dead process's lock is stale, however long it ran
    if lock.tryLock(100):
        return lock
    if lock.error() == QLockFile.LockError.PermissionError:
        return lock  # a read-only folder: nobody can write it, it opens read-only (unlocked)
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


def missing_parts(app: QApplication, translators: list[QTranslator]) -> list[str]:
    """What a smoke start finds missing that the clerk would see: Qt's Chinese translation (the
    standard buttons would read "Cancel") or the program's icon (a frozen build without them)."""
    missing = []
    if len(translators) <= len(QT_TRANSLATIONS):  # Qt's own and the gaps filled after them
        missing.append("Qt 中文翻译")
    if app.windowIcon().isNull():
        missing.append("程序图标")
    return missing


def _say(message: str) -> None:
    """A diagnostic for the log, and for the console when there is one (a windowed build has
    none: ``sys.stderr`` is None there)."""
    log.warning("%s", message)
    if sys.stderr is not None:
        sys.stderr.write(message + "\n")


def _tell(message: str, *, smoke: bool, title: str = "老干部工作台") -> None:
    if smoke or QGuiApplication.platformName() == "offscreen":
        _say(message)
    else:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(None, title, message)


def run_gui(
    data_dir: Path,
    *,
    demo: bool = False,
    smoke: bool = False,
    settings: QSettings | None = None,
    database_url: str | None = None,
) -> int:
    """Open the window on ``data_dir``; returns the exit code.

    ``settings`` (tests) replaces the user's QSettings for the window layout.
    ``database_url`` (``--database-url``): the data is on that PostgreSQL server.
    """
    from ..services.data_folder import database_url as chosen_url

    data_dir = Path(data_dir)
    app = application()
    translators = install_translations(app)
    ensure_cjk_font(app)
    from .common import font_size

    font_size.apply_scale(font_size.saved_scale(settings if settings is not None else QSettings()))
    if smoke:
        missing = missing_parts(app, translators)
        if missing:
            _say("冒烟测试失败：程序缺少 " + "、".join(missing))
            _remove(app, translators)
            return 4
    setup = None
    on_server = chosen_url(data_dir, database_url) is not None
    if not demo and not smoke and not on_server and is_new_data_folder(data_dir):
        from .first_start_dialog import DEMO, ask_first_start

        dialog = ask_first_start(data_dir)
        if dialog.choice is None:
            _remove(app, translators)
            return 0  # quit before anything was written
        if dialog.choice == DEMO:
            from ..services.data_folder import default_data_dir

            data_dir, demo = default_data_dir(demo=True), True
        setup = dialog.setup
    lock = acquire_lock(data_dir)
    if lock is None:
        _tell(LOCKED_MESSAGE.format(folder=data_dir), smoke=smoke)
        _remove(app, translators)
        return 1
    try:
        return _run_locked(
            app,
            data_dir,
            demo=demo,
            smoke=smoke,
            settings=settings,
            setup=setup,
            database_url=database_url,
        )
    finally:
        lock.unlock()
        _remove(app, translators)


def _remove(app: QApplication, translators: list[QTranslator]) -> None:
    for translator in translators:
        app.removeTranslator(translator)


def _run_locked(
    app: QApplication,
    data_dir: Path,
    *,
    demo: bool,
    smoke: bool,
    settings: QSettings | None,
    setup: OfficeSetup | None,
    database_url: str | None = None,
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
            open_data=lambda: open_data(
                data_dir, demo=demo, setup=setup, database_url=database_url
            ),
        )

        def data_failed(exc: Exception) -> None:
            from ..services.errors import DatabaseDamagedError, StorageError

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
                _say(f"启动失败：{exc}")
            else:
                show_error(window, exc, "无法打开数据")
            app.exit(1)

        def data_opened() -> None:
            daily.finished.connect(window.show_check_result)
            if not window.ctx.read_only and not window.ctx.on_server and daily.start():
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
            _say("冒烟测试失败：窗口未能完成首次绘制")
            return 3
        return int(code)
    except Exception as exc:
        log.exception("启动失败")
        if smoke:
            _say(f"启动失败：{exc}")
        else:
            show_error(None, exc, "启动失败")
        return 1
    finally:
        daily.wait()
        if window is not None:
            if window.ctx is not None:
                window.ctx.close()
            window.deleteLater()


def open_data(
    data_dir: Path,
    *,
    demo: bool = False,
    setup: OfficeSetup | None = None,
    database_url: str | None = None,
) -> AppContext:
    """Open the data folder for the window (its daily backup is made in the background), with
    the demo zone filled in when ``demo`` and the roster is empty, and the first start's
    ``setup`` stored."""
    from ..services.app import open_app

    ctx = open_app(data_dir, daily_backup=False, database_url=database_url)
    if setup is not None:
        try:
            from ..services.office_setup import save_setup

            save_setup(setup, summary="首次使用设置")
        except BaseException:
            ctx.close()
            raise
    if demo:
        try:
            from ..services.roster import count_persons

            if count_persons(()) == 0:
                from ..services.demo import fill_demo

                fill_demo()
        except BaseException:
            ctx.close()
            raise
    return ctx
