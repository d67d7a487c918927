"""The import wizard's last pages: 导入 (progress; cancel rolls the whole import back) and 完成
(summary, saving the rejected rows, undo, the file's other roster sheets, the next file).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QThread, Slot
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from ...services import importing as imp
from ...services.import_batches import imported_sheets
from .workers import ImportWorker

if TYPE_CHECKING:
    from .host import WizardHost


class ImportPage(QWizardPage):
    """导入: the write on the worker thread with a progress bar; 取消 rolls everything back."""

    def __init__(self, wizard: WizardHost) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle("导入")
        self.setSubTitle("正在写入花名册。导入前已自动备份；点“取消”将撤回本次导入的全部内容。")
        self.bar = QProgressBar()
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.bar)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.done = False
        self.thread: QThread | None = None
        self.worker: ImportWorker | None = None

    def initializePage(self) -> None:
        self.done = False
        self.wiz.result = None
        self.bar.setRange(0, 0)
        self.status.setText("正在备份并写入……")
        plan = self.wiz.plan
        assert plan is not None
        self.thread = QThread(self)
        self.worker = ImportWorker(plan, self.wiz.data_dir)
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.progress.connect(self._progress)
        self.worker.finished.connect(self._finished)
        self.worker.failed.connect(self._failed)
        self.worker.finished.connect(self.thread.quit)
        self.worker.failed.connect(self.thread.quit)
        self.wiz.button(QWizard.WizardButton.BackButton).setEnabled(False)
        self.thread.start()

    def cancel(self) -> None:
        if self.worker is not None and not self.done:
            self.worker.cancelled = True
            self.status.setText("正在取消并撤回……")

    @Slot(int, int)
    def _progress(self, done: int, total: int) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)
        self.status.setText(f"已写入 {done} / {total} 人")

    @Slot(object)
    def _finished(self, result: imp.ImportResult) -> None:
        self.done = True
        self.wiz.result = result
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        self.status.setText("导入完成。")
        self.completeChanged.emit()
        self.wiz.next()

    @Slot(str)
    def _failed(self, message: str) -> None:
        self.done = True
        self.wiz.result = None
        self.wiz.failure = message
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.status.setText(message)
        self.completeChanged.emit()
        self.wiz.next()

    def wait(self) -> None:
        """Let the worker finish (it stops at the next chunk when cancelled) and the thread end."""
        if self.thread is not None:
            if self.worker is not None and not self.done:
                self.worker.cancelled = True
            self.thread.quit()  # the thread's event loop ends once run() has returned
            self.thread.wait()

    def isComplete(self) -> bool:
        return self.done


# More roster sheets left than this get one button for the next (the page stays within 1366×768).
SHEET_BUTTONS_MAX = 3
NAMES_MAX = 8  # and the note names this many


class DonePage(QWizardPage):
    """完成: the summary, the rejected rows to send back, undo, the file's other roster sheets
    not imported yet (继续导入工作表), and the next file."""

    def __init__(self, wizard: WizardHost) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle("完成")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.save_rejects = QPushButton("保存未导入的行(&S)…")
        self.save_rejects.clicked.connect(self.wiz.save_rejects)
        self.undo = QPushButton("撤销本次导入(&U)")
        self.undo.clicked.connect(lambda: self.wiz.undo_current())
        self.next_file = QPushButton("导入下一个文件(&N)")
        self.next_file.clicked.connect(self.wiz.start_next_file)
        buttons = QHBoxLayout()
        for b in (self.save_rejects, self.undo, self.next_file):
            buttons.addWidget(b)
        buttons.addStretch(1)
        # The same file's other roster sheets (a sheet per 类别), rebuilt on each visit.
        self.sheets_box = QGroupBox("本文件的人员名单工作表")
        self.sheets_note = QLabel()
        self.sheets_note.setWordWrap(True)
        self.sheet_row = QHBoxLayout()
        box = QVBoxLayout(self.sheets_box)
        box.addWidget(self.sheets_note)
        box.addLayout(self.sheet_row)
        self.sheet_buttons: list[QPushButton] = []
        self.sheets_box.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        layout.addWidget(self.sheets_box)
        layout.addStretch(1)

    def initializePage(self) -> None:
        plan, result = self.wiz.plan, self.wiz.result
        path, unit = self.wiz.current_entry()
        source = self.wiz.source
        what = path.name
        if source is not None and len(self.wiz.rosters) > 1:
            what += f" 的工作表“{source.sheet}”"
        if result is None:
            self.summary.setText(
                f"{what} 没有导入：{self.wiz.failure or '已取消'}\n数据没有任何改动。"
            )
            self.undo.setEnabled(False)
        else:
            c = plan.counts
            self.summary.setText(
                f"{what}（{unit}）已导入，批次编号 {result.batch_id}。\n\n"
                f"新增 {c['new']} 人，更新 {c['update']} 人，无变化 {c['unchanged']} 人，"
                f"跳过 {c['skip']} 人；有错误未导入 {c['invalid']} 行，文件内重复 {c['duplicate']} 行。\n"
                f"导入前的数据已备份到：{result.backup_path}\n\n"
                "如有错误行，可“保存未导入的行”发回单位修改；导入有误可“撤销本次导入”。"
            )
            self.undo.setEnabled(True)
        self.save_rejects.setEnabled(
            plan is not None and plan.counts["invalid"] + plan.counts["duplicate"] > 0
        )
        remaining = len(self.wiz.queue) - self.wiz.index - 1
        self.next_file.setVisible(remaining > 0)
        self.next_file.setText(f"导入下一个文件（还有 {remaining} 个）(&N)")
        self.show_other_sheets()

    def other_sheets(self) -> list[str]:
        """The file's roster sheets, in its order, that no batch (not undone) has imported,
        the one just imported or tried apart."""
        source = self.wiz.source
        if source is None or len(self.wiz.rosters) < 2:
            return []
        done = imported_sheets(source.file_hash)
        return [s for s in self.wiz.rosters if s != source.sheet and s not in done]

    def show_other_sheets(self) -> None:
        for button in self.sheet_buttons:
            self.sheet_row.removeWidget(button)
            button.deleteLater()
        self.sheet_buttons = []
        while self.sheet_row.count():  # the stretch of the last visit
            self.sheet_row.takeAt(0)
        sheets = self.other_sheets()
        rosters = self.wiz.rosters
        self.sheets_box.setVisible(len(rosters) > 1)
        if not sheets:
            self.sheets_note.setText(
                f"本文件的人员名单工作表{_names(rosters)}都已导入，各为一个导入批次，"
                "可在“导入记录”中分别撤销。"
                if self.wiz.result is not None
                else "本文件的其他人员名单工作表都已导入过。"
            )
            return
        names = _names(sheets)
        self.sheets_note.setText(
            f"本文件的工作表{names}也是人员名单，还没有导入。按下面的按钮用同一文件、同一单位"
            "接着导入（各为一个导入批次，可分别撤销）；也可以现在按“完成”，已导入的不受影响。"
        )
        if len(sheets) <= SHEET_BUTTONS_MAX:
            offered = [(name, f"继续导入工作表“{name}”") for name in sheets]
        else:
            offered = [(sheets[0], f"继续导入工作表“{sheets[0]}”（还有 {len(sheets)} 张）")]
        for i, (name, text) in enumerate(offered):
            button = QPushButton(text + ("(&C)" if i == 0 else ""))
            button.setProperty("sheet", name)
            button.clicked.connect(lambda _checked=False, n=name: self.wiz.start_sheet(n))
            self.sheet_row.addWidget(button)
            self.sheet_buttons.append(button)
        self.sheet_row.addStretch(1)


def _names(sheets: list[str]) -> str:
    names = "、".join(f"“{n}”" for n in sheets[:NAMES_MAX])
    return names + (f"等 {len(sheets)} 张工作表" if len(sheets) > NAMES_MAX else "")
