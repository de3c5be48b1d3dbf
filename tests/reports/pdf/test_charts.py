"""Server-side SVG charts for the printed dashboard."""

from __future__ import annotations

import re

from reports.pdf.charts import Series, donut, stacked_bars

SERIES = (Series("a", "Đúng hạn", "#6b7280"), Series("b", "Quá hạn", "#c53030"))


def _height(svg: str) -> float:
    return float(re.search(r'viewBox="0 0 [\d.]+ ([\d.]+)"', svg).group(1))


def test_bars_stay_within_part_of_a_page_however_many_units():
    few = stacked_bars([("Huyện ủy Trảng Bom", {"a": 3, "b": 1})], SERIES)
    many = stacked_bars([(f"Đảng ủy xã {i}", {"a": i, "b": 1}) for i in range(40)], SERIES)
    assert _height(few) < 60
    assert _height(many) <= 425
    assert "Huyện ủy Trảng Bom" in few


def test_labels_are_escaped():
    svg = stacked_bars([("<script>alert(1)</script>", {"a": 1})], SERIES)
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg


def test_donut_handles_nothing_and_everything():
    empty = donut([(SERIES[0], 0), (SERIES[1], 0)])
    full = donut([(SERIES[0], 5), (SERIES[1], 0)])
    split = donut([(SERIES[0], 3), (SERIES[1], 1)])
    assert ">0</text>" in empty
    assert "<path" not in full  # one full ring is a circle, an arc of 360° would vanish
    assert split.count("<path") == 2
    assert "Quá hạn: 1" in split
