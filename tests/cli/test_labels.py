"""The labels and envelopes commands: PDFs made, Chinese errors, no traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pdfplumber

from lao_gan_bu_desktop.__main__ import main


def test_labels_and_envelopes_from_the_command_line(
    demo_template: Path, tmp_path: Path, capsys, request, monkeypatch
) -> None:
    import shutil

    from tests.conftest import use_demo_database

    use_demo_database(request, monkeypatch)
    data = tmp_path / "zone"
    shutil.copytree(demo_template, data)
    out = tmp_path / "省外.pdf"
    args = ["--data-dir", str(data), "labels", str(out), "--residence", "省外", "--copies", "2"]
    assert main([*args, "--start", "3", "--template", "L7163", "--suffix", "老师收", "--json"]) == 0
    run = json.loads(capsys.readouterr().out)
    assert run["labels"] == 16 and run["pages"] == 2 and run["left_out"] == []
    with pdfplumber.open(out) as pdf:
        assert "老师 收" in pdf.pages[0].extract_text()
    env = tmp_path / "env.pdf"
    assert (
        main(["--data-dir", str(data), "envelopes", str(env), "--size", "dl", "--unit", "科技局"])
        == 0
    )
    assert "已生成信封" in capsys.readouterr().out
    assert main(["--data-dir", str(data), "label-test-page", str(tmp_path / "t.pdf")]) == 0
    assert main(["--data-dir", str(data), "label-offset", "--dx", "1.5"]) == 0
    assert "向右 1.5 毫米" in capsys.readouterr().out
    assert main([*args, "--start", "30"]) == 2
    err = capsys.readouterr().err
    assert "起始位置应在 1～21 之间" in err and "Traceback" not in err
    assert main([*args, "--template", "X9"]) == 2
    assert "没有编号为“X9”的标签模板" in capsys.readouterr().err
