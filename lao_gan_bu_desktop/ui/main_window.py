"""The main window: tabs from the registry (ui.tabs), the menus, the status bar, remembered layout.

``MainWindow(ctx, settings=..., today=...)``: the settings object and the clock are injectable so
tests use a temporary ini file and a fixed day. Tabs and menu actions come from ui.tabs.TABS and
ui.tabs.MENU_ACTIONS; a tab that has ``menu_actions()`` contributes its own actions.

Only the first tab (首页) is built before the window's first paint. The others sit in the tab bar
as empty placeholders with their titles and are built one per turn of the event loop right after
the first paint, or at once when they are needed: selected, ``show_tab``/``tab``, or any menu
opened. A tab's menu actions go to the place reserved for them, so the menus read the same.

The program itself opens the window before the database: ``MainWindow(None, data_dir=...,
open_data=...)`` paints its frame first and calls ``open_data`` right after the first paint
(``data_opened`` or ``data_failed`` tells the caller how it went); then 首页 reads its figures and
the other tabs are built. Nothing drawn in the first paint needs the database, peewee or Qt's
``Qt`` enum namespace (which costs 10 ms to load), and tests/ui/test_app.py keeps it so.
"""

from __future__ import annotations

import datetime as _dt
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QTabWidget,
    QWidget,
)

from ..core import clock
from .common.before_paint import set_shortcut
from .common.errors import show_error
from .common.screen_fit import clamp_main_window
from .tabs import MENU_ACTIONS, MENU_TITLES, TABS

if TYPE_CHECKING:
    from ..core.roster_filter import RosterFilter
    from ..services.app import AppContext

log = logging.getLogger(__name__)

APP_TITLE = "老干部工作台"
SETTINGS_GEOMETRY = "main/geometry"
SETTINGS_STATE = "main/state"
DEFAULT_SIZE = (1200, 660)  # before it is maximised; fits 1280×720 at 150 %
CHANGE_CHECK_MS = 5000  # how often to ask whether another program or PC saved a change


def app_version() -> str:
    """The program's version (also when frozen without package metadata)."""
    from ..core.version import program_version

    return program_version()


