"""OCR words and their confidence, tied to character offsets in a text.

The parser normalises the text it reads (joins wrapped lines, NFC, dashes…), so offsets computed
on the OCR text are carried over to the parser's text by `align_words`: each word is searched
for, in order, a little ahead of the previous one.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

# A word read below this confidence (Tesseract's 0–100) is "not sure": its field gets a mark.
LOW_CONFIDENCE = 70
# How far ahead of the previous word a word may be found before it is given up as unplaced.
_SEARCH_WINDOW = 400


@dataclass(frozen=True, slots=True)
class OcrWord:
    """One word as Tesseract read it; `start`/`end` index `Ingested.text` (or the aligned text)."""

    text: str
    conf: float
    page: int  # 1-based
    start: int
    end: int

    def as_row(self) -> list[int]:
        """Compact JSON form for storage: [start, end, confidence, page]."""
        return [self.start, self.end, round(self.conf), self.page]


def align_words(words: Iterable[OcrWord], text: str) -> tuple[OcrWord, ...]:
    """The words placed in `text` (a normalised version of the text they came from).

    A word that cannot be found near where it should be is dropped rather than guessed.
    """
    out: list[OcrWord] = []
    cursor = 0
    for word in words:
        needle = unicodedata.normalize("NFC", word.text).strip()
        if not needle:
            continue
        at = text.find(needle, cursor, cursor + _SEARCH_WINDOW + len(needle))
        if at < 0:
            continue
        out.append(replace(word, start=at, end=at + len(needle)))
        cursor = at + len(needle)
    return tuple(out)


def low_confidence_labels(
    spans: Iterable[Sequence[object]], words: Sequence[Sequence[int]], *, threshold: int = LOW_CONFIDENCE
) -> set[str]:
    """Labels of parser spans ([label, start, end]) that rest on words read below `threshold`.

    `words` are stored rows [start, end, confidence, page] sorted by start. A short span (a number,
    a date, a name) is marked when any of its words is unsure; a long one (a task paragraph) when
    at least a sixth of its words are, so one smudged word does not mark a whole page of tasks.
    """
    marked: set[str] = set()
    for label, start, end in (tuple(s)[:3] for s in spans):
        inside = [w[2] for w in words if w[0] < int(end) and w[1] > int(start)]  # type: ignore[call-overload]
        if not inside:
            continue
        low = sum(1 for conf in inside if conf < threshold)
        if (len(inside) <= 12 and low) or low * 6 >= len(inside):
            marked.add(str(label))
    return marked
