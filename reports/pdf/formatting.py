"""Pure formatting for official documents: numbers, dates, header names, default signing lines.

Every number a PDF shows is formatted here once, while the snapshot is built, so the templates
only print strings (WeasyPrint time goes to layout, not to template filters).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


def vn_int(value: int | None) -> str:
    """1234567 → "1.234.567" (Vietnamese thousands separator); None → "–"."""
    if value is None:
        return "–"
    return f"{value:,}".replace(",", ".")


def vn_percent(part: int | None, whole: int | None) -> str:
    """Recomputed from sums, never averaged: 1100/1150 → "95,7%"."""
    if not whole or part is None:
        return "–"
    return f"{100 * part / whole:.1f}".replace(".", ",") + "%"


def vn_date(day: dt.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def place_and_date(place: str, day: dt.date) -> str:
    """ "Đồng Nai, ngày 05 tháng 02 năm 2026": days below 10 and months 1–2 take a leading zero."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    prefix = f"{place}, " if place else ""
    return f"{prefix}ngày {day.day:02d} tháng {month} năm {day.year}"


def upper_vi(text: str) -> str:
    """str.upper() maps every Vietnamese letter (đ→Đ, ệ→Ệ) correctly."""
    return text.upper()


def issuer_lines(*, name: str, parent_name: str | None) -> tuple[str, str]:
    """(superior body, issuer) as printed: "TỈNH ỦY ĐỒNG NAI" above "BAN TUYÊN GIÁO".

    An issuer named after its superior drops that suffix ("Ban Tuyên giáo Tỉnh ủy Đồng Nai"
    under "Tỉnh ủy Đồng Nai" prints "BAN TUYÊN GIÁO"), as real headers do.
    """
    superior = upper_vi(parent_name or "")
    issuer = name
    if parent_name and name.casefold().endswith(" " + parent_name.casefold()):
        issuer = name[: -len(parent_name)].strip()
    return superior, upper_vi(issuer)


@dataclass(frozen=True)
class SigningDefaults:
    capacity: str  # "T/M", "K/T", "T/L", "T/UQ" or "" (the head signs in their own right)
    body: str  # the collective or the head's title after the prefix: "BAN THƯỜNG VỤ"
    title: str  # the signer's own title: "BÍ THƯ"


def signing_defaults(*, kind: str, level: int, name: str = "") -> SigningDefaults:
    """Who signs a report for this kind of body (HD 36 Điểm 1.7.1; ND 30 Điều 13).

    Committees are collectives and sign T/M; advisory boards are headed by one person, who signs
    directly. Leaders can change every line on the aggregate form.
    """
    if kind == "party_cell":
        return SigningDefaults("T/M", "CHI BỘ", "BÍ THƯ")
    if kind in ("party_committee", "party_central"):
        body = "ĐẢNG ỦY" if level >= 3 else "BAN THƯỜNG VỤ"
        return SigningDefaults("T/M", body, "BÍ THƯ")
    if kind == "advisory_board":
        return SigningDefaults("", "", "TRƯỞNG BAN")
    if kind == "youth_union":
        return SigningDefaults("T/M", "BAN THƯỜNG VỤ", "BÍ THƯ")
    if kind == "trade_union":
        return SigningDefaults("T/M", "BAN THƯỜNG VỤ", "CHỦ TỊCH")
    if kind == "state_body":
        if name.casefold().startswith("ủy ban nhân dân"):  # a collective: TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH
            return SigningDefaults("T/M", "ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
        return SigningDefaults("", "", "THỦ TRƯỞNG CƠ QUAN")
    return SigningDefaults("", "", "THỦ TRƯỞNG ĐƠN VỊ")


def paragraphs(text: str) -> list[str]:
    """Narrative text as typed in the browser → paragraphs (one per non-empty line)."""
    return [line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]


def recipient_lines(lines: list[str], *, separator: str = ",") -> list[str]:
    """ "- X," per line and "- Lưu …." last, the way the Nơi nhận list is punctuated."""
    cleaned = [line.strip().lstrip("-–•").strip().rstrip(",;.") for line in lines]
    cleaned = [line for line in cleaned if line]
    if not cleaned:
        return []
    return [f"- {line}{separator}" for line in cleaned[:-1]] + [f"- {cleaned[-1]}."]
