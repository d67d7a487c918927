"""The 一刊一报 page: the year's choices of everyone 在册 (a column per publication), rolling a
year forward, editing one person's choices, the order list workbook, labels for a publication
and the publications themselves (刊物设置)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...core.filenames import dated_filename
from ...services import subscriptions
from ...services.settings import get_setting
from . import common

NONE_PAPER = "（不订）"
ROLL_SHORTCUT = "Ctrl+Shift+R"
EXPORT_SHORTCUT = "Ctrl+Shift+E"
LABELS_SHORTCUT = "Ctrl+Shift+B"


class ChoicesDialog(QDialog):
    """One person's publications in one year: the 统一订阅 and 赠阅 ones ticked, one 自选 paper."""

    def __init__(self, person: dict[str, Any], year: int, publications, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{person['name']} {year} 年订阅")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"{person['name']}（{person['unit'] or '无单位'}）{year} 年订阅："))
        self.checks: dict[int, QCheckBox] = {}
        form = QFormLayout()
        for p in publications:
            if p["provision"] == "自选":
                continue
            check = QCheckBox(f"《{p['name']}》（{p['provision']}）")
            check.setChecked(p["id"] in person["choices"])
            self.checks[p["id"]] = check
            form.addRow(check)
        self.paper = QComboBox()
        self.paper.addItem(NONE_PAPER, None)
        for p in publications:
            if p["provision"] == "自选" and (p["active"] or p["id"] in person["choices"]):
                self.paper.addItem(f"《{p['name']}》", p["id"])
                if p["id"] in person["choices"]:
                    self.paper.setCurrentIndex(self.paper.count() - 1)
        form.addRow("自选报纸：", self.paper)
        layout.addLayout(form)
        layout.addWidget(common.ok_cancel(self, "确定"))

    def publication_ids(self) -> list[int]:
        ids = [pid for pid, check in self.checks.items() if check.isChecked()]
        if self.paper.currentData() is not None:
            ids.append(self.paper.currentData())
        return ids


class PublicationsDialog(QDialog):
    """刊物设置: add, rename, stop (在订) or delete the publications."""

    COLUMNS = (
        ("name", "刊物名称"),
        ("kind", "类别"),
        ("provision", "订阅方式"),
        ("active", "在订"),
    )

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("刊物设置")
        self.resize(620, 460)
        self.changed = False
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel("每年统一订阅《老年春秋》等刊物；报纸由本人自选一份；赠阅的报纸人人一份。")
        )
        self.model = common.RowsModel(self.COLUMNS, self)
        self.view = common.make_table(self.model, self, "publications_table")
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._load_current())
        layout.addWidget(self.view, 1)
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setPlaceholderText("如：老年春秋")
        self.kind = QComboBox()
        self.kind.addItems(subscriptions.KINDS)
        self.provision = QComboBox()
        self.provision.addItems(subscriptions.PROVISIONS)
        self.active = QCheckBox("在订（取消后结转时不再订阅）")
        self.active.setChecked(True)
        form.addRow("名称：", self.name)
        row = QHBoxLayout()
        row.addWidget(self.kind)
        row.addWidget(QLabel("订阅方式："))
        row.addWidget(self.provision)
        row.addWidget(self.active)
        form.addRow("类别：", row)
        layout.addLayout(form)
        buttons = QHBoxLayout()
        self.add_button = common.button("新增", self.add)
        self.save_button = common.button("保存修改", self.save_current)
        self.delete_button = common.button("删除", self.delete_current)
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        for b in (self.add_button, self.save_button, self.delete_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.reload()

    def reload(self) -> None:
        self.model.set_rows(subscriptions.list_publications())
        self.view.resizeColumnsToContents()

    def _load_current(self) -> None:
        pid = common.current_id(self.view)
        row = next((r for r in self.model.rows if r["id"] == pid), None)
        if row is None:
            return
        self.name.setText(row["name"])
        self.kind.setCurrentText(row["kind"])
        self.provision.setCurrentText(row["provision"])
        self.active.setChecked(row["active"])

    def _save(self, publication_id: int | None) -> bool:
        ok, _ = common.guarded(
            self,
            "无法保存刊物",
            subscriptions.save_publication,
            publication_id,
            self.name.text(),
            self.kind.currentText(),
            self.provision.currentText(),
            active=self.active.isChecked(),
        )
        if ok:
            self.changed = True
            self.reload()
        return ok

    def add(self) -> bool:
        return self._save(None)

    def save_current(self) -> bool:
        pid = common.current_id(self.view)
        if pid is None:
            common.tell(self, "刊物设置", "请先在表中选中要修改的刊物。")
            return False
        return self._save(pid)

    def delete_current(self) -> None:
        pid = common.current_id(self.view)
        if pid is None:
            return
        ok, _ = common.guarded(self, "无法删除刊物", subscriptions.delete_publication, pid)
        if ok:
            self.changed = True
            self.reload()


class SubscriptionsPage(QWidget):
    """一刊一报 of one year."""

    def __init__(self, today: Callable[[], _dt.date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("subscriptions_page")
        self.today = today
        self.table: dict[str, Any] | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("年度："))
        self.year = QSpinBox()
        self.year.setRange(subscriptions.MIN_YEAR, subscriptions.MAX_YEAR)
        self.year.setSuffix(" 年")
        self.year.setValue(today().year)
        self.year.valueChanged.connect(lambda _v: self.refresh())
        top.addWidget(self.year)
        self.search = common.find_box("查找姓名、单位（Ctrl+F）", max_width=260, min_width=200)
        top.addWidget(self.search)
        top.addStretch(1)
        self.roll_button = common.button(
            "由上年结转", self.roll_forward, f"按上一年的订阅生成本年度订阅（{ROLL_SHORTCUT}）"
        )
        self.edit_button = common.button(
            "修改订阅…", self.edit_selected, "修改所选人员本年度的订阅（回车或双击）"
        )
        self.export_button = common.button(
            "导出订阅清单…",
            self.export_order_list,
            f"每种刊物一张表，含投递地址（{EXPORT_SHORTCUT}）",
        )
        self.labels_button = common.button(
            "打印标签…",
            self.print_labels,
            f"为订阅所选刊物的人打印地址标签或信封（{LABELS_SHORTCUT}）",
        )
        self.publication = QComboBox()
        self.publication.setToolTip("打印标签用的刊物")
        self.publication.setMinimumContentsLength(7)
        self.publication.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.settings_button = common.button("刊物设置…", self.edit_publications)
        for w in (
            self.roll_button,
            self.edit_button,
            self.export_button,
            self.publication,
            self.labels_button,
            self.settings_button,
        ):
            top.addWidget(w)
        layout.addLayout(top)
        self.summary = QLabel()
        self.summary.setObjectName("subscriptions_summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.model = common.RowsModel((), self)
        self.view: QTableView = common.make_table(self.model, self, "subscriptions_table")
        self.search.textChanged.connect(self.view.model().setFilterFixedString)
        common.on_enter(self.view, self.edit_selected)
        layout.addWidget(self.view, 1)
        common.shortcut(self, ROLL_SHORTCUT, self.roll_forward)
        common.shortcut(self, EXPORT_SHORTCUT, self.export_order_list)
        common.shortcut(self, LABELS_SHORTCUT, self.print_labels)
        common.shortcut(self, "Ctrl+F", self.search.setFocus)
        common.shortcut(self, "F2", self.edit_selected)

    def selected_year(self) -> int:
        return self.year.value()

    def refresh(self) -> None:
        """Reload the year's table and counts."""
        ok, table = common.guarded(
            self, "无法读取订阅", subscriptions.year_table, self.selected_year()
        )
        if not ok or table is None:
            return
        self.table = table
        pubs = table["publications"]
        fixed = [p for p in pubs if p["provision"] != "自选"]
        columns = [("name", "姓名"), ("unit", "单位")]
        columns += [(f"p{p['id']}", f"《{p['name']}》") for p in fixed]
        columns += [("newspaper", "自选报纸"), ("address", "投递地址")]
        rows = []
        for person in table["persons"]:
            row = {**person}
            for p in fixed:
                row[f"p{p['id']}"] = p["id"] in person["choices"]
            rows.append(row)
        self.model.set_rows(rows, columns)
        common.cap_columns(self.view, {1: 170})
        current = self.publication.currentData()
        self.publication.clear()
        for p in pubs:
            self.publication.addItem(f"《{p['name']}》", p["name"])
        index = self.publication.findData(current)
        self.publication.setCurrentIndex(max(index, 0))
        has_rows = any(person["choices"] for person in table["persons"])
        self.roll_button.setEnabled(not has_rows)
        self.roll_button.setText(f"结转 {self.selected_year()} 年")
        self.roll_button.setToolTip(
            f"{self.selected_year()} 年已有订阅，只能逐人修改（回车或双击）"
            if has_rows
            else f"按上一年的订阅一次生成 {self.selected_year()} 年的订阅（{ROLL_SHORTCUT}）"
        )
        for button in (self.export_button, self.labels_button):
            button.setEnabled(has_rows)
        if not pubs:
            self.summary.setText(
                "还没有刊物。请点“刊物设置…”添加《老年春秋》、赠阅报纸和可选的报纸。"
            )
            return
        if not has_rows:
            self.summary.setText(
                f"{self.selected_year()} 年还没有订阅记录。点“结转 {self.selected_year()} 年”"
                "按上一年（第一年按花名册的订阅报纸）一次生成。"
            )
            return
        counts = table["counts"]
        parts = [f"《{p['name']}》{counts.get(p['id'], 0)} 份" for p in pubs if counts.get(p["id"])]
        text = f"{self.selected_year()} 年共 {len(rows)} 人：" + "，".join(parts) + "。"
        if table["missing_choice"]:
            text += f" {table['missing_choice']} 人还没有自选报纸：选中后按“修改订阅…”选上。"
        self.summary.setText(text)

    def roll_forward(self) -> bool:
        year = self.selected_year()
        if not self.roll_button.isEnabled():
            return False
        ok, result = common.guarded(self, "无法结转", subscriptions.roll_forward, year)
        if not ok or result is None:
            return False
        self.refresh()
        source = f"由 {result['from_year']} 年" if result["from_year"] else "按花名册"
        self.window_status(
            f"已{source}结转 {year} 年订阅：{result['persons']} 人，{result['rows']} 份"
        )
        return True

    def window_status(self, text: str) -> None:
        show = getattr(self.window(), "show_status", None)
        if callable(show):
            show(text)

    def edit_selected(self) -> bool:
        pid = common.current_id(self.view)
        if pid is None or self.table is None:
            return False
        person = next(p for p in self.table["persons"] if p["id"] == pid)
        dialog = ChoicesDialog(person, self.selected_year(), self.table["publications"], self)
        while common.run_dialog(dialog):
            ok, _ = common.guarded(
                self,
                "无法保存订阅",
                subscriptions.set_choices,
                pid,
                self.selected_year(),
                dialog.publication_ids(),
            )
            if ok:
                self.refresh()
                return True
        return False

    def export_order_list(self) -> Path | None:
        year = self.selected_year()
        zone = get_setting("zone_name") or ""
        suggested = Path.home() / dated_filename(f"{zone}{year}年一刊一报订阅清单", self.today())
        target = common.ask_save_path(self, "导出订阅清单", suggested, "Excel 工作簿 (*.xlsx)")
        if target is None:
            return None
        if target.suffix.lower() != ".xlsx":
            target = target.with_suffix(".xlsx")
        ok, _ = common.guarded(self, "无法导出", subscriptions.check_order_list, year, target)
        if not ok:
            return None
        day = self.today()
        ok, _ = (
            common.run_in_background(  # a city's roster takes a while: the window keeps painting
                self,
                f"正在导出 {year} 年一刊一报订阅清单…",
                lambda: subscriptions.export_order_list(year, target, day=day),
            )
        )
        if ok:
            common.tell(self, "导出完成", f"已导出 {year} 年一刊一报订阅清单：\n{target}")
            return target
        return None

    def print_labels(self) -> None:
        name = self.publication.currentData()
        if not name:
            return
        ok, ids = common.guarded(
            self,
            "无法打印标签",
            lambda: subscriptions.subscriber_ids(
                subscriptions.publication_by_name(name)["id"], self.selected_year()
            ),
        )
        if ok:
            from ..labels.menu import open_labels_dialog

            open_labels_dialog(self, None, ids)

    def edit_publications(self) -> None:
        dialog = PublicationsDialog(self)
        dialog.exec()
        if dialog.changed:
            self.refresh()
