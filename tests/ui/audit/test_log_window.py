"""工具 → 操作日志 in the real window: changes by two operators, each filter, sorting, a record
opened (a person in the person dialog, anything else as its changes), and the view exported to
xlsx and read back in the order shown."""

from __future__ import annotations

import datetime as _dt

import openpyxl
import pytest
from PySide6.QtCore import QPoint, Qt

from lao_gan_bu_desktop.services import operators, roster, visits
from lao_gan_bu_desktop.services.visits import VisitInput
from lao_gan_bu_desktop.storage.models import AuditLog


@pytest.fixture
def two_clerks_changes(window):
    """孙倩 changes a person's phone, 李强 plans a visit for another; returns their names."""
    operators.add_operator("孙倩")
    operators.add_operator("李强")
    people = [p for p in roster.list_persons() if p["status"] == "在册"]
    first, second = people[0], people[1]
    operators.sign_in("孙倩")
    data = roster.get_person(first["id"])
    data["phone"] = "13811112222"
    roster.update_person(first["id"], data)
    operators.sign_in("李强")
    visits.create_visit(VisitInput((second["id"],), "日常走访", _dt.date(2026, 12, 3)))
    return first["name"], second["name"]


def _open(window):
    action = next(a for a in window.menu("工具").actions() if a.text() == "操作日志…")
    action.trigger()
    viewer = window.audit_log_window
    assert viewer.isVisible()
    return viewer


def _column(viewer, col: int) -> list[str]:
    return [viewer.table.item(r, col).text() for r in range(viewer.table.rowCount())]


def _choose(combo, data) -> None:
    combo.setCurrentIndex(combo.findData(data))


def test_filters_show_two_operators_changes(window, two_clerks_changes, qtbot, tmp_path) -> None:
    changed, visited = two_clerks_changes
    viewer = _open(window)
    assert {"孙倩", "李强"} <= set(_column(viewer, 1))
    assert viewer.count_label.text() == f"共 {AuditLog.select().count()} 条"
    _choose(viewer.operator, "孙倩")
    assert set(_column(viewer, 1)) == {"孙倩"}
    assert _column(viewer, 4) == [changed]  # the 人员 column names the person
    assert _column(viewer, 2) == ["修改"]
    _choose(viewer.operator, "李强")
    assert _column(viewer, 3) == ["走访"]
    _choose(viewer.operator, "")  # 全部
    viewer.person.setText(visited)
    qtbot.keyClick(viewer.person, Qt.Key.Key_Return)
    assert all(visited in s for s in _column(viewer, 5))
    assert "走访" in _column(viewer, 3)
    viewer.person.clear()
    qtbot.keyClick(viewer.person, Qt.Key.Key_Return)
    _choose(viewer.table_kind, "person")
    assert set(_column(viewer, 3)) == {"人员"}
    _choose(viewer.action, "修改")
    assert set(_column(viewer, 2)) == {"修改"} and changed in _column(viewer, 4)
    _choose(viewer.table_kind, "")
    _choose(viewer.action, "")
    viewer.by_date.setChecked(True)
    viewer.since.setDate(_dt.date(2001, 1, 1))
    viewer.until.setDate(_dt.date(2001, 1, 31))
    assert viewer.table.rowCount() == 0 and viewer.count_label.text() == "共 0 条"
    viewer.by_date.setChecked(False)
    assert viewer.table.rowCount() == AuditLog.select().count()
    viewer.grab().save(str(tmp_path / "audit_log.png"))


