"""Template helpers for the dashboard: one-line wrappers over plain functions."""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

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
    return mark_safe(_bar_svg(counts or Counts(), int(height)))  # built from numbers and fixed labels only


@lru_cache(maxsize=4096)
def _bar_svg(counts: Counts, height: int) -> str:
    if not counts.total:
        return (
            f'<svg class="stack-bar" viewBox="0 0 100 {height}" preserveAspectRatio="none" role="img" '
            f'aria-label="Chưa có nhiệm vụ"><rect width="100" height="{height}" class="bar-empty"/></svg>'
        )
    x = 0.0
    rects = []
    labels = []
    for state, label, n, _pct in counts.segments():
        if not n:
            continue
        width = 100 * n / counts.total
        rects.append(
            f'<rect x="{x:.3f}" width="{width:.3f}" height="{height}" class="{_BAR_COLOURS[state]}">'
            f"<title>{escape(label)}: {n}</title></rect>"
        )
        labels.append(f"{escape(label)}: {n}")
        x += width
    return (
        f'<svg class="stack-bar" viewBox="0 0 100 {height}" preserveAspectRatio="none" role="img" '
        f'aria-label="{", ".join(labels)}">{"".join(rects)}</svg>'
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
