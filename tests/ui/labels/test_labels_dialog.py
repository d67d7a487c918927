"""The labels dialog and the template dialog driven with qtbot on the demo zone."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from lao_gan_bu_desktop.core.label_layout import MM, label_rect
from lao_gan_bu_desktop.core.roster_filter import RosterFilter
from lao_gan_bu_desktop.services import labels as svc
from lao_gan_bu_desktop.services.roster import update_person
from lao_gan_bu_desktop.storage.models import Person
from lao_gan_bu_desktop.ui.labels.dialog import LabelsDialog
from lao_gan_bu_desktop.ui.labels.template_dialog import LabelTemplateDialog
from tests.conftest import FIXED_TODAY

OUTSIDE = RosterFilter(residence_area="省外")


def ink(path: Path) -> float:
    """The share of non-white pixels on the first page of a PDF, rendered by QtPdf on white."""
    from lao_gan_bu_desktop.ui.common.pdf_printing import on_white

    document = QPdfDocument()
    document.load(str(path))
    pt = document.pagePointSize(0)
    image = on_white(document.render(0, QSize(round(pt.width() / 2), round(pt.height() / 2))))
    dark = sum(
        1
        for y in range(0, image.height(), 2)
        for x in range(0, image.width(), 2)
        if QColor(image.pixel(x, y)).lightness() < 235
    )
    return dark / ((image.height() // 2) * (image.width() // 2))


def make_dialog(qtbot, flt=OUTSIDE, ids=None) -> LabelsDialog:
    dialog = LabelsDialog(flt, ids, day=FIXED_TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_preview_then_click_a_cell_to_start_there_and_save(demo_ctx, qtbot, tmp_path: Path) -> None:
    dialog = make_dialog(qtbot)
    qtbot.waitUntil(lambda: dialog.pdf_document.status() == QPdfDocument.Status.Ready)
    assert dialog.pdf_document.pageCount() == 1
    assert "共 8 枚标签" in dialog.summary_label.text()
    dialog.template_combo.setCurrentIndex(dialog.template_combo.findData("L7160"))
    view = dialog.sheet_view
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=view.cell_rect(5).center().toPoint())
    assert dialog.start_spin.value() == 5
    dialog.copies_spin.setValue(2)
    out = tmp_path / "labels.pdf"
    run = dialog.save_to(out)
    assert run.labels == 16
    template = svc.get_template("L7160")
    cell = label_rect(template, 5, svc.get_offset())
    with pdfplumber.open(out) as pdf:
        chars = [c for c in pdf.pages[0].chars if not c["text"].isspace()]
        assert len(pdf.pages[0].rects) == 0  # no outlines in what is printed
    first = min(chars, key=lambda c: (c["top"], c["x0"]))
    assert cell.x * MM <= first["x0"] and cell.y * MM <= first["top"] <= cell.bottom * MM
    # the options are remembered for next time (start position excepted)
    again = make_dialog(qtbot)
    assert again.copies_spin.value() == 2 and again.start_spin.value() == 1


def test_envelopes_and_printing_at_full_scale(demo_ctx, qtbot, tmp_path: Path) -> None:
    dialog = make_dialog(qtbot)
    dialog.mode_combo.setCurrentIndex(dialog.mode_combo.findData("C5"))
    dialog.sender_address.setText("郑州市高新区翠竹街1号")
    dialog.sender_postcode.setText("450001")
    dialog.refresh_preview()
    assert not dialog.sheet_box.isEnabled()
    assert "共 8 个信封" in dialog.summary_label.text()
    out = tmp_path / "env.pdf"
    dialog.save_to(out)
    with pdfplumber.open(out) as pdf:
        assert len(pdf.pages) == 8
        assert round(pdf.pages[0].width / MM) == 229
        assert "翠竹街1号" in pdf.pages[0].extract_text()
    assert svc.default_sender()["postcode"] == "450001"
    for mode, pages, size in (("C5", 8, (229, 162)), ("labels", 1, (210, 297))):
        printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printed = tmp_path / f"printed_{mode}.pdf"
        printer.setOutputFileName(str(printed))
        dialog.mode_combo.setCurrentIndex(dialog.mode_combo.findData(mode))
        assert dialog.print_to(printer) == pages
        with pdfplumber.open(printed) as pdf:
            page = pdf.pages[0]
            assert len(pdf.pages) == pages
            assert (round(page.width / MM), round(page.height / MM)) == size
        assert 0.0005 < ink(printed) < 0.1  # text on white paper, not a black page
    test_page = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    test_page.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    test_page.setOutputFileName(str(tmp_path / "test_page.pdf"))
    assert dialog.print_test_page_to(test_page) == 1
    assert 0.0005 < ink(tmp_path / "test_page.pdf") < 0.1


def test_people_without_address_are_reported_and_nothing_can_be_saved(demo_ctx, qtbot) -> None:
    ids = [p.id for p in Person.select(Person.id).limit(2)]
    for pid in ids:
        update_person(pid, {"address": ""})
    dialog = make_dialog(qtbot, flt=None, ids=ids)
    assert "都没有填写现住址" in dialog.summary_label.text()
    assert not dialog.save_button.isEnabled() and not dialog.print_button.isEnabled()


def test_template_dialog_draws_live_refuses_overlap_and_saves(ctx, qtbot) -> None:
    dialog = LabelTemplateDialog(base_id="L7160")
    qtbot.addWidget(dialog)
    save = dialog.buttons.button(dialog.buttons.StandardButton.Save)
    assert save.isEnabled()
    dialog.mm["dx"].setValue(50)  # narrower than the 63.5 mm labels
    assert not save.isEnabled() and "重叠" in dialog.problems_label.text()
    assert dialog.sheet_view.template().dx == 50
    dialog.mm["dx"].setValue(66)
    dialog.ny_spin.setValue(6)
    dialog.id_edit.setText("办公室-3x6")
    dialog.offset_x.setValue(-1.2)
    dialog.save()
    assert dialog.saved_id == "办公室-3x6"
    assert svc.get_template("办公室-3x6").ny == 6
    assert svc.get_offset() == (-1.2, 0.0)


def test_saving_where_no_file_can_be_written_says_so(
    demo_ctx, qtbot, tmp_path: Path, monkeypatch, message_boxes
) -> None:
    from PySide6.QtWidgets import QFileDialog

    dialog = make_dialog(qtbot)
    blocked = tmp_path / "是个文件夹.pdf"
    blocked.mkdir()
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(blocked), ""))
    )
    dialog.save_pdf()
    kind, _title, text = message_boxes[-1]
    assert kind == "warning" and "文件写不进去" in text and "Traceback" not in text


def test_preprinted_envelopes_print_only_the_digits_moved_by_their_own_offset(
    demo_ctx, qtbot, tmp_path: Path
) -> None:
    svc.set_envelope_offset(2.0, -1.0)
    dialog = make_dialog(qtbot)
    assert not dialog.preprinted_check.isEnabled()  # labels mode: no envelope choice
    dialog.mode_combo.setCurrentIndex(dialog.mode_combo.findData("DL"))
    assert dialog.preprinted_check.isEnabled()
    drawn, preprinted = tmp_path / "drawn.pdf", tmp_path / "preprinted.pdf"
    dialog.save_to(drawn)
    dialog.preprinted_check.setChecked(True)
    dialog.save_to(preprinted)
    with pdfplumber.open(drawn) as a, pdfplumber.open(preprinted) as b:
        boxes = a.pages[0].rects
        assert len(boxes) == 7  # six postcode boxes and the stamp box
        assert b.pages[0].rects == [] and "贴邮票处" not in b.pages[0].extract_text()
        digit_a = next(c for c in a.pages[0].chars if c["text"].isdigit() and c["size"] > 15)
        digit_b = next(c for c in b.pages[0].chars if c["text"].isdigit() and c["size"] > 15)
    assert abs((digit_b["x0"] - digit_a["x0"]) / MM - 2.0) < 0.01
    assert abs((digit_b["top"] - digit_a["top"]) / MM + 1.0) < 0.01
    # the digit sits inside its printed box as it does inside the drawn one
    box = min(boxes, key=lambda r: r["x0"])
    assert box["x0"] < digit_a["x0"] < digit_a["x1"] < box["x1"]


def test_calibration_keeps_the_printer_margin_and_warns_for_edge_to_edge_sheets(ctx, qtbot) -> None:
    dialog = LabelTemplateDialog(base_id="A4-3x8-70x37")
    qtbot.addWidget(dialog)
    assert dialog.printer_margin.value() == 4.0
    assert "离纸边只有 0 毫米" in dialog.margin_label.text()
    dialog.printer_margin.setValue(0.0)
    assert dialog.margin_label.text() == ""
    dialog.printer_margin.setValue(5.0)
    dialog.envelope_x.setValue(1.5)
    dialog.save()
    assert svc.get_printer_margin() == 5.0
    assert svc.get_envelope_offset() == (1.5, 0.0)
    warning = svc.margin_warning_for("A4-3x8-70x37")
    assert "5 毫米" in warning and not svc.margin_warning_for("L7160")


def test_addresses_without_city_or_district_are_asked_about_before_saving(
    demo_ctx, qtbot, tmp_path: Path, monkeypatch
) -> None:
    """The tester's "农业路东12号" printed silently; now the summary names it and saving or
    printing first asks, offering to go on anyway."""
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    ids = [p.id for p in Person.select(Person.id).order_by(Person.id).limit(3)]
    update_person(ids[0], {"address": "农业路东12号"})
    names = {p.id: p.name for p in Person.select().where(Person.id.in_(ids))}
    dialog = make_dialog(qtbot, flt=None, ids=ids)
    expected = f"1 人的地址没有写市/区，邮寄可能送不到：{names[ids[0]]}"
    assert expected in dialog.summary_label.text()
    asked: list[str] = []
    answer = [QMessageBox.StandardButton.No]
    monkeypatch.setattr(
        QMessageBox,
        "question",
        staticmethod(lambda parent, title, text, *a: asked.append(text) or answer[0]),
    )
    offered: list[str] = []
    out = tmp_path / "labels.pdf"
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        staticmethod(lambda *a, **k: offered.append(a[2]) or (str(out), "")),
    )
    dialog.save_pdf()
    assert asked and asked[0].startswith(expected) and "仍要保存" in asked[0]
    assert not offered and not out.exists()  # 否: nothing saved
    answer[0] = QMessageBox.StandardButton.Yes
    dialog.save_pdf()
    assert out.read_bytes().startswith(b"%PDF")
    # everyone with a city or district: no question
    asked.clear()
    update_person(ids[0], {"address": "郑州市金水区农业路东12号"})
    make_dialog(qtbot, flt=None, ids=ids).save_pdf()
    assert not asked
