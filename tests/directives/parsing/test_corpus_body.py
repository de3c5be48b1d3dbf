"""Ratchet on the hand-annotated corpus of real documents (GitHub issue 13): body and closing.

`corpus/expected.json` is the annotation file of the 44-document corpus, copied unchanged
(annotations written by hand before the parser ran; see its `notes`). `corpus/docs/NNN.txt`
holds the 18 web texts byte for byte and, for the 26 scanned PDFs, their Tesseract OCR text
(300 dpi, `-l vie`, pages separated by form feeds), so the test needs no OCR engine.

Nothing here comes from the parser's output: each field is scored exactly like the corpus's
`score.py` (references: F1 over numbers; deadlines: F1 over due dates, a "before_date" D also
accepting D-1, an annotated deadline without a due date excusing one unmatched date;
recipients: min/max of the counts; signer parts: equal after removing case, spaces, dots,
commas and hyphens; a field absent from an entry, or empty on both sides, is not scored).
Each floor is the mean this parser reached; raise it when the parser improves.
"""

from __future__ import annotations

import datetime
import json
import re
import unicodedata
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from directives.parsing import parse_document, to_json_dict
from directives.parsing.extract import extract_text

CORPUS = Path(__file__).resolve().parent / "corpus"

# (kind, field) -> the mean reached; a change that lowers one fails here.
FLOORS: dict[tuple[str, str], float] = {
    ("web-text", "references"): 0.95,
    ("web-text", "deadlines"): 0.75,
    ("web-text", "recipients"): 1.0,
    ("web-text", "signer"): 1.0,
    ("web-text", "signer_capacity"): 1.0,
    ("web-text", "signer_title"): 1.0,
    ("scanned-pdf", "references"): 0.72,
    ("scanned-pdf", "deadlines"): 0.37,
    ("scanned-pdf", "recipients"): 0.94,
    ("scanned-pdf", "signer"): 0.23,
    ("scanned-pdf", "signer_capacity"): 0.33,
    ("scanned-pdf", "signer_title"): 0.11,
}
SLACK = 0.005  # float noise only


def _code(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return re.sub(r"[\s.,\-–]+", "", unicodedata.normalize("NFC", str(value)).upper())


def _empty(value: Any) -> bool:
    return value in (None, "", [], {})


def _set_f1(got: list[str | None], want: list[str | None]) -> float:
    got_set, want_set = {x for x in got if x}, {x for x in want if x}
    if not got_set and not want_set:
        return 1.0
    hits = len(got_set & want_set)
    if not hits:
        return 0.0
    precision, recall = hits / len(got_set), hits / len(want_set)
    return 2 * precision * recall / (precision + recall)


def _due_options(deadline: dict[str, Any]) -> set[str]:
    day = datetime.date.fromisoformat(deadline["due"])
    options = {day.isoformat()}
    if deadline.get("kind") == "before_date":
        options.add((day - datetime.timedelta(days=1)).isoformat())
    return options


def _deadline_score(tasks: list[dict[str, Any]], want: list[dict[str, Any]]) -> float | None:
    dated = [_due_options(d) for d in want if d.get("due")]
    free = sum(1 for d in want if not d.get("due"))
    pool = [t["due"] for t in tasks if t.get("due")]
    if not dated and not pool:
        return None
    matched = 0
    for options in dated:
        hit = next((g for g in pool if g in options), None)
        if hit is not None:
            matched += 1
            pool.remove(hit)
    false_positives = max(0, len(pool) - free)
    if not dated:
        return 1.0 if false_positives == 0 else 0.0
    if not matched:
        return 0.0
    precision, recall = matched / (matched + false_positives), matched / len(dated)
    return 2 * precision * recall / (precision + recall)


def _signer(got: dict[str, Any], key: str) -> Any:
    signer = got.get("signer")
    return signer.get(key) if isinstance(signer, dict) else None


def _refs(got: Any, want: Any) -> float:
    return _set_f1([_code(r.get("number")) for r in got], [_code(r["number"]) for r in want])


def _count(got: Any, want: Any) -> float:
    return min(len(got), len(want)) / max(len(got), len(want), 1)


def _same(got: Any, want: Any) -> float:
    return float(_code(got) == _code(want))


_FIELDS: dict[str, tuple[Callable[[dict[str, Any]], Any], Callable[[Any, Any], float]]] = {
    "references": (lambda got: got.get("references"), _refs),
    "recipients": (lambda got: got.get("recipients"), _count),
    "signer": (lambda got: _signer(got, "name"), _same),
    "signer_capacity": (lambda got: _signer(got, "capacity"), _same),
    "signer_title": (lambda got: _signer(got, "title"), _same),
}


def score(entry: dict[str, Any], got: dict[str, Any]) -> dict[str, float]:
    """{field: 0..1} for this area's fields that the entry annotates (as score.py does)."""
    out: dict[str, float] = {}
    for field, (read, compare) in _FIELDS.items():
        want, have = entry.get(field), read(got)
        if field not in entry or (_empty(want) and _empty(have)):
            continue
        out[field] = 0.0 if _empty(want) or _empty(have) else compare(have, want)
    if "deadlines" in entry:
        found = _deadline_score(got.get("tasks") or [], entry["deadlines"])
        if found is not None:
            out["deadlines"] = found
    return out


@cache
def corpus_means() -> dict[tuple[str, str], float]:
    entries = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
    scores: dict[tuple[str, str], list[float]] = {}
    for entry in entries:
        name = Path(entry["file"]).stem + ".txt"  # scanned PDFs are stored as their OCR text
        text = extract_text((CORPUS / "docs" / name).read_bytes(), name)
        for field, value in score(entry, to_json_dict(parse_document(text))).items():
            scores.setdefault((entry["kind"], field), []).append(value)
    return {key: sum(values) / len(values) for key, values in scores.items()}


def test_corpus_holds_every_annotated_document() -> None:
    entries = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
    assert len(entries) == 44
    for entry in entries:
        assert (CORPUS / "docs" / (Path(entry["file"]).stem + ".txt")).is_file(), entry["file"]


@pytest.mark.parametrize(("kind", "field"), list(FLOORS), ids=[f"{k}-{f}" for k, f in FLOORS])
def test_body_field_does_not_fall_below_its_floor(kind: str, field: str) -> None:
    assert corpus_means()[(kind, field)] >= FLOORS[(kind, field)] - SLACK


def test_scoring_follows_the_corpus_rules() -> None:
    entry = {
        "references": [{"number": "57-KL/TW"}, {"number": "21/CT-TTg"}],
        "deadlines": [{"due": "2024-03-15", "kind": "before_date"}, {"due": None, "kind": "recurring"}],
        "recipients": ["A", "B", "C", "D"],
        "signer": "Lê Thị Hoa",
        "signer_capacity": None,
    }
    got = {
        "references": [{"number": "57 - KL/TW"}],
        "tasks": [{"due": "2024-03-14"}, {"due": "2024-05-01"}],
        "recipients": [{"name": "A"}, {"name": "B"}],
        "signer": {"name": "LÊ THỊ HOA", "capacity": None, "title": "PHÓ CHÁNH VĂN PHÒNG"},
    }
    assert score(entry, got) == {
        "references": pytest.approx(2 / 3),
        "deadlines": 1.0,  # D-1 is on time; the recurring limit excuses the extra date
        "recipients": 0.5,
        "signer": 1.0,
    }