def test_sorting_and_export_read_back(
    window, two_clerks_changes, qtbot, tmp_path, message_boxes
) -> None:
    viewer = _open(window)
    _choose(viewer.table_kind, "")
    viewer.person.setText("")
    times = _column(viewer, 0)
    assert times == sorted(times, reverse=True)  # newest first
    header = viewer.table.horizontalHeader()
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(header.sectionViewportPosition(1) + 5, 5),  # the 操作员 heading
    )
    shown_operators = _column(viewer, 1)
    runs = [o for i, o in enumerate(shown_operators) if i == 0 or o != shown_operators[i - 1]]
    assert len(runs) == len(set(runs)) >= 2  # each operator's rows together: sorted by 操作员
    # (the order of the runs is Qt's, locale-aware under the Chinese locale: not Python's)
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(header.sectionViewportPosition(1) + 5, 5),
    )
    again = _column(viewer, 1)
    assert [o for i, o in enumerate(again) if i == 0 or o != again[i - 1]] == runs[::-1]
    _choose(viewer.operator, "")
    viewer.person.setText("")
    out = tmp_path / "操作日志.xlsx"
    assert viewer.export_to(out) == viewer.table.rowCount()
    assert message_boxes[-1][1] == "导出完成"
    sheet = openpyxl.load_workbook(out).active
    assert sheet["A1"].value == "操作日志"
    assert "全部记录" in sheet["A2"].value
    assert [c.value for c in sheet[3]] == [
        "序号",
        "时间",
        "操作员",
        "操作",
        "类别",
        "人员",
        "内容",
        "改动（原 → 新）",
    ]
    in_file = [sheet.cell(row=r, column=3).value for r in range(4, 4 + viewer.table.rowCount())]
    assert in_file == _column(viewer, 1)  # the rows in the order shown
    phone_row = next(
        r for r in range(4, sheet.max_row + 1) if sheet.cell(row=r, column=3).value == "孙倩"
    )
    assert "13811112222" in sheet.cell(row=phone_row, column=8).value
    assert "→" in sheet.cell(row=phone_row, column=8).value
    assert sheet.freeze_panes == "A4"
    exported = AuditLog.select().order_by(AuditLog.id.desc()).get()
    assert (exported.action, exported.table) == ("导出", "audit_log")


def test_open_a_person_and_another_record(window, two_clerks_changes, qtbot, tmp_path) -> None:
    changed, _visited = two_clerks_changes
    viewer = _open(window)
    _choose(viewer.operator, "孙倩")
    viewer.table.selectRow(0)
    dialog = viewer.open_current()
    assert dialog is window.tabs["roster"].dialog
    qtbot.waitUntil(dialog.isVisible, timeout=20000)
    assert changed in dialog.windowTitle()
    dialog.reject()
    _choose(viewer.operator, "李强")
    viewer.table.selectRow(0)
    record = viewer.open_current()
    qtbot.addWidget(record)
    qtbot.waitUntil(record.isVisible, timeout=20000)
    assert record.windowTitle() == "操作记录：走访 新增"
    assert record.changes.rowCount() == 0 and not record.changes.isVisible()
    record.grab().save(str(tmp_path / "record.png"))
    record.close()
    # a person deleted since: the row opens as its fields, old → new
    _choose(viewer.operator, "孙倩")
    person_id = viewer.entries[viewer.shown_ids()[0]]["record_id"]
    operators.sign_in("孙倩")
    roster.delete_person(person_id)
    viewer.reload()
    row = next(
        r for r in range(viewer.table.rowCount()) if viewer.table.item(r, 2).text() == "修改"
    )
    viewer.table.selectRow(row)
    fields = viewer.open_current()
    qtbot.addWidget(fields)
    assert fields.history.isVisible()  # 修改 then 删除: the record's whole story
    assert "永久删除" in fields.history.toPlainText()
    rows = {
        fields.changes.item(r, 0).text(): (
            fields.changes.item(r, 1).text(),
            fields.changes.item(r, 2).text(),
        )
        for r in range(fields.changes.rowCount())
    }
    assert rows["手机"][1] == "13811112222"


def test_the_viewer_fits_and_closes(window, qtbot) -> None:
    viewer = _open(window)
    assert viewer.width() <= 1366 and viewer.height() <= 728
    from lao_gan_bu_desktop.services.audit import TABLE_TITLES

    metrics = viewer.table.fontMetrics()
    widest = max(metrics.horizontalAdvance(t) for t in TABLE_TITLES.values())
    assert viewer.table.columnWidth(3) >= widest + 8  # 类别 (e.g. 组织关系转接) not cut to "…"
    viewer.close()
    qtbot.waitUntil(lambda: getattr(window, "audit_log_window", None) is None, timeout=20000)
