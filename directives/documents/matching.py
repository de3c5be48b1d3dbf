"""The seam to the parser's organisation matcher (`directives.parsing.orgs.match_organization`).

Callers pass (id, names) pairs built from Organization names and aliases; they get back
(id, score 0–100) pairs, best first. Until the parser's matcher is importable, a small
accent-insensitive fuzzy matcher stands in with the same contract.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

try:  # pragma: no cover - which branch runs depends on the parser package present
    from directives.parsing.orgs import OrgCandidate, match_organization
except ImportError:  # pragma: no cover
    OrgCandidate = None  # type: ignore[assignment,misc]
    match_organization = None  # type: ignore[assignment]


def match_names(name: str, candidates: Sequence[tuple[int, Iterable[str]]]) -> list[tuple[int, int]]:
    if not name.strip() or not candidates:
        return []
    if match_organization is not None and OrgCandidate is not None:
        found = match_organization(name, [OrgCandidate(cid, tuple(names)) for cid, names in candidates])
        return [(int(m.id), round(m.score)) for m in found]
    return _fallback(name, candidates)


def _fallback(name: str, candidates: Sequence[tuple[int, Iterable[str]]]) -> list[tuple[int, int]]:
    from rapidfuzz import fuzz

    from directives.documents.search import fold

    wanted = fold(name)
    scored = []
    for cid, names in candidates:
        best = max((fuzz.token_set_ratio(wanted, fold(n)) for n in names), default=0)
        scored.append((cid, round(best)))
    scored.sort(key=lambda pair: -pair[1])
    return [pair for pair in scored if pair[1] >= 50]
