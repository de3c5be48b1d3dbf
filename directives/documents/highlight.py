"""Source text with the phrases the parser read marked, for the side-by-side review screen."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def highlight_html(text: str, spans: Iterable[Sequence[object]]) -> SafeString:
    """Escape `text` and wrap each (label, start, end) range in <mark id="src-label">.

    Nested ranges nest (a deadline inside its task); a range crossing its enclosing one is
    clipped to it, so the markup is always well-formed. Out-of-range spans are ignored.
    """
    ordered = sorted(
        ((int(s), int(e), str(label)) for label, s, e in spans if 0 <= int(s) < int(e) <= len(text)),  # type: ignore[call-overload]
        key=lambda item: (item[0], -item[1]),
    )
    out: list[str] = []
    pos = 0
    open_ends: list[int] = []

    def close_until(limit: int) -> None:
        nonlocal pos
        while open_ends and open_ends[-1] <= limit:
            end = open_ends.pop()
            out.append(escape(text[pos:end]))
            out.append("</mark>")
            pos = end

    for start, end, label in ordered:
        close_until(start)
        if open_ends:
            end = min(end, open_ends[-1])
        if end <= start or start < pos:
            continue
        out.append(escape(text[pos:start]))
        category = label.split("-", 1)[0]
        out.append(f'<mark class="src src-{escape(category)}" id="src-{escape(label)}" data-field="{escape(label)}">')
        pos = start
        open_ends.append(end)
    close_until(len(text))
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))
