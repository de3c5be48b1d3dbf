"""Template helpers for the dashboard: one-line wrappers over plain functions."""

from __future__ import annotations

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join

from reports.timeliness_sql import Counts

register = template.Library()

_BAR_COLOURS = {
    "done_on_time": "bar-done",
    "done_late": "bar-late",
    "on_track": "bar-green",
    "due_soon": "bar-amber",
    "overdue": "bar-red",
}


@register.simple_tag
def assignment_url(pk: int) -> str:
    """The assignment page of the secretaries' feature, or "" while that page does not exist."""
    try:
        return reverse("assignment_detail", kwargs={"pk": pk})
    except NoReverseMatch:
        return ""


@register.simple_tag
def stack_bar(counts: Counts, height: int = 10) -> str:
    """A completion bar in the four-way colours: inline SVG (no inline styles, CSP-friendly)."""
    if not counts or not counts.total:
        return format_html(
            '<svg class="stack-bar" viewBox="0 0 100 {}" preserveAspectRatio="none" role="img" '
            'aria-label="Chưa có nhiệm vụ"><rect width="100" height="{}" class="bar-empty"/></svg>',
            height,
            height,
        )
    x = 0.0
    parts = []
    for state, label, n, _pct in counts.segments():
        if not n:
            continue
        width = 100 * n / counts.total
        parts.append((f"{x:.3f}", f"{width:.3f}", height, _BAR_COLOURS[state], f"{label}: {n}"))
        x += width
    rects = format_html_join("", '<rect x="{}" width="{}" height="{}" class="{}"><title>{}</title></rect>', parts)
    summary = ", ".join(f"{label}: {n}" for _s, label, n, _p in counts.segments() if n)
    return format_html(
        '<svg class="stack-bar" viewBox="0 0 100 {}" preserveAspectRatio="none" role="img" aria-label="{}">{}</svg>',
        height,
        summary,
        rects,
    )


@register.simple_tag
def toggle_id(current: str | tuple | list, pk: int) -> str:
    """The comma list of ids with `pk` added, or removed when it is there (expand / collapse)."""
    ids = (
        [str(i) for i in current] if isinstance(current, tuple | list) else [i for i in (current or "").split(",") if i]
    )
    key = str(pk)
    ids = [i for i in ids if i != key] if key in ids else [*ids, key]
    return ",".join(ids)


@register.filter
def ids(values: tuple | list) -> str:
    return ",".join(str(v) for v in values)


@register.filter
def vn_int(value: object) -> str:
    """12345 -> "12.345" (Vietnamese thousands separator)."""
    try:
        return f"{int(value):,}".replace(",", ".")  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return ""


@register.filter
def vn_pct(value: object) -> str:
    try:
        return f"{float(value):.1f}".replace(".", ",") + "%"  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ""


@register.filter
def state_css(state: object) -> str:
    colour = getattr(state, "colour", "grey")
    return f"status-{colour}"


@register.simple_tag
def sort_link(current: str, key: str) -> str:
    """The sort value a column header should switch to: descending first, then ascending."""
    return key if current == f"-{key}" else f"-{key}"


@register.filter
def indent(depth: int, base: int = 1) -> str:
    """Non-breaking spaces to indent a unit in a <select> by its depth below `base`."""
    return format_html("{}", "\u00a0\u00a0" * max(0, int(depth) - int(base)))
