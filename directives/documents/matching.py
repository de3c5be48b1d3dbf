"""The seam to the parser's organisation matcher (`directives.parsing.orgs.match_organization`).

Callers pass (id, names) pairs built from Organization names and aliases; they get back
(id, score 0–100) pairs, best first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from directives.parsing.orgs import OrgCandidate, match_organization


def match_names(name: str, candidates: Sequence[tuple[int, Iterable[str]]]) -> list[tuple[int, int]]:
    if not name.strip() or not candidates:
        return []
    found = match_organization(name, [OrgCandidate(cid, tuple(names)) for cid, names in candidates])
    return [(int(m.id), round(m.score)) for m in found]
