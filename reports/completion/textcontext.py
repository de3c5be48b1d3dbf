"""Find where a task sits in its document's text, so a secretary reads it in context.

Tasks are often paraphrased when logged ("Tổ chức nghiên cứu, học tập …" vs the document's
"… chủ động tổ chức việc nghiên cứu, học tập …"), so the match is fuzzy, on accent-folded text.
Pure: text in, paragraphs out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from directives.documents.search import fold

_HEADING = re.compile(r"^\s*(?:[IVXLC]+[.\-]|\d{1,2}(?:\.\d{1,2})*\.\s|[a-zđ]\)\s|\(\d{1,2}\)\s)", re.IGNORECASE)
_DEADLINE_LINE = re.compile(r"^\s*(?:thời gian hoàn thành|thời hạn)", re.IGNORECASE)
_WORD = re.compile(r"\w+")
MIN_SCORE = 75.0


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    is_match: bool = False
    is_heading: bool = False


@dataclass(frozen=True, slots=True)
class TaskContext:
    headings: tuple[str, ...]
    paragraphs: tuple[Paragraph, ...]
    score: float


def split_paragraphs(text: str) -> list[str]:
    lines = [" ".join(line.split()) for line in text.replace("\r", "").split("\n")]
    return [line.replace("**", "") for line in lines if line]


def _is_heading(paragraph: str) -> bool:
    if len(paragraph) > 160:
        return False
    letters = [c for c in paragraph if c.isalpha()]
    mostly_upper = bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.8
    return mostly_upper or bool(_HEADING.match(paragraph))


def _score(task: str, paragraph: str) -> float:
    """Half alignment (the task's wording inside the paragraph), half coverage (how many of the
    task's words the paragraph has): a short heading aligns well but covers little."""
    alignment = fuzz.partial_ratio(task, paragraph)
    task_words = set(_WORD.findall(task))
    coverage = 100 * len(task_words & set(_WORD.findall(paragraph))) / max(1, len(task_words))
    return 0.5 * alignment + 0.5 * coverage


def task_context(*, document_text: str, task_text: str) -> TaskContext | None:
    """The best-matching paragraph with its section headings and neighbours, or None."""
    paragraphs = split_paragraphs(document_text)
    needle = fold(task_text)
    if not paragraphs or not needle:
        return None
    scores = [_score(needle, fold(p)) for p in paragraphs]
    best = max(range(len(paragraphs)), key=lambda i: scores[i])
    if scores[best] < MIN_SCORE:
        return None
    headings = _enclosing_headings(paragraphs, best)
    shown: list[Paragraph] = []
    start = best - 1 if best > 0 and not _is_heading(paragraphs[best - 1]) else best
    end = best + 1
    # Keep the deadline line of the same section ("Thời gian hoàn thành: …") when it follows closely.
    for j in range(best + 1, min(best + 4, len(paragraphs))):
        if _is_heading(paragraphs[j]):
            break
        if _DEADLINE_LINE.match(paragraphs[j]):
            end = j + 1
            break
    for i in range(start, end):
        shown.append(Paragraph(paragraphs[i], is_match=i == best, is_heading=_is_heading(paragraphs[i])))
    return TaskContext(headings=headings, paragraphs=tuple(shown), score=scores[best])


def _enclosing_headings(paragraphs: list[str], index: int) -> tuple[str, ...]:
    """The nearest roman-numeral section and numbered subsection above the paragraph."""
    found: list[str] = []
    levels_seen: set[str] = set()
    for i in range(index - 1, -1, -1):
        p = paragraphs[i]
        if not _is_heading(p):
            continue
        level = "roman" if re.match(r"^\s*[IVXLC]+[.\-]", p) else "number" if re.match(r"^\s*\d", p) else ""
        if not level or level in levels_seen:
            continue
        levels_seen.add(level)
        found.append(p)
        if level == "roman":
            break
    return tuple(reversed(found))
