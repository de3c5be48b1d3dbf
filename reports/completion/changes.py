"""What changed between two versions of a report: a pure function over plain values.

Text sections get a word-level diff (so a reviewer sees the sentence that was added after a
return); figures and flags show before → after; attachments are compared by SHA-256.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

# A word with the spaces after it: lone spaces never "match", so changes read as whole phrases.
_TOKENS = re.compile(r"\s+|\S+\s*")


@dataclass(frozen=True, slots=True)
class Piece:
    op: str  # "same", "ins" or "del"
    text: str


@dataclass(frozen=True, slots=True)
class FieldChange:
    name: str
    label: str
    kind: str  # "text", "value" or "files"
    before: object = None
    after: object = None
    pieces: tuple[Piece, ...] = ()
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()


def diff_words(before: str, after: str) -> tuple[Piece, ...]:
    a = _TOKENS.findall(before)
    b = _TOKENS.findall(after)
    pieces: list[Piece] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(Piece("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(Piece("del", "".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(Piece("ins", "".join(b[j1:j2])))
    return tuple(pieces)


def report_changes(
    *,
    before: Mapping[str, object],
    after: Mapping[str, object],
    text_fields: Sequence[tuple[str, str]],
    value_fields: Sequence[tuple[str, str]],
    files_before: Mapping[str, str],
    files_after: Mapping[str, str],
) -> list[FieldChange]:
    """`*_fields` are (name, label) pairs; `files_*` map SHA-256 → file name."""
    changes: list[FieldChange] = []
    for name, label in text_fields:
        old, new = str(before.get(name) or ""), str(after.get(name) or "")
        if old.strip() != new.strip():
            changes.append(FieldChange(name, label, "text", old, new, diff_words(old, new)))
    for name, label in value_fields:
        old_value, new_value = before.get(name), after.get(name)
        if old_value != new_value:
            changes.append(FieldChange(name, label, "value", old_value, new_value))
    added = tuple(files_after[h] for h in files_after if h not in files_before)
    removed = tuple(files_before[h] for h in files_before if h not in files_after)
    if added or removed:
        changes.append(FieldChange("attachments", "Tệp đính kèm", "files", added=added, removed=removed))
    return changes
