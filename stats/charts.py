"""Charts drawn on the server as SVG: no script, no CDN, no inline style (the CSP holds).

Each chart is a picture (`role="img"`, a title and a description naming what it shows); the
page puts its table and a sentence of summary next to it, so nothing needs the picture, a
mouse or colour vision: bars carry their value as text, and the two series differ by
position and label as well as colour. The colours have at least 4.5:1 contrast on white
(tests/stats/test_charts.py checks them), more than WCAG 1.4.11 asks of graphics.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import count

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

#: Women, men (and a single series): dark blue, dark orange; text and axes near-black.
COLOURS = ("#1d4f91", "#a34a00")
TEXT = "#0b0c0c"
AXIS = "#505a5f"
BACKGROUND = "#ffffff"

_ids = count(1)


def relative_luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float | None]


def _open(width: int, height: int, title: str, description: str) -> tuple[list[str], str]:
    uid = f"chart-{next(_ids)}"
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="{uid}-t {uid}-d" focusable="false">',
        f'<title id="{uid}-t">{escape(title)}</title>',
        f'<desc id="{uid}-d">{escape(description)}</desc>',
        f'<rect width="{width}" height="{height}" fill="{BACKGROUND}"/>',
    ], uid


def _number(value: float, unit: str = "") -> str:
    """A bar's or an axis' value, short, in the page's language (1,5 tỷ; 4,5 tr; 85,7%)."""
    if abs(value) >= 1_000_000_000:
        text = number_format(value / 1_000_000_000, 1) + " " + gettext("tỷ")
    elif abs(value) >= 1_000_000:
        text = number_format(value / 1_000_000, 1) + " " + gettext("tr")
    elif value == int(value):
        text = number_format(int(value), 0, force_grouping=True)
    else:
        text = number_format(value, 1)
    return text + unit


def line_chart(
    *, labels: Sequence[str], series: Sequence[Series], title: str, description: str
) -> SafeString:
    """A time series: one line (with a dot and its value at each point) per series."""
    width, height, left, right, top, bottom = 420, 270, 48, 16, 24, 64
    parts, _uid = _open(width, height, title, description)
    values = [v for s in series for v in s.values if v is not None]
    peak = max(values, default=0) or 1
    n = max(len(labels), 1)
    step = (width - left - right) / max(n - 1, 1)

    def x(i: int) -> float:
        return left + (i * step if n > 1 else (width - left - right) / 2)

    def y(v: float) -> float:
        return top + (height - top - bottom) * (1 - v / peak)

    parts.append(
        f'<line x1="{left}" y1="{y(0):.1f}" x2="{width - right}" y2="{y(0):.1f}" '
        f'stroke="{AXIS}" stroke-width="1"/>'
    )
    parts.append(
        f'<text x="{left - 6}" y="{y(peak) + 4:.1f}" text-anchor="end" font-size="13" '
        f'fill="{TEXT}">{escape(_number(peak))}</text>'
    )
    parts.append(
        f'<text x="{left - 6}" y="{y(0) + 4:.1f}" text-anchor="end" font-size="13" '
        f'fill="{TEXT}">0</text>'
    )
    every = max(1, (n + 3) // 4)
    for i, label in enumerate(labels):
        if i % every == 0 or i == n - 1:
            anchor = "end" if i == n - 1 and n > 1 else ("start" if i == 0 and n > 1 else "middle")
            parts.append(
                f'<text x="{x(i):.1f}" y="{height - bottom + 18}" text-anchor="{anchor}" '
                f'font-size="13" fill="{TEXT}">{escape(label)}</text>'
            )
    for k, s in enumerate(series):
        colour = COLOURS[k % len(COLOURS)]
        points = [(x(i), y(v)) for i, v in enumerate(s.values) if v is not None]
        # The second series is dashed: told apart without colour.
        dash = ' stroke-dasharray="6 3"' if k else ""
        if len(points) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5"'
                f"{dash}/>"
            )
        for px, py in points:
            parts.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3.5" fill="{colour}"/>')
        # The legend: a line sample and the series' name, under the axis.
        lx = 8 + k * 200
        ly = height - 14
        parts.append(
            f'<line x1="{lx}" y1="{ly - 4}" x2="{lx + 24}" y2="{ly - 4}" stroke="{colour}" '
            f'stroke-width="2.5"{dash}/>'
        )
        parts.append(
            f'<text x="{lx + 30}" y="{ly}" font-size="13" fill="{TEXT}">{escape(s.label)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


#: The height of a line of the bar chart's legend.
LEGEND_ROW = 20


def _legend_places(labels: list[str], width: int) -> list[tuple[int, int]]:
    """(line, x) of each legend entry: side by side while they fit in the chart's width, then
    on the next line (a 13 px label is taken as 7.5 px a letter), so none runs off the edge."""
    places: list[tuple[int, int]] = []
    line, x = 0, 8
    for label in labels:
        need = 18 + round(len(label) * 7.5) + 16
        if x > 8 and x + need > width:
            line, x = line + 1, 8
        places.append((line, x))
        x += need
    return places


def bar_chart(
    *,
    labels: Sequence[str],
    series: Sequence[Series],
    title: str,
    description: str,
    unit: str = "",
) -> SafeString:
    """Horizontal bars, one group per label and one bar per series, each with its value."""
    groups = len(labels)
    bar, gap = 18, 10
    per_group = bar * len(series) + gap
    left, right, top = 150, 78, 12
    width = 420
    placed = _legend_places([s.label for s in series], width) if len(series) > 1 else []
    legend = 24 + LEGEND_ROW * placed[-1][0] if placed else 0
    bottom = top + per_group * max(groups, 1)
    height = bottom + legend + 8
    parts, _uid = _open(width, height, title, description)
    values = [abs(v) for s in series for v in s.values if v is not None]
    peak = max(values, default=0) or 1
    scale = (width - left - right) / peak
    for g, label in enumerate(labels):
        gy = top + g * per_group
        parts.append(
            f'<text x="{left - 8}" y="{gy + bar * len(series) / 2 + 4:.1f}" text-anchor="end" '
            f'font-size="13" fill="{TEXT}">{escape(label[:20])}</text>'
        )
        for k, s in enumerate(series):
            value = s.values[g]
            by = gy + k * bar
            if value is None:
                parts.append(
                    f'<text x="{left + 4}" y="{by + bar - 4}" font-size="13" fill="{TEXT}">—</text>'
                )
                continue
            w = max(abs(value) * scale, 1)
            parts.append(
                f'<rect x="{left}" y="{by}" width="{w:.1f}" height="{bar - 2}" '
                f'fill="{COLOURS[k % len(COLOURS)]}"/>'
            )
            parts.append(
                f'<text x="{left + w + 4:.1f}" y="{by + bar - 4}" font-size="13" '
                f'fill="{TEXT}">{escape(_number(value, unit))}</text>'
            )
    for k, (s, (row, lx)) in enumerate(zip(series, placed, strict=False)):
        ly = bottom + 22 + row * LEGEND_ROW
        parts.append(
            f'<rect x="{lx}" y="{ly - 10}" width="12" height="12" '
            f'fill="{COLOURS[k % len(COLOURS)]}"/>'
        )
        parts.append(
            f'<text x="{lx + 18}" y="{ly}" font-size="13" fill="{TEXT}">{escape(s.label)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
