"""A month cell's name lines stay inside the cell: at most the lines that fit, cut with …"""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetrics

from lao_gan_bu_desktop.ui.visits.month_view import fit_lines


def test_names_that_fit_are_kept_whole(qapp) -> None:
    metrics = QFontMetrics(QFont(qapp.font()))
    text = "应访：蒋美玲"
    assert fit_lines(metrics, text, metrics.horizontalAdvance(text) + 4, 2) == [text]


def test_long_names_break_into_lines_no_wider_than_the_cell(qapp) -> None:
    metrics = QFontMetrics(QFont(qapp.font()))
    text = "应访：蒋美玲、杜建国、王丽等 5 人"
    width = metrics.horizontalAdvance("应访：蒋美玲")
    lines = fit_lines(metrics, text, width, 2)
    assert len(lines) == 2
    assert all(metrics.horizontalAdvance(line) <= width for line in lines)
    assert lines[0] == "应访：蒋美玲"
    assert lines[1].endswith("…")  # more than two lines' worth: the rest is cut, visibly


def test_one_line_of_room_gives_one_cut_line(qapp) -> None:
    metrics = QFontMetrics(QFont(qapp.font()))
    text = "应访：蒋美玲、杜建国"
    width = metrics.horizontalAdvance("应访：蒋")
    lines = fit_lines(metrics, text, width, 1)
    assert len(lines) == 1 and lines[0].endswith("…")
    assert metrics.horizontalAdvance(lines[0]) <= width
