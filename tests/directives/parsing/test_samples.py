"""Hand-written variants (samples/NAME.txt) against hand-checked NAME.expected.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from directives.parsing import parse_document, to_json_dict
from directives.parsing.evaluation import field_accuracy, field_scores, mismatches

SAMPLES = Path(__file__).resolve().parent / "samples"
NAMES = sorted(p.stem for p in SAMPLES.glob("*.txt"))


def load(name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    text = (SAMPLES / f"{name}.txt").read_text(encoding="utf-8")
    expected = json.loads((SAMPLES / f"{name}.expected.json").read_text(encoding="utf-8"))
    return to_json_dict(parse_document(text)), expected


def test_there_are_enough_samples() -> None:
    assert len(NAMES) >= 18
    for name in NAMES:
        assert (SAMPLES / f"{name}.expected.json").exists(), name


@pytest.mark.parametrize("name", NAMES)
def test_sample_matches_expected(name: str) -> None:
    actual, expected = load(name)
    assert actual == expected, "\n".join(mismatches(actual, expected))


def test_overall_field_accuracy() -> None:
    matching = total = 0
    for name in NAMES:
        good, count = field_scores(*load(name))
        matching, total = matching + good, total + count
    assert matching / total >= 0.95


def test_field_accuracy_helper() -> None:
    expected = {"number": "1-KH/TU", "tasks": [{"due": "2024-01-31", "kind": "within_month"}]}
    assert field_accuracy(expected, expected) == 1.0
    partial = {"number": "1-KH/TU", "tasks": []}
    assert 0 < field_accuracy(partial, expected) < 1
    assert field_accuracy({"number": "x"}, {"number": "y"}) < field_accuracy(expected, expected)


def test_samples_cover_every_deadline_kind() -> None:
    kinds: set[str | None] = set()
    for name in NAMES:
        _, expected = load(name)
        kinds.update(task["kind"] for task in expected["tasks"])
    assert {
        "within_month",
        "before_date",
        "by_date",
        "within_quarter",
        "within_half_year",
        "within_year",
        "relative",
        "recurring",
        "ongoing",
    } <= kinds
