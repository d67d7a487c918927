"""The import wizard's 检查 page: the counts, the rows with their problems highlighted, each
updated person's fields old → new, and the duplicate policy; the check runs on a worker thread
with inline progress and can be cancelled or run again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from ...services import importing as imp
from ...services.import_batches import previous_import
from ..common.font_size import set_relative_font
from ..common.sort_arrow import arrows_follow_order
from .common import (
    CHECK_ROWS_SHOWN,
    COLORS,
    LEGEND,
    SHOW_PROGRESS_AFTER_MS,
    error_label,
    fmt_value,
    table_item,
)
from .workers import BackgroundTask

WRAPPED_ROWS = 300  # rows whose long 说明 is shown whole, wrapped (the rest: one line, tooltip)

if TYPE_CHECKING:
    from .host import WizardHost


class CheckPage(QWizardPage):
    """检查: the counts, the problems and changes row by row, the duplicate policy.

    The check runs on a worker thread. When it lasts more than a moment a progress bar with a
    取消检查 button appears above the table; a cancelled (or failed) check leaves the page not
    done, with 重新检查. Leaving the page (上一步) or changing the policy cancels a running check.
    """

    def __init__(self, wizard: WizardHost) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle("检查")
        self.setSubTitle(
            "导入前请按下面的颜色核对各行；点“导入 N 人”后才写入花名册，导入后也可以撤销。"
        )
        self.legend = QHBoxLayout()
        for key, text in LEGEND.items():
            swatch = QLabel(text)
            swatch.setProperty("legend", key)
            swatch.setStyleSheet(
                f"background: {COLORS[key].name()}; border: 1px solid #C8C8C8; padding: 2px 6px;"
            )
            self.legend.addWidget(swatch)
        self.legend.addStretch(1)
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        set_relative_font(self.counts, 1.2, bold=True)
        self.policy = QButtonGroup(self)
        policy_row = QHBoxLayout()
        policy_row.addWidget(QLabel("已在花名册中的人员："))
        for i, (key, text) in enumerate(imp.POLICIES.items()):
            button = QRadioButton(text)
            button.setProperty("policy", key)
            self.policy.addButton(button, i)
            policy_row.addWidget(button)
            if key == "update":
                button.setChecked(True)
        policy_row.addStretch(1)
        self.policy.idClicked.connect(lambda _i: self.replan())
        # Shown only for a sheet with rows hidden in Excel (held back unless ticked).
        self.include_hidden = QCheckBox()
        self.include_hidden.setToolTip(
            "单位在 Excel 中隐藏（或筛选掉）的行默认不导入，列为有错误的行；勾选后也导入"
        )
        self.include_hidden.toggled.connect(lambda _on: self.replan())
        self.include_hidden.hide()
        policy_row.addWidget(self.include_hidden)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["原表行号", "姓名", "处理", "说明"])
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        # The 说明 column narrows or widens with the page: its long texts wrap anew.
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(100)
        self._refit.timeout.connect(self._fit_explained_rows)
        self.table.horizontalHeader().sectionResized.connect(
            lambda index, _old, _new: self._refit.start() if index == 3 else None
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        arrows_follow_order(self.table.horizontalHeader())
        self.table.verticalHeader().hide()
        self.save_rejects = QPushButton("保存未导入的行(&S)…")
        self.save_rejects.clicked.connect(self.wiz.save_rejects)
        self.rerun = QPushButton("重新检查(&R)")
        self.rerun.clicked.connect(self.replan)
        self.rerun.hide()
        self.message = error_label()
        # The check's progress, shown only once it has lasted SHOW_PROGRESS_AFTER_MS.
        self.bar = QProgressBar()
        self.status = QLabel()
        self.cancel_button = QPushButton("取消检查(&C)")
        self.cancel_button.setToolTip("停止检查；不会写入任何内容")
        self.cancel_button.clicked.connect(self.cancel_check)
        self.progress_box = QWidget()
        box = QVBoxLayout(self.progress_box)
        box.setContentsMargins(0, 4, 0, 4)
        bar_row = QHBoxLayout()
        bar_row.addWidget(self.bar, 1)
        bar_row.addWidget(self.cancel_button)
        box.addLayout(bar_row)
        box.addWidget(self.status)
        self.progress_box.hide()
        self._reveal = QTimer(self)
        self._reveal.setSingleShot(True)
        self._reveal.setInterval(SHOW_PROGRESS_AFTER_MS)
        self._reveal.timeout.connect(self._show_progress)
        self._task: BackgroundTask | None = None
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addStretch(0)
        bottom.addWidget(self.rerun, 0, Qt.AlignmentFlag.AlignRight)
        bottom.addWidget(self.save_rejects, 0, Qt.AlignmentFlag.AlignRight)
        layout = QVBoxLayout(self)
        layout.addWidget(self.counts)
        layout.addLayout(self.legend)
        layout.addLayout(policy_row)
        layout.addWidget(self.progress_box)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

    def current_policy(self) -> str:
        button = self.policy.checkedButton()
        return button.property("policy") if button else "update"

    def set_policy(self, policy: str) -> None:
        for button in self.policy.buttons():
            if button.property("policy") == policy:
                button.setChecked(True)
        self.replan()

    def initializePage(self) -> None:
        source = self.wiz.source
        hidden = len(source.row_facts.hidden_rows) if source is not None else 0
        self.include_hidden.blockSignals(True)
        self.include_hidden.setChecked(False)
        self.include_hidden.blockSignals(False)
        self.include_hidden.setText(f"也导入隐藏的行（{hidden} 行）(&H)")
        self.include_hidden.setVisible(hidden > 0)
        self.replan()

    def set_import_count(self, count: int | None) -> None:
        """The Next button writes the people: it says so, with how many (None: not known yet)."""
        text = "导入(&N)" if count is None else f"导入 {count} 人(&N)"
        self.setButtonText(QWizard.WizardButton.NextButton, text)

    def cleanupPage(self) -> None:
        """上一步: a running check is cancelled; its result would be stale anyway."""
        self.forget_check()
        self.wiz.plan = None

    @property
    def checking(self) -> bool:
        return self._task is not None

    def replan(self) -> None:
        source = self.wiz.source
        assert source is not None
        _path, unit = self.wiz.current_entry()
        mapping, policy = list(self.wiz.mapping), self.current_policy()
        include_hidden = self.include_hidden.isChecked()
        self.wiz.plan = None
        self.set_import_count(None)
        self.counts.setText("正在逐行检查……")
        self.message.hide()
        self.rerun.hide()
        self.save_rejects.setEnabled(False)
        total = len(source.rows)
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(0)
        self.status.setText(f"正在检查，共 {total} 行…")
        self.cancel_button.setEnabled(True)

        def check(progress: Any, should_cancel: Any) -> imp.ImportPlan:
            return imp.plan_import(
                source,
                unit,
                mapping,
                policy,
                include_hidden=include_hidden,
                progress=progress,
                should_cancel=should_cancel,
            )

        self._task = self.wiz.run_task(
            check,
            self._planned,
            self._plan_failed,
            on_progress=self._progress,
            on_cancelled=self._cancelled,
        )
        self._reveal.start()
        self.completeChanged.emit()

    def cancel_check(self) -> None:
        """取消检查: the worker stops at its next check; nothing has been written."""
        if self._task is not None:
            self._task.cancel()
            self.cancel_button.setEnabled(False)
            self.status.setText("正在取消检查……")

    def forget_check(self) -> None:
        """Cancel a running check and ignore whatever it still reports (leaving the page)."""
        if self._task is not None:
            self._task.cancel()
        self._task = None
        self._reveal.stop()
        self._refit.stop()
        self.progress_box.hide()

    def _current(self) -> bool:
        """True when the signal being handled comes from the check now running."""
        return self._task is not None and self.sender() is self._task

    def _finish_check(self) -> None:
        self._task = None
        self._reveal.stop()
        self.progress_box.hide()

    @Slot()
    def _show_progress(self) -> None:
        if self._task is not None:
            self.progress_box.show()

    @Slot(int, int)
    def _progress(self, done: int, total: int) -> None:
        if not self._current():
            return
        if not self._task.is_cancelled():
            self.status.setText(f"正在检查第 {done} / {total} 行…")
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)
        self.progress_box.show()

    @Slot()
    def _cancelled(self) -> None:
        if not self._current():
            return
        self._finish_check()
        self._not_done("检查已取消。", "检查已取消，没有写入任何内容。")

    def _not_done(self, counts: str, message: str) -> None:
        self.wiz.plan = None
        self.set_import_count(None)
        self.counts.setText(counts)
        self.table.setRowCount(0)
        self.message.setText(message + "可以点“重新检查”再查一遍，或点“上一步”修改列对应。")
        self.message.show()
        self.rerun.show()
        self.save_rejects.setEnabled(False)
        self.completeChanged.emit()

    @Slot(object)
    def _planned(self, plan: imp.ImportPlan) -> None:
        if not self._current():
            return
        total = len(plan.source.rows)
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(total)
        self._finish_check()
        self.wiz.plan = plan
        self._show(plan)
        # A workbook's other sheets are imports of their own, not repeats; a file of one sheet
        # is recognised whatever its sheet is called (a csv's is its file name).
        several = len(plan.source.sheets) > 1
        earlier = previous_import(plan.source.file_hash, plan.source.sheet if several else None)
        if earlier is not None:
            self.message.setText(
                f"注意：内容完全相同的文件已于 {earlier.imported_at:%Y-%m-%d %H:%M} 导入过"
                + (f"工作表“{plan.source.sheet}”" if several else "")
                + f"（批次 {earlier.id}，{earlier.file_name}）。再次导入不会重复添加人员。"
            )
            self.message.show()
        self.completeChanged.emit()

    @Slot(str)
    def _plan_failed(self, message: str) -> None:
        if not self._current():
            return
        self._finish_check()
        self._not_done("没有完成检查。", message)

    def _show(self, plan: imp.ImportPlan) -> None:
        c = plan.counts
        self.set_import_count(c["new"] + c["update"])
        self.counts.setText(
            f"新增 {c['new']} 人　更新 {c['update']} 人　无变化 {c['unchanged']} 人　"
            f"跳过 {c['skip']} 人　有错误 {c['invalid']} 行　文件内重复 {c['duplicate']} 行"
        )
        lines: list[tuple[int, str, str, str, QColor | None]] = []
        for r in plan.rows:
            name = str(r.values.get("name") or "")
            if r.action == "invalid":
                text = "\n".join(_issue_text(i) for i in r.errors)
                lines.append((r.row, name, "有错误，不导入", text, COLORS["invalid"]))
            elif r.action == "duplicate":
                text = "\n".join(i.reason for i in r.warnings)
                lines.append((r.row, name, "文件内重复", text, COLORS["duplicate"]))
            elif r.action == "update":
                text = "；".join(
                    f"{field_label(k)}：{fmt_value(old)} → {fmt_value(new)}"
                    for k, (old, new) in r.changes.items()
                )
                lines.append((r.row, name, "更新", text, COLORS["update"]))
            elif r.warnings:
                text = "\n".join(_issue_text(i) for i in r.warnings)
                lines.append(
                    (
                        r.row,
                        name,
                        imp.ACTION_NAMES[r.action] + "（有提示）",
                        text,
                        COLORS["warning"],
                    )
                )
        # Then the people to be added, so that the clerk can see the columns landed right.
        for r in plan.rows:
            if len(lines) > CHECK_ROWS_SHOWN:
                break
            if r.action == "new" and not r.warnings:
                text = "，".join(
                    f"{field_label(k)} {fmt_value(v)}"
                    for k, v in r.values.items()
                    if k != "name" and v not in (None, "")
                )
                lines.append((r.row, str(r.values.get("name") or ""), "新增", text, None))
        self.table.setSortingEnabled(False)
        shown = lines[:CHECK_ROWS_SHOWN]
        self.table.setRowCount(len(shown))
        for i, (row, name, action, text, color) in enumerate(shown):
            number = table_item("", color)
            number.setData(Qt.ItemDataRole.DisplayRole, row)
            self.table.setItem(i, 0, number)
            self.table.setItem(i, 1, table_item(name, color))
            self.table.setItem(i, 2, table_item(action, color))
            item = table_item(text, color)
            item.setToolTip(text)
            self.table.setItem(i, 3, item)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.resizeColumnToContents(2)
        self._fit_explained_rows()
        if len(lines) > CHECK_ROWS_SHOWN:
            self.message.setText(
                f"行数较多，这里只列出前 {CHECK_ROWS_SHOWN} 行（先列问题和变化，再列新增）；"
                "全部未导入的行可保存为表格。"
            )
            self.message.show()
        self.save_rejects.setEnabled(c["invalid"] + c["duplicate"] > 0)
        if c["new"] + c["update"] == 0:
            self.message.setText(
                "没有需要新增或更新的人员，无需导入。可以返回修改列对应或处理方式。"
            )
            self.message.show()

    @Slot()
    def _fit_explained_rows(self) -> None:
        """Rows whose 说明 is long or has several lines (each error or warning on a line of its
        own) grow to show it whole, wrapped; the first WRAPPED_ROWS of them, the rest keep
        one line and their tooltip (growing thousands of rows would keep the page waiting)."""
        table = self.table
        column = table.columnWidth(3)
        fitted = 0
        for row in range(table.rowCount()):
            item = table.item(row, 3)
            text = item.text() if item is not None else ""
            if "\n" in text or table.fontMetrics().horizontalAdvance(text) > column - 8:
                table.resizeRowToContents(row)
                fitted += 1
                if fitted == WRAPPED_ROWS:
                    break

    def isComplete(self) -> bool:
        plan = self.wiz.plan
        return (
            plan is not None
            and not self.wiz.busy
            and not self.checking
            and (plan.counts["new"] + plan.counts["update"] > 0)
        )

    def validatePage(self) -> bool:
        return self.isComplete()


def _issue_text(issue: imp.Issue) -> str:
    """ "列：原因", or the reason alone for a problem of the whole row."""
    return f"{issue.column}：{issue.reason}" if issue.column else issue.reason


def field_label(key: str) -> str:
    from ...core.fields import FIELD_BY_KEY

    return FIELD_BY_KEY[key].label if key in FIELD_BY_KEY else key