class MainWindow(QMainWindow):
    """The program's window, on an open data folder (``ctx``) or on one it opens after its first
    paint (``data_dir`` and ``open_data``)."""

    data_opened = Signal()  # the database is open (emitted only when the window opened it)
    data_failed = Signal(object)  # the exception that kept it from opening

    def __init__(
        self,
        ctx: AppContext | None,
        settings: QSettings | None = None,
        today: Callable[[], _dt.date] = clock.today,
        parent: QWidget | None = None,
        *,
        data_dir: Path | None = None,
        open_data: Callable[[], AppContext] | None = None,
    ) -> None:
        super().__init__(parent)
        folder = ctx.data_dir if ctx is not None else data_dir
        if folder is None or (ctx is None and open_data is None):
            raise ValueError("MainWindow needs an open context, or a data folder and its opener")
        self.ctx = ctx
        self.data_dir = Path(folder)
        self._open_data = open_data
        self._open_error: Exception | None = None
        self.settings = settings if settings is not None else QSettings()
        self.today = today
        self.setWindowTitle(APP_TITLE)
        self.setObjectName("main_window")
        self.menus: dict[str, QMenu] = {}
        for title in MENU_TITLES:
            self.menus[title] = self.menuBar().addMenu(title)
            # a menu opened before the idle build is done still lists every tab's actions
            self.menus[title].aboutToShow.connect(self.build_all_tabs)
        self.tab_widget = QTabWidget(self)
        self.tab_widget.setDocumentMode(True)
        self.setCentralWidget(self.tab_widget)
        # Built tabs by key. Only 首页 is built before the first paint; the others wait as empty
        # placeholders (with their titles) and are built in idle time after the first paint, or
        # at once when something needs them (see tab()).
        self.tabs: dict[str, QWidget] = {}
        self._placeholders: dict[str, QWidget] = {}
        self._tab_anchors: dict[tuple[str, str], QAction] = {}
        self._failed_tabs: set[str] = set()
        for spec in TABS:
            placeholder = QWidget(self.tab_widget)
            placeholder.setObjectName(f"tab_{spec.key}_placeholder")
            self._placeholders[spec.key] = placeholder
            self.tab_widget.addTab(placeholder, spec.title)
        self._build_menus()
        self.status_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.status_label)
        self._update_status_label()
        self.statusBar().showMessage("就绪", 3000)
        self.resize(*DEFAULT_SIZE)
        self.restore_state()
        self.tab(TABS[0].key)  # the tab shown first
        self.tab_widget.currentChanged.connect(self._tab_selected)
        self._painted = False
        self.installEventFilter(self)
        # Changes saved by another program or PC: a light check every few seconds (see
        # check_for_changes); started once the data is open, stopped when the window closes.
        self.change_timer = QTimer(self)
        self.change_timer.setObjectName("change_timer")
        self.change_timer.setInterval(CHANGE_CHECK_MS)
        self.change_timer.timeout.connect(self.check_for_changes)
        self._change_marker: object = None
        self._changes_pending = False

    # --- tabs, built when first needed ------------------------------------------------------
    def tab(self, key: str) -> QWidget:
        """The tab ``key``, built now if it has not been built yet."""
        widget = self.tabs.get(key)
        if widget is not None:
            return widget
        spec = next((s for s in TABS if s.key == key), None)
        if spec is None:
            raise KeyError(key)
        if spec is not TABS[0]:
            self.require_data()  # the first tab is drawn before the data opens; others read it
        widget = spec.factory(self)
        placeholder = self._placeholders.pop(key)
        widget.setObjectName(f"tab_{key}")
        self.tabs[key] = widget
        # The real tab takes the placeholder's place without changing which tab is shown.
        index = self.tab_widget.indexOf(placeholder)
        was_current = self.tab_widget.currentIndex() == index
        self.tab_widget.insertTab(index, widget, spec.title)
        if was_current:
            self.tab_widget.setCurrentIndex(index)
        self.tab_widget.removeTab(self.tab_widget.indexOf(placeholder))
        placeholder.deleteLater()
        self._add_tab_actions(key, widget)
        restore = getattr(widget, "restore_state", None)
        if restore is not None:
            restore(self.settings)
        return widget

    def all_tabs_built(self) -> bool:
        return not self._placeholders

    def build_all_tabs(self) -> None:
        """Build every tab not built yet (a tab that failed to build is not tried again here)."""
        for key in list(self._placeholders):
            if key not in self._failed_tabs:
                self._try_tab(key)

    def _try_tab(self, key: str) -> bool:
        """Build ``key``; on failure tell the user and leave its placeholder (selecting it retries)."""
        try:
            self.tab(key)
        except Exception as exc:
            self._failed_tabs.add(key)
            title = next(s.title for s in TABS if s.key == key)
            show_error(self, exc, f"无法打开“{title}”")
            return False
        return True

    def _build_next_tab(self) -> None:
        """Idle-time building: one tab per turn of the event loop, so input is never held up."""
        pending = [key for key in self._placeholders if key not in self._failed_tabs]
        if pending:
            self._try_tab(pending[0])
        if len(pending) > 1:
            QTimer.singleShot(0, self, self._build_next_tab)

    def _tab_selected(self, index: int) -> None:
        widget = self.tab_widget.widget(index)
        for key, placeholder in list(self._placeholders.items()):
            if placeholder is widget:
                self._try_tab(key)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self and not self._painted and event.type() == QEvent.Type.Paint:
            self._painted = True
            self.removeEventFilter(self)
            QTimer.singleShot(0, self, self._after_first_paint)
        return super().eventFilter(watched, event)

    def _after_first_paint(self) -> None:
        """Open the data (when the window was made before it), read it, build the other tabs."""
        if self.ensure_data():
            self.operator_gate().start()  # who is working: asked over the data when needed
            self.refresh()
            QTimer.singleShot(0, self, self._build_next_tab)
            self.change_timer.start()

    # --- the data folder ------------------------------------------------------------------
    def ensure_data(self) -> bool:
        """True once the database is open, opening it now if the window was made before it;
        False (after ``data_failed``) when it cannot be opened."""
        if self.ctx is not None:
            return True
        try:
            self.require_data()
        except Exception:
            return False
        return True

    def retry_data(self) -> None:
        """Try to open the data again (after a damaged data file was replaced by a backup) and
        go on as after the first paint."""
        self._open_error = None
        self._after_first_paint()

    def require_data(self) -> AppContext:
        """The open context, opening the database now if needed (raises when it cannot)."""
        if self.ctx is not None:
            return self.ctx
        if self._open_error is not None:  # told once (data_failed); not tried again
            raise self._open_error
        assert self._open_data is not None
        try:
            self.ctx = self._open_data()
        except Exception as exc:
            log.exception("无法打开数据文件夹 %s", self.data_dir)
            self._open_error = exc
            self.data_failed.emit(exc)
            raise
        self._update_status_label()
        self._show_open_notices(self.ctx)
        self.data_opened.emit()
        return self.ctx

    def _show_open_notices(self, ctx: AppContext) -> None:
        """Say what opening found: a read-only folder (and switch editing off), what the check
        at start found."""
        if ctx.read_only:
            self.setWindowTitle(f"只读 — {APP_TITLE}")  # ends with the name: Qt adds no second
            # Editing, backing up and restoring would all be refused by the read-only file.
            self.menus["编辑"].setEnabled(False)
            for action in self._writing_actions:
                action.setEnabled(False)
        for notice in ctx.notices:
            self.show_check_result(notice)

    def show_check_result(self, message: str) -> None:
        """Show what a check or the daily backup found: in the status bar, and on 首页 unless it
        is only "done"."""
        if not message:
            return
        from ..services.app import DAILY_DONE_NOTICE, is_damage_notice

        if message == DAILY_DONE_NOTICE:
            self.show_status(message)
            return
        self.show_status(message.replace("\n", " "), 0)
        home = self.tabs.get(TABS[0].key)
        add_notice = getattr(home, "add_notice", None)
        if add_notice is not None:
            add_notice(message)
        if is_damage_notice(message) and hasattr(home, "offer_restore"):
            home.offer_restore(self.restore_from_backup)

    # --- menus ----------------------------------------------------------------------------
    def menu(self, title: str) -> QMenu:
        """One of the menus 文件 / 编辑 / 视图 / 工具 / 帮助 (for features that add actions)."""
        return self.menus[title]

    def _action(
        self,
        menu: str,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence | str | None = None,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            set_shortcut(action, shortcut)
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(slot)
        self.menus[menu].addAction(action)
        return action

    def _tab_action_anchors(self, menu: str) -> None:
        """Mark where each tab's actions go in ``menu`` (they arrive when the tab is built)."""
        for spec in TABS:
            anchor = QAction(self)
            anchor.setVisible(False)
            self.menus[menu].addAction(anchor)
            self._tab_anchors[(spec.key, menu)] = anchor

    def _add_tab_actions(self, key: str, widget: QWidget) -> None:
        contributed = getattr(widget, "menu_actions", None)
        if contributed is None:
            return
        for menu, actions in contributed().items():
            anchor = self._tab_anchors[(key, menu)]
            for action in actions:
                if action is None:
                    self.menus[menu].insertSeparator(anchor)
                else:
                    self.menus[menu].insertAction(anchor, action)

    def _build_menus(self) -> None:
        self._tab_action_anchors("文件")
        self.menus["文件"].addSeparator()
        self._writing_actions = [
            self._action("文件", "备份数据", self.backup_now, "Ctrl+B", "把当前数据另存一份备份")
        ]
        self._writing_actions.append(
            self._action(
                "文件",
                "恢复备份…",
                self.restore_from_backup,
                None,
                "用以前的备份替换当前数据（先自动备份当前数据）",
            )
        )
        self._writing_actions.append(
            self._action(
                "文件",
                "备份到U盘或其他位置…",
                self.backup_to_drive,
                None,
                "把当前数据另存一份到U盘或其他文件夹（名称带日期，复制后检查）",
            )
        )
        self._writing_actions.append(
            self._action(
                "文件",
                "从U盘恢复…",
                self.restore_from_drive,
                None,
                "列出U盘或文件夹中的备份（日期、人数、大小），选一份恢复（先自动备份当前数据）",
            )
        )
        self._action(
            "文件", "打开数据文件夹", self.open_data_folder, None, "在资源管理器中打开数据文件夹"
        )
        self.menus["文件"].addSeparator()
        self._action("文件", "退出", self.close, "Ctrl+Q", "关闭老干部工作台")
        self._tab_action_anchors("编辑")
        for n, spec in enumerate(TABS, 1):
            self._action(
                "视图",
                spec.title,
                lambda _checked=False, key=spec.key: self.show_tab(key),
                f"Ctrl+{n}" if n <= 9 else None,
            )
        self.menus["视图"].addSeparator()
        self._action("视图", "刷新", self.refresh, "F5", "重新读取数据（F5）")
        self._font_size_menu()
        if any(spec.key == "roster" for spec in TABS):
            columns = self.menus["视图"].addMenu("花名册显示的列")
            columns.aboutToShow.connect(lambda: self._fill_columns_menu(columns))
        self._tab_action_anchors("视图")
        self._tab_action_anchors("工具")
        self._action("工具", "设置…", self.open_settings, "Ctrl+,", "区名、城市名、操作员等")
        self._tab_action_anchors("帮助")
        self._action(
            "帮助",
            "使用说明",
            self.show_guide,
            "F1",
            "按任务讲解的使用说明（F1 打开当前页的那一节）",
        )
        self._action(
            "帮助",
            "打开日志文件夹",
            self.open_log_folder,
            None,
            "出现问题时，把日志文件发给维护人员",
        )
        self.menus["帮助"].addSeparator()
        self._action("帮助", "关于老干部工作台", self.show_about)
        for menu, factory in MENU_ACTIONS:
            # a feature's action goes with the menu's own first group (above 备份, 退出 …)
            action = factory(self)
            target = self.menus[menu]
            separator = next((a for a in target.actions() if a.isSeparator()), None)
            if separator is None:
                target.addAction(action)
            else:
                target.insertAction(separator, action)

    def _font_size_menu(self) -> None:
        """视图 → 字号: 标准 / 大 / 特大 for the whole program, remembered on this computer."""
        from PySide6.QtGui import QActionGroup

        from .common import font_size

        menu = self.menus["视图"].addMenu("字号")
        group = QActionGroup(self)
        self.font_size_actions: dict[int, QAction] = {}
        current = font_size.saved_scale(self.settings)
        for title, percent in font_size.SIZES:
            action = QAction(f"{title}（{percent}%）", self, checkable=True)
            action.setChecked(percent == current)
            action.triggered.connect(lambda _c=False, p=percent: self.set_font_scale(p))
            group.addAction(action)
            menu.addAction(action)
            self.font_size_actions[percent] = action

    def set_font_scale(self, percent: int) -> None:
        """Change 字号 for every window at once and remember it."""
        from .common import font_size

        before = font_size.current_scale()
        widths = font_size.column_widths(self.tabs.values())
        font_size.apply_scale(percent)
        self.settings.setValue(font_size.SETTINGS_KEY, percent)
        if before and before != percent:
            # once the headers have taken the new font (their smallest column width follows it;
            # scaled before, a column kept the larger type's minimum on the way back to 标准)
            factor = percent / before
            QTimer.singleShot(0, self, lambda: font_size.scale_column_widths(widths, factor))
        action = self.font_size_actions.get(percent)
        if action is not None:
            action.setChecked(True)
        # larger type makes the layouts ask for more room: never more than the screen has
        QTimer.singleShot(0, self, lambda: clamp_main_window(self))

    def _fill_columns_menu(self, menu: QMenu) -> None:
        menu.clear()
        source = self.tab("roster").column_menu()
        for action in source.actions():
            menu.addAction(action)

    # --- navigation -----------------------------------------------------------------------
    def show_tab(self, key: str) -> QWidget:
        widget = self.tab(key)
        self.tab_widget.setCurrentWidget(widget)
        return widget

    def open_aid_case(self, case_id: int) -> None:
        """Switch to 帮扶 and open the case window of ``case_id``."""
        tab = self.show_tab("aid")
        tab.select_case(case_id)
        tab.open_case(case_id)

    def open_roster_filtered(self, flt: RosterFilter) -> None:
        """Switch to 花名册 showing the people matching ``flt``."""
        roster = self.show_tab("roster")
        roster.set_filter(flt)

    def roster_choice(self) -> tuple[RosterFilter | None, list[int] | None]:
        """The people an action on "these people" means (e.g. 工具 → 打印地址标签): the rows selected
        in 花名册 when there are several, else its current filter; (None, None) without 花名册."""
        if not any(spec.key == "roster" for spec in TABS):
            return None, None
        return self.tab("roster").people_choice()  # built now if the clerk has not opened it yet

    def refresh(self) -> None:
        """Reload every built tab after the data changed (a tab built later loads fresh)."""
        if not self.ensure_data():
            return
        self._changes_pending = False
        self._change_marker = self._read_change_marker()  # what this refresh shows
        for widget in self.tabs.values():
            refresh = getattr(widget, "refresh", None)
            if refresh is not None:
                try:
                    refresh()
                except Exception as exc:
                    show_error(self, exc)
        self._update_status_label()

    def operator_gate(self):  # -> ui.operators.gate.OperatorGate
        """The start question and idle lock of this window (made when first needed)."""
        gate = getattr(self, "_operator_gate", None)
        if gate is None:
            from .operators.gate import OperatorGate

            gate = self._operator_gate = OperatorGate(self)
        return gate

    def operator_changed(self) -> None:
        """Someone else signed in (or the settings changed who may): the status bar follows."""
        self._update_status_label()

    def _read_change_marker(self) -> object:
        from ..services.conflicts import change_marker

        try:
            return change_marker()
        except Exception:
            log.warning("读取数据变化标记失败", exc_info=True)
            return self._change_marker

    def editing_open(self) -> bool:
        """True while a dialog of the program is open (a clerk may be editing in it)."""
        from PySide6.QtWidgets import QApplication, QDialog

        if QApplication.activeModalWidget() is not None:
            return True
        return any(d.isVisible() for d in self.findChildren(QDialog))

    def check_for_changes(self) -> bool:
        """Ask whether anyone saved a change since the tabs were last read; if so, refresh them
        (each tab keeps its selection and scroll where it can). Never while a dialog is open:
        the refresh waits until it has closed. True when the tabs were refreshed."""
        if self.ctx is None:
            return False
        marker = self._read_change_marker()
        if marker != self._change_marker:
            self._changes_pending = True
        if not self._changes_pending or self.editing_open():
            return False
        self.refresh()
        self.show_status("已显示别处保存的最新修改", 4000)
        return True

    def show_status(self, message: str, timeout_ms: int = 6000) -> None:
        self.statusBar().showMessage(message, timeout_ms)

    def _update_status_label(self) -> None:
        if self.ctx is None:  # the operator's name is a setting in the database
            self.status_label.setText(f"数据文件夹：{self.data_dir}")
            return
        from ..services.settings import operator_name

        mode = "（只读）" if self.ctx.read_only else ""
        operator = operator_name() or "未设置（工具 → 设置）"
        gate = getattr(self, "_operator_gate", None)
        if gate is not None and gate.asking():
            operator = "（请选择）"
        if self.ctx.on_server:
            from ..services.migrate_to import safe_url

            where = f"数据库服务器：{safe_url(str(self.ctx.database_url))}"
            self.status_label.setText(f"操作员：{operator}　{where}")
            return
        self.status_label.setText(f"操作员：{operator}　数据文件夹{mode}：{self.data_dir}")

    # --- file menu ------------------------------------------------------------------------
    def backup_now(self) -> None:
        from ..services.backups import make_backup

        try:
            info = make_backup(self.data_dir, "手动")
        except Exception as exc:
            show_error(self, exc, "备份失败")
            return
        self.show_status(f"已备份到：{info.path}")
        QMessageBox.information(self, "备份完成", f"数据已备份到：\n{info.path}")

    def restore_from_backup(self) -> None:
        from .backups.picking import pick_backup

        source = pick_backup(self, self.data_dir)
        if source is None:
            return
        from .roster import status_dialog

        if not status_dialog.confirm(
            self,
            "恢复备份",
            f"用下面的备份替换当前的全部数据？\n{source}\n\n当前数据会先自动另存一份备份，必要时可以再恢复回来。",
            "恢复",
            danger=True,
        ):
            return
        self.restore_backup(source)

    def backup_to_drive(self) -> Path | None:
        """文件 → 备份到U盘或其他位置…; the copy made, or None."""
        from .backups.external import ExportBackupDialog

        dialog = ExportBackupDialog(
            self.data_dir, on_server=self.require_data().on_server, parent=self
        )
        made = dialog.made if dialog.exec() else None
        dialog.deleteLater()
        if made is not None:
            self.show_status(f"已备份到：{made}")
            QMessageBox.information(
                self,
                "备份完成",
                f"数据已备份并检查无误：\n{made}\n\n"
                "拔出U盘前，请先在任务栏中点“安全删除硬件并弹出媒体”。",
            )
        return made

    def restore_from_drive(self) -> bool:
        """文件 → 从U盘恢复…: choose a backup on a stick, confirm, restore."""
        from .backups.external import RestoreFromDriveDialog

        dialog = RestoreFromDriveDialog(
            self.data_dir, on_server=self.require_data().on_server, parent=self
        )
        chosen = dialog.chosen() if dialog.exec() else None
        dialog.deleteLater()
        if chosen is None:
            return False
        from .roster import status_dialog

        people = f"，{chosen.people} 人" if chosen.people is not None else ""
        if not status_dialog.confirm(
            self,
            "从U盘恢复",
            f"用 {chosen.made_at:%Y-%m-%d %H:%M} 的备份（{chosen.path.name}{people}）"
            "替换当前的全部数据？\n\n当前数据会先自动另存一份备份（恢复前），必要时可以再恢复回来。",
            "恢复",
            danger=True,
        ):
            return False
        return self.restore_backup(chosen.path, from_media=True)

    def restore_backup(self, source: Path, *, from_media: bool = False) -> bool:
        from PySide6.QtCore import Qt

        from ..services.backup_media import restore_from_media
        from ..services.backups import restore_backup

        restore = restore_from_media if from_media else restore_backup
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            safety = restore(self.require_data(), source)
        except Exception as exc:
            QApplication.restoreOverrideCursor()
            show_error(self, exc, "恢复失败")
            return False
        QApplication.restoreOverrideCursor()
        self.refresh()
        QMessageBox.information(
            self, "恢复完成", f"已从备份恢复。\n恢复前的数据另存在：\n{safety.path}"
        )
        return True

    def open_data_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.data_dir)))

    def open_log_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.data_dir / "logs")))

    # --- tools and help -------------------------------------------------------------------
    def open_settings(self) -> None:
        from .settings_dialog import SettingsDialog

        dialog = SettingsDialog(self, data_dir=self.data_dir)
        accepted = dialog.exec()
        # 操作员 changes take effect at once, even without 保存; the idle lock follows
        self.operator_gate().after_settings()
        if accepted:
            self.refresh()

    def show_guide(self) -> None:
        """使用说明, at the section of the tab shown (F1)."""
        from ..services.help import TAB_SECTIONS
        from .help.guide_window import open_guide

        key = next((k for k, w in self.tabs.items() if w is self.tab_widget.currentWidget()), "")
        open_guide(self, TAB_SECTIONS.get(key, ""))

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            "关于老干部工作台",
            f"<h3>老干部工作台</h3><p>版本 {app_version()}</p>"
            "<p>离退休干部花名册、走访慰问、帮扶与统计报表，全部数据保存在本机，无需联网。</p>"
            f"<p>数据文件夹：{self.data_dir}</p>"
            "<p>数据每天自动备份；也可以在“文件 → 备份数据”中随时备份。</p>"
            "<p>使用的开源软件及其许可：Qt for Python（PySide6，LGPL v3）、peewee（MIT）、"
            "openpyxl（MIT）、python-calamine（MIT）、ReportLab（BSD）、pypinyin（MIT）、"
            "lunar_python（MIT）、chinesecalendar（MIT）。</p>",
        )

    # --- remembered layout ----------------------------------------------------------------
    def restore_state(self) -> None:
        """The window's size and place, and the layout of the tabs built so far (a tab built
        later restores its own when it is built)."""
        geometry = self.settings.value(SETTINGS_GEOMETRY)
        self.first_start = geometry is None  # open_window() then maximises it
        if geometry is not None and self.restoreGeometry(geometry) and not self.isMaximized():
            clamp_main_window(self)  # saved on a larger screen: never larger than this one
        for widget in self.tabs.values():
            restore = getattr(widget, "restore_state", None)
            if restore is not None:
                restore(self.settings)

    def open_window(self) -> None:
        """Show the window: maximised the first time (no layout remembered), else as it was."""
        if self.first_start:
            self.showMaximized()
        else:
            self.show()

    def save_state(self) -> None:
        self.settings.setValue(SETTINGS_GEOMETRY, self.saveGeometry())
        for widget in self.tabs.values():
            save = getattr(widget, "save_state", None)
            if save is not None:
                save(self.settings)
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        roster = self.tabs.get("roster")
        dialog = getattr(roster, "dialog", None)
        if dialog is not None and dialog.isVisible():
            dialog.reject()  # asks about unsaved changes
            if dialog.isVisible():
                event.ignore()
                return
        self.change_timer.stop()
        self.save_state()
        self.stop_background_work()
        log.info("主窗口关闭")
        super().closeEvent(event)

    def stop_background_work(self) -> None:
        """Drop pending background reads and wait for the running ones (before the database
        closes), so that no worker thread outlives the window; the idle lock's timer and the
        change check stop."""
        gate = getattr(self, "_operator_gate", None)
        if gate is not None:
            gate.stop()
        self.change_timer.stop()
        home = self.tabs.get("home")
        if home is not None:
            home.stop_loading()
        # Other tabs and open windows of the program (a running export) stop and join theirs.
        from PySide6.QtWidgets import QDialog

        for owner in [*self.tabs.values(), *self.findChildren(QDialog)]:
            stop = getattr(owner, "stop_background_work", None)
            if stop is not None:
                stop()
