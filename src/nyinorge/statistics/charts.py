"""Bar charts as hand-written SVG: no plotting library, the same file on the page (<img>) and in the PDF.

Only presentation attributes, no style elements or scripts, so the strict CSP holds. Each chart carries
<title> and <desc>; the page puts the chart's data table beside it for screen readers.
"""

import math
from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

from django.utils.formats import number_format

from nyinorge.statistics.suppression import SUPPRESSED

WIDTH, HEIGHT = 760, 380
LEFT, RIGHT, TOP, BOTTOM = 70, 20, 20, 100
# Blue, orange and green of sufficient contrast against white (WCAG 3:1 for graphics) and to each other.
COLOURS = ("#1f5fa8", "#b35900", "#2b7a4b")
TEXT = "#1f2328"
GRID = "#d0d5dd"
FONT = "DejaVu Sans, Arial, sans-serif"

Value = float | int | str | None  # a number, SUPPRESSED, or None (no data)


def _nice_step(maximum: float, ticks: int = 5) -> float:
    """A round step (1, 2 or 5 × 10^k) that splits 0..maximum into about `ticks` parts."""
    raw = maximum / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)


def _label(value: float, *, percent: bool, decimals: int) -> str:
    if percent:
        return f"{number_format(value * 100, 0)}\u00a0%"
    return number_format(value, decimals, force_grouping=True)


def _wrap(text: str, width: int = 18) -> list[str]:
    """Split a category name into lines of about `width` characters."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _text(x: float, y: float, content: str, *, size: int = 12, anchor: str = "middle", weight: str = "normal") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-family={quoteattr(FONT)} font-size="{size}" fill="{TEXT}" '
            f'text-anchor="{anchor}" font-weight="{weight}">{escape(content)}</text>')


def bar_chart_svg(
    *,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[Value]]],
    percent: bool = False,
    decimals: int = 0,
) -> str:
    """A grouped bar chart: one group per category, one bar per series; "<5" where a value is suppressed."""
    numbers = [v for _name, values in series for v in values if isinstance(v, (int, float))]
    top = 1.0 if percent else max(numbers, default=0)
    step = 0.2 if percent else _nice_step(top) if top > 0 else 1
    top = step * math.ceil(top / step) if top > 0 else step * 5
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    base = TOP + plot_h

    def y_of(value: float) -> float:
        return base - plot_h * value / top

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-labelledby="chart-title chart-desc">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<desc id="chart-desc">{escape(description)}</desc>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
    ]
    ticks = round(top / step)
    for index in range(ticks + 1):
        value = step * index
        y = y_of(value)
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="{GRID}" stroke-width="1"/>')
        parts.append(_text(LEFT - 8, y + 4, _label(value, percent=percent, decimals=0 if step >= 1 else 1),
                           size=11, anchor="end"))
    group_w = plot_w / max(len(categories), 1)
    bar_w = min(48.0, group_w * 0.8 / max(len(series), 1))
    for c_index, category in enumerate(categories):
        group_x = LEFT + group_w * c_index + (group_w - bar_w * len(series)) / 2
        for s_index, (_name, values) in enumerate(series):
            value = values[c_index] if c_index < len(values) else None
            x = group_x + bar_w * s_index
            centre = x + bar_w / 2
            if isinstance(value, (int, float)):
                y = y_of(value)
                parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w - 2:.1f}" height="{base - y:.1f}" '
                             f'fill="{COLOURS[s_index % len(COLOURS)]}"/>')
                parts.append(_text(centre - 1, y - 4, _label(value, percent=percent, decimals=decimals), size=10))
            else:
                parts.append(_text(centre - 1, base - 4, SUPPRESSED if value == SUPPRESSED else "–", size=10))
        # Narrow groups (many categories) wrap their names shorter, so neighbouring labels do not overlap.
        for line_index, line in enumerate(_wrap(str(category), min(18, max(6, int(group_w / 6))))):
            parts.append(_text(LEFT + group_w * (c_index + 0.5), base + 16 + 14 * line_index, line, size=11))
    parts.append(f'<line x1="{LEFT}" y1="{base}" x2="{WIDTH - RIGHT}" y2="{base}" stroke="{TEXT}" stroke-width="1"/>')
    legend_x, legend_y = LEFT, HEIGHT - 18
    for s_index, (name, _values) in enumerate(series):
        parts.append(f'<rect x="{legend_x}" y="{legend_y - 10}" width="12" height="12" '
                     f'fill="{COLOURS[s_index % len(COLOURS)]}"/>')
        parts.append(_text(legend_x + 18, legend_y, str(name), size=12, anchor="start"))
        legend_x += 30 + 7 * len(str(name))
    parts.append("</svg>")
    return "\n".join(parts)
