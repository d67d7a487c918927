"""``lao-gan-bu export …``: files land where asked; mistakes give Chinese errors, exit 2."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from lao_gan_bu_desktop.__main__ import main


def _zone(tmp_path: Path, capsys) -> Path:
    data = tmp_path / "zone"
    assert main(["--data-dir", str(data), "demo"]) == 0
    capsys.readouterr()
    return data


def test_export_commands(tmp_path: Path, capsys) -> None:
    data = _zone(tmp_path, capsys)
    out = tmp_path / "out"
    out.mkdir()
    base = ["--data-dir", str(data), "export"]
    day = ["--date", "2026-11-29"]
    assert main([*base, "roster", str(out), *day, "--columns", "name,unit,id_number"]) == 0
    roster = out / "高新区离退休干部花名册_2026-11-29.xlsx"
    ws = load_workbook(roster).active
    assert [c.value for c in ws[3]] == ["姓名", "原工作单位", "公民身份号码"]
    assert "********" in str(ws["C4"].value)
    assert "导出花名册 153 人" in capsys.readouterr().out

    target = out / "科技局.xlsx"
    assert main([*base, "roster", str(target), "--unit", "科技局", "--full-id", *day]) == 0
    ws = load_workbook(target).active
    assert {r[0] for r in ws.iter_rows(min_row=4, values_only=True)} and "*" not in str(
        ws["F4"].value
    )

    assert main([*base, "report", str(out), *day]) == 0
    assert (out / "高新区离退休干部统计报表_2026-11-29.xlsx").exists()
    units = out / "units"
    assert (
        main([*base, "unit-check", str(units), "--unit", "科技局", "--unit", "科技局", *day]) == 0
    )
    assert [p.name for p in units.iterdir()] == ["高新区科技局离退休干部核对表_2026-11-29.xlsx"]
    assert main([*base, "directory", str(out / "通讯录.pdf"), *day]) == 0
    assert (out / "通讯录.pdf").read_bytes().startswith(b"%PDF")


def test_export_errors_are_chinese(tmp_path: Path, capsys) -> None:
    data = _zone(tmp_path, capsys)
    base = ["--data-dir", str(data), "export"]
    assert main([*base, "roster", str(tmp_path / "a.xlsx"), "--columns", "name,shoe"]) == 2
    assert "不认识的列：shoe" in capsys.readouterr().err
    assert main([*base, "unit-check", str(tmp_path / "u"), "--unit", "外星局"]) == 2
    assert "没有这些单位：外星局" in capsys.readouterr().err
    assert main([*base, "report", str(tmp_path), "--unit", "科技局"]) == 2
    assert "不能用 --unit" in capsys.readouterr().err
    assert main([*base, "directory", str(tmp_path), "--columns", "name"]) == 2
    assert "--columns 只用于花名册" in capsys.readouterr().err
    assert main([*base, "report", str(tmp_path / "a.pdf")]) == 2
    err = capsys.readouterr().err
    assert "只有通讯录可以导出为 PDF" in err and "Traceback" not in err
    assert not (tmp_path / "a.xlsx").exists()
