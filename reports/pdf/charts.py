"""Charts for printing, as inline SVG drawn on the server: WeasyPrint renders SVG, no JS needed.

Pure functions: numbers in, SVG text out (escaped, ready to be marked safe).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    colour: str


def _fmt(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _legend(series: tuple[Series, ...], *, y: float, width: float) -> list[str]:
    parts = []
    x = 0.0
    row_y = y
    for s in series:
        text_width = 5.2 * len(s.label) + 22
        if x + text_width > width:
            x, row_y = 0.0, row_y + 14
        parts.append(f'<rect x="{_fmt(x)}" y="{_fmt(row_y - 8)}" width="9" height="9" fill="{s.colour}"/>')
        parts.append(f'<text x="{_fmt(x + 13)}" y="{_fmt(row_y)}">{escape(s.label)}</text>')
        x += text_width
    return parts


def stacked_bars(
    rows: list[tuple[str, dict[str, int]]],
    series: tuple[Series, ...],
    *,
    width: float = 480,
    label_width: float = 150,
    max_height: float = 420,
) -> str:
    """One horizontal bar per row (a child unit), split by series, scaled to the largest total.

    Bars get thinner with many rows so the chart always fits on part of one page.
    """
    top = 30.0
    pitch = min(17.0, (max_height - top) / max(1, len(rows)))
    bar_h, gap = pitch * 0.7, pitch * 0.3
    height = top + len(rows) * pitch + 4
    label_size = min(9.0, max(5.0, pitch * 0.72))
    scale_max = max((sum(counts.values()) for _, counts in rows), default=0) or 1
    plot_w = width - label_width - 36
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_fmt(width)}pt" height="{_fmt(height)}pt" '
        f'viewBox="0 0 {_fmt(width)} {_fmt(height)}" font-family="Liberation Serif, Times New Roman, serif" '
        'font-size="9">'
    ]
    parts += _legend(series, y=10, width=width)
    for i, (label, counts) in enumerate(rows):
        y = top + i * (bar_h + gap)
        short = label if len(label) <= 32 else label[:31] + "…"
        parts.append(
            f'<text x="{_fmt(label_width - 4)}" y="{_fmt(y + bar_h * 0.8)}" text-anchor="end" '
            f'font-size="{_fmt(label_size)}">{escape(short)}</text>'
        )
        x = label_width
        for s in series:
            value = counts.get(s.key, 0)
            if not value:
                continue
            w = plot_w * value / scale_max
            parts.append(
                f'<rect x="{_fmt(x)}" y="{_fmt(y)}" width="{_fmt(w)}" height="{_fmt(bar_h)}" fill="{s.colour}"/>'
            )
            x += w
        total = sum(counts.values())
        parts.append(
            f'<text x="{_fmt(x + 3)}" y="{_fmt(y + bar_h * 0.8)}" font-size="{_fmt(label_size)}">{total}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def donut(parts_in: list[tuple[Series, int]], *, size: float = 150, legend_width: float = 200) -> str:
    """A ring split by share, the total in the middle, a legend with counts to the right."""
    total = sum(v for _, v in parts_in)
    r_out, r_in = size / 2 - 2, size / 2 - 26
    cx = cy = size / 2
    width = size + legend_width
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_fmt(width)}pt" height="{_fmt(size)}pt" '
        f'viewBox="0 0 {_fmt(width)} {_fmt(size)}" font-family="Liberation Serif, Times New Roman, serif" '
        'font-size="10">'
    ]
    if total == 0:
        out.append(f'<circle cx="{_fmt(cx)}" cy="{_fmt(cy)}" r="{_fmt(r_out)}" fill="#e5e7eb"/>')
    angle = -math.pi / 2
    for series, value in parts_in:
        if not value:
            continue
        sweep = 2 * math.pi * value / total
        if value == total:  # a full ring cannot be one arc
            out.append(f'<circle cx="{_fmt(cx)}" cy="{_fmt(cy)}" r="{_fmt(r_out)}" fill="{series.colour}"/>')
            break
        end = angle + sweep
        large = 1 if sweep > math.pi else 0
        x1, y1 = cx + r_out * math.cos(angle), cy + r_out * math.sin(angle)
        x2, y2 = cx + r_out * math.cos(end), cy + r_out * math.sin(end)
        out.append(
            f'<path d="M {_fmt(cx)} {_fmt(cy)} L {_fmt(x1)} {_fmt(y1)} A {_fmt(r_out)} {_fmt(r_out)} 0 {large} 1 '
            f'{_fmt(x2)} {_fmt(y2)} Z" fill="{series.colour}"/>'
        )
        angle = end
    out.append(f'<circle cx="{_fmt(cx)}" cy="{_fmt(cy)}" r="{_fmt(r_in)}" fill="#ffffff"/>')
    out.append(
        f'<text x="{_fmt(cx)}" y="{_fmt(cy + 5)}" text-anchor="middle" font-size="16" font-weight="bold">{total}</text>'
    )
    for i, (series, value) in enumerate(parts_in):
        y = 18 + i * 18
        out.append(f'<rect x="{_fmt(size + 10)}" y="{_fmt(y - 9)}" width="10" height="10" fill="{series.colour}"/>')
        out.append(f'<text x="{_fmt(size + 25)}" y="{_fmt(y)}">{escape(series.label)}: {value}</text>')
    out.append("</svg>")
    return "".join(out)
