"""A PDF page's text layer in the order a careful reader reads it, from positioned text runs.

A PDF's content stream may draw its text in any order: the header's two columns one after the
other, the absolutely positioned header after the body, the signature column before Nơi nhận.
Plain extraction follows the stream, so the parser would see the motto before the issuer or the
signer before the recipients. Here the page's text runs (pypdfium2 text rectangles: a run of
characters on one line in one style) are put back on lines by their position (top to bottom,
then left to right), and where consecutive lines are split into a left and a right column by a
wide gap — the header rows (issuer | motto, Số | place-date) and the closing (Nơi nhận | signer)
— the left column's lines are emitted before the right column's, as the parser expects.

Pure: bytes in, text out; pypdfium2 is imported lazily.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["pdf_pages_text"]

# Two runs on one line are separate columns when the gap between them is wider than this many
# line heights (a typed gap "Số:   88   /CĐ-TG" is ~1–2; a header's column gutter is 4 or more)…
_COLUMN_GAP_LINES = 2.5
# …and at least this share of the page width.
_COLUMN_GAP_PAGE = 0.05
# A gap narrower than this share of the line height joins two runs with no space (kerning, a style
# change inside a word); wider, with one space.
_SPACE_GAP = 0.2


@dataclass(frozen=True, slots=True)
class _Run:
    text: str
    left: float
    right: float
    bottom: float
    top: float

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def height(self) -> float:
        return max(self.top - self.bottom, 1.0)


@dataclass(slots=True)
class _Line:
    runs: list[_Run]

    @property
    def middle(self) -> float:
        return sum(r.middle for r in self.runs) / len(self.runs)

    @property
    def height(self) -> float:
        return max(r.height for r in self.runs)

    @property
    def left(self) -> float:
        return min(r.left for r in self.runs)

    @property
    def right(self) -> float:
        return max(r.right for r in self.runs)


def pdf_pages_text(data: bytes) -> list[str]:
    """Each page's text in reading order. Raises what pypdfium2 raises on a broken file."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        texts = []
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            try:
                runs = _runs(textpage)
                texts.append(_reading_order(runs, page_width=page.get_width()))
            finally:
                textpage.close()
                page.close()
        return texts
    finally:
        pdf.close()


def _runs(textpage: object) -> list[_Run]:
    runs = []
    count = textpage.count_rects()  # type: ignore[attr-defined]
    for i in range(count):
        left, bottom, right, top = textpage.get_rect(i)  # type: ignore[attr-defined]
        text = textpage.get_text_bounded(left, bottom, right, top)  # type: ignore[attr-defined]
        text = " ".join(text.split())
        if text:
            runs.append(_Run(text=text, left=left, right=right, bottom=bottom, top=top))
    return runs


def _lines(runs: list[_Run]) -> list[_Line]:
    """Runs grouped into lines, top to bottom; a run joins a line when their middles are close."""
    lines: list[_Line] = []
    for run in sorted(runs, key=lambda r: (-r.middle, r.left)):
        for line in reversed(lines[-3:]):  # runs of one line sort next to each other
            if abs(line.middle - run.middle) < 0.5 * min(line.height, run.height):
                line.runs.append(run)
                break
        else:
            lines.append(_Line(runs=[run]))
    for line in lines:
        line.runs.sort(key=lambda r: r.left)
    return lines


def _join(runs: list[_Run]) -> str:
    parts: list[str] = []
    previous: _Run | None = None
    for run in runs:
        if previous is not None:
            gap = run.left - previous.right
            parts.append(" " if gap > _SPACE_GAP * min(run.height, previous.height) else "")
        parts.append(run.text)
        previous = run
    return "".join(parts)


def _split(line: _Line, page_width: float) -> tuple[list[_Run], list[_Run]] | None:
    """(left column runs, right column runs) at the line's widest gap, if it is a column gutter."""
    best, at = 0.0, 0
    for i in range(1, len(line.runs)):
        gap = line.runs[i].left - line.runs[i - 1].right
        if gap > best:
            best, at = gap, i
    if best > max(_COLUMN_GAP_LINES * line.height, _COLUMN_GAP_PAGE * page_width):
        return line.runs[:at], line.runs[at:]
    return None


def _reading_order(runs: list[_Run], *, page_width: float) -> str:
    lines = _lines(runs)
    out: list[str] = []
    i = 0
    while i < len(lines):
        split = _split(lines[i], page_width)
        if split is None:
            out.append(_join(lines[i].runs))
            i += 1
            continue
        # A two-column block: this line and the following lines that are split at about the same
        # gutter or lie wholly on one side of it.
        gutter_from = max(r.right for r in split[0])
        gutter_to = min(r.left for r in split[1])
        left: list[str] = [_join(split[0])]
        right: list[str] = [_join(split[1])]
        i += 1
        while i < len(lines):
            line = lines[i]
            more = _split(line, page_width)
            if more is not None and _across(more, gutter_from, gutter_to):
                left.append(_join(more[0]))
                right.append(_join(more[1]))
                gutter_from = max(gutter_from, *(r.right for r in more[0]))
                gutter_to = min(gutter_to, *(r.left for r in more[1]))
            elif more is None and line.right <= gutter_to:
                left.append(_join(line.runs))
            elif more is None and line.left >= gutter_from:
                right.append(_join(line.runs))
            else:
                break
            i += 1
        out.extend(left)
        out.extend(right)
    return "\n".join(out)


def _across(split: tuple[list[_Run], list[_Run]], gutter_from: float, gutter_to: float) -> bool:
    """The split falls in the block's gutter: its left part ends before the right column starts."""
    return max(r.right for r in split[0]) < gutter_to and min(r.left for r in split[1]) > gutter_from
