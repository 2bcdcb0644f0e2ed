"""Charts: colours meet contrast on white, text is escaped, no style attribute or script."""

from __future__ import annotations

import re

from stats.charts import AXIS, BACKGROUND, COLOURS, TEXT, Series, bar_chart, contrast, line_chart


def test_the_colours_meet_contrast_on_white():
    for colour in (*COLOURS, TEXT):
        assert contrast(colour, BACKGROUND) >= 4.5, colour
    assert contrast(AXIS, BACKGROUND) >= 3
    assert contrast("#ffffff", "#000000") == 21


def test_charts_are_labelled_pictures_without_style_or_script():
    svg = str(
        line_chart(
            labels=["09/2026", "10/2026"],
            series=[Series("<b>Nộp</b>", [3, 5]), Series("Quyết định", [None, 4])],
            title="Hồ sơ & quyết định",
            description="Mô tả",
        )
    )
    bars = str(
        bar_chart(
            labels=["Hà Nội", "<script>"],
            series=[Series("Nữ", [2, None])],
            title="T",
            description="D",
        )
    )
    for out in (svg, bars):
        assert 'role="img"' in out and "<title" in out and "<desc" in out
        assert "style=" not in out and "<script" not in out
    assert "&lt;b&gt;Nộp&lt;/b&gt;" in svg and "Hồ sơ &amp; quyết định" in svg
    assert "stroke-dasharray" in svg  # the second series differs by more than colour


def test_a_bar_chart_s_legend_wraps_instead_of_running_off_the_edge():
    long = "Đăng ký quan tâm đi làm việc ở nước ngoài"
    svg = str(
        bar_chart(
            labels=["Bắc Ninh"],
            series=[
                Series("Nữ", [3]),
                Series("Nam", [1]),
                Series("Lượt giới thiệu việc làm (tổng)", [4]),
                Series(long, [2]),
            ],
            title="T",
            description="D",
        )
    )
    width = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg).group(1))
    legend = [
        (int(x), int(y))
        for x, y in re.findall(r'<rect x="(\d+)" y="(\d+)" width="12" height="12"', svg)
    ]
    # Side by side (7.5 px a letter, 18 px of sample, 16 between), the fourth on a new line.
    assert [x for x, _y in legend] == [8, 57, 113, 8]
    assert legend[0][1] == legend[1][1] == legend[2][1] == legend[3][1] - 20
    labels = ["Nữ", "Nam", "Lượt giới thiệu việc làm (tổng)", long]
    for (x, _y), label in zip(legend, labels, strict=True):
        assert x + 18 + len(label) * 7.5 <= width, label
