"""Organisation names: accent folding and fuzzy matching against known organisations.

Names are compared folded (no diacritics, lowercase, punctuation collapsed) with common
abbreviations expanded, so "BTG TU Đồng Nai", "Ban Tuyên giáo Tỉnh uỷ Đồng Nai" and
"BAN TUYÊN GIÁO TỈNH ỦY ĐỒNG NAI" compare equal.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from directives.parsing.vntext import fold

__all__ = ["OrgCandidate", "OrgMatch", "canonical_name", "fold", "match_organization", "same_org"]

# Abbreviation (folded) -> expansion (folded). Applied token by token, after folding.
ABBREVIATIONS: dict[str, str] = {
    "btg": "ban tuyen giao",
    "bdv": "ban dan van",
    "btc": "ban to chuc",
    "ubkt": "uy ban kiem tra",
    "tw": "trung uong",
    "tu": "tinh uy",
    "thu": "thanh uy",
    "hu": "huyen uy",
    "du": "dang uy",
    "dtn": "doan thanh nien",
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "mttq": "mat tran to quoc",
    "dhqg": "dai hoc quoc gia",
    "tp": "thanh pho",
    "tphcm": "thanh pho ho chi minh",
    "hcm": "ho chi minh",
    "cd": "cong doan",
    "ldld": "lien doan lao dong",
    "tncs": "thanh nien cong san",
    "bch": "ban chap hanh",
    "bbt": "ban bi thu",
    "btv": "ban thuong vu",
    "tt": "thuong truc",
    "vp": "van phong",
    "vptu": "van phong tinh uy",
    "hlhpn": "hoi lien hiep phu nu",
    "ccb": "cuu chien binh",
    "cq": "co quan",
    "dukcq": "dang uy khoi cac co quan",
    "duk": "dang uy khoi",
    "vn": "viet nam",
    "ctxh": "chinh tri xa hoi",
}
# Collective organs that act for their organisation ("Ban Thường vụ Công đoàn X" is X).
_ORGAN_PREFIX = re.compile(r"^(?:ban thuong vu|ban chap hanh|thuong truc|ban bi thu|tap the)\s+")
_ARTICLES = re.compile(r"^(?:cac|cua)\s+")


@dataclass(frozen=True, slots=True)
class OrgCandidate:
    id: int
    names: tuple[str, ...]  # official name first, then aliases


@dataclass(frozen=True, slots=True)
class OrgMatch:
    id: int
    score: float  # 0-100
    matched_name: str


def canonical_name(name: str) -> str:
    """Folded name with abbreviations expanded: "BTG TU" -> "ban tuyen giao tinh uy"."""
    tokens = fold(name).split()
    return " ".join(ABBREVIATIONS.get(token, token) for token in tokens)


def _score(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    score = max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b))
    shorter = min(len(a.split()), len(b.split()))
    if shorter >= 3:
        # one name contains the other ("Ban Tuyên giáo Tỉnh ủy" in "... Tỉnh ủy Đồng Nai")
        score = max(score, 0.92 * fuzz.token_set_ratio(a, b))
    return float(score)


def match_organization(
    name: str, candidates: Sequence[OrgCandidate], *, threshold: float = 75.0, limit: int = 5
) -> list[OrgMatch]:
    """Candidates scoring at least ``threshold`` against ``name``, best first."""
    wanted = canonical_name(name)
    bare = _ORGAN_PREFIX.sub("", wanted)
    matches: list[OrgMatch] = []
    for candidate in candidates:
        best: OrgMatch | None = None
        for alias in candidate.names:
            other = canonical_name(alias)
            score = max(_score(wanted, other), _score(bare, _ORGAN_PREFIX.sub("", other)) - 3)
            if best is None or score > best.score:
                best = OrgMatch(candidate.id, round(score, 1), alias)
        if best is not None and best.score >= threshold:
            matches.append(best)
    matches.sort(key=lambda m: (-m.score, m.id))
    return matches[:limit]


def same_org(a: str, b: str) -> bool:
    """Whether two names denote the same body (used to skip the issuer's own tasks)."""
    left = _ARTICLES.sub("", _ORGAN_PREFIX.sub("", canonical_name(a)))
    right = _ARTICLES.sub("", _ORGAN_PREFIX.sub("", canonical_name(b)))
    if not left or not right:
        return False
    if left == right:
        return True
    if min(len(left.split()), len(right.split())) < 3:
        return False
    return fuzz.token_set_ratio(left, right) >= 95
