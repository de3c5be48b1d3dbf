"""Field accuracy of a parse against a hand-checked expected JSON (tests and bench)."""

from __future__ import annotations

from typing import Any

TOP_FIELDS = (
    "number",
    "symbol",
    "type",
    "type_code",
    "issuer",
    "place",
    "date",
    "date_precision",
    "subject",
    "references",
    "recipients",
    "signer",
    "copy",
    "received",
)
TASK_FIELDS = ("text", "deadline_text", "due", "kind", "recurrence", "requires", "report_to")


def field_scores(actual: dict[str, Any], expected: dict[str, Any]) -> tuple[int, int]:
    """(matching, total) over top-level fields plus each expected task's fields.

    Tasks are compared position by position; a missing or extra task costs all its fields.
    """
    matching = sum(actual.get(name) == expected.get(name) for name in TOP_FIELDS)
    total = len(TOP_FIELDS)
    got = list(actual.get("tasks") or [])
    want = list(expected.get("tasks") or [])
    for index in range(max(len(got), len(want))):
        total += len(TASK_FIELDS)
        if index < len(got) and index < len(want):
            matching += sum(got[index].get(f) == want[index].get(f) for f in TASK_FIELDS)
    return matching, total


def field_accuracy(actual: dict[str, Any], expected: dict[str, Any]) -> float:
    """Share (0..1) of top-level fields and per-task fields equal to expected."""
    matching, total = field_scores(actual, expected)
    return matching / total if total else 1.0


def mismatches(actual: dict[str, Any], expected: dict[str, Any]) -> list[str]:
    """Human-readable list of differing fields (for assertion messages)."""
    out = [
        f"{name}: got {actual.get(name)!r}, want {expected.get(name)!r}"
        for name in (*TOP_FIELDS, "tasks")
        if actual.get(name) != expected.get(name)
    ]
    return out
