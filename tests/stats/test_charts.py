"""Charts: colours meet contrast on white, text is escaped, no style attribute or script."""

from __future__ import annotations

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
