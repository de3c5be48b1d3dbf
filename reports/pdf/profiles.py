"""Official document layouts as versioned data, not hard-coded templates.

A profile holds every number the templates need (margins, sizes, header lines, number grammar,
signing prefixes). Sources and what is still unconfirmed: shared/research/format-and-performance.md
Part A. Adding the 2026 Party successor (Hướng dẫn 05-HD/VPTW under Quy định 399-QĐ/TW) is one
more `LayoutProfile(...)` in PROFILES with its `effective_from`; until a văn thư confirms its
values, HD 36 stays the Party default.

Pure module: no ORM, no settings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class System(StrEnum):
    PARTY = "party"
    STATE = "state"


class NumberingPeriod(StrEnum):
    TERM = "term"  # Party: from 01 per document type within a committee term (HD 36 Điểm 1.3.1)
    YEAR = "year"  # State: from 01 every 1 January (ND 30/2020 Điều 15)


@dataclass(frozen=True)
class HeaderLine:
    text: str
    size_pt: float
    bold: bool = True


@dataclass(frozen=True)
class LayoutProfile:
    key: str
    name: str
    source: str
    system: System
    effective_from: dt.date
    # Page (A4, mm); page numbers centred in the top margin from page 2 on.
    margin_top_mm: float
    margin_bottom_mm: float
    margin_left_mm: float
    margin_right_mm: float
    page_number_size_pt: float
    # A Times-like serif with every Vietnamese glyph (Liberation Serif is metric-compatible).
    font_family: str
    body_size_pt: float
    line_height: float
    paragraph_spacing_pt: float
    first_line_indent_mm: float
    # Top right: the Party heading or the State national title and motto, ruled underneath.
    national_lines: tuple[HeaderLine, ...]
    header_left_pct: float  # width of the issuer column; the national heading must fit on one line
    # Top left: the superior body (regular) above the issuer (bold), then "*" or a short rule.
    superior_size_pt: float
    issuer_size_pt: float
    issuer_mark: str  # "asterisk" | "rule"
    number_size_pt: float
    # "Số {number}-{type}/{issuer}" (Party) or "Số: {number}/{type}-{issuer}" (State).
    number_template: str
    number_digits: int
    date_size_pt: float
    date_align: str  # "right" (Party custom, [G]) | "center" (ND 30: centred under the motto)
    type_name_size_pt: float
    subject_size_pt: float
    subject_mark: str  # "dashes" (-----) | "rule"
    section_number_format: str  # "{roman}- " (Party) | "{roman}. " (State)
    recipients_label: str
    recipients_label_style: str  # "underline" | "bold-italic"
    recipients_label_size_pt: float
    recipients_size_pt: float
    signature_size_pt: float
    recipient_separator: str  # each Nơi nhận line ends with it; the last with "."
    file_copy_line: str  # the last Nơi nhận line: "Lưu Văn phòng" / "Lưu: VT"
    signing_prefixes: dict[str, str] = field(default_factory=dict)
    numbering_period: NumberingPeriod = NumberingPeriod.TERM

    def number_text(self, *, number: int | None, type_code: str, issuer_code: str) -> str:
        """ "Số 12-BC/BTGTU"; before a number is given, the blank a văn thư would leave."""
        shown = f"{number:0{self.number_digits}d}" if number is not None else "     "
        return self.number_template.format(number=shown, type=type_code, issuer=issuer_code or "…")

    def capacity_text(self, capacity: str, body: str) -> str:
        """ "T/M" + "BAN THƯỜNG VỤ" → "T/M BAN THƯỜNG VỤ" (Party) or "TM. BAN THƯỜNG VỤ" (State)."""
        prefix = self.signing_prefixes.get(capacity, capacity)
        return " ".join(part for part in (prefix, body.upper()) if part)

    def section_heading(self, index: int, title: str) -> str:
        return self.section_number_format.format(roman=roman(index)) + title.upper()


def roman(n: int) -> str:
    numerals = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = []
    for value, letters in numerals:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


SERIF = '"Times New Roman", "Liberation Serif", "Tinos", serif'

# Hướng dẫn 36-HD/VPTW (03/4/2018), thể thức văn bản của Đảng.
HD36_2018 = LayoutProfile(
    key="HD36-2018",
    name="Văn bản của Đảng — Hướng dẫn 36-HD/VPTW (2018)",
    source="Hướng dẫn 36-HD/VPTW ngày 03/4/2018 của Văn phòng Trung ương Đảng",
    system=System.PARTY,
    effective_from=dt.date(2018, 4, 3),
    margin_top_mm=20,
    margin_bottom_mm=20,
    margin_left_mm=30,
    margin_right_mm=15,
    page_number_size_pt=14,
    font_family=SERIF,
    body_size_pt=14,
    line_height=1.3,
    paragraph_spacing_pt=6,
    first_line_indent_mm=10,
    national_lines=(HeaderLine("ĐẢNG CỘNG SẢN VIỆT NAM", 15),),
    header_left_pct=45,
    superior_size_pt=14,
    issuer_size_pt=14,
    issuer_mark="asterisk",
    number_size_pt=14,
    number_template="Số {number}-{type}/{issuer}",
    number_digits=2,
    date_size_pt=14,
    date_align="right",
    type_name_size_pt=16,
    subject_size_pt=14,
    subject_mark="dashes",
    section_number_format="{roman}- ",
    recipients_label="Nơi nhận",
    recipients_label_style="underline",
    recipients_label_size_pt=14,
    recipients_size_pt=12,
    signature_size_pt=14,
    recipient_separator=",",
    file_copy_line="Lưu Văn phòng",
    signing_prefixes={"T/M": "T/M", "K/T": "K/T", "T/L": "T/L", "T/UQ": "T/UQ"},
    numbering_period=NumberingPeriod.TERM,
)

# Nghị định 30/2020/NĐ-CP (05/3/2020), Phụ lục I: thể thức văn bản hành chính.
ND30_2020 = LayoutProfile(
    key="ND30-2020",
    name="Văn bản hành chính — Nghị định 30/2020/NĐ-CP",
    source="Nghị định 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ, Phụ lục I",
    system=System.STATE,
    effective_from=dt.date(2020, 3, 5),
    margin_top_mm=20,
    margin_bottom_mm=20,
    margin_left_mm=30,
    margin_right_mm=15,
    page_number_size_pt=13,
    font_family=SERIF,
    body_size_pt=14,
    line_height=1.3,
    paragraph_spacing_pt=6,
    first_line_indent_mm=10,
    national_lines=(
        HeaderLine("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12.5),
        HeaderLine("Độc lập - Tự do - Hạnh phúc", 13.5),
    ),
    header_left_pct=38,
    superior_size_pt=12.5,
    issuer_size_pt=12.5,
    issuer_mark="rule",
    number_size_pt=13,
    number_template="Số: {number}/{type}-{issuer}",
    number_digits=2,
    date_size_pt=14,
    date_align="center",
    type_name_size_pt=14,
    subject_size_pt=14,
    subject_mark="rule",
    section_number_format="{roman}. ",
    recipients_label="Nơi nhận:",
    recipients_label_style="bold-italic",
    recipients_label_size_pt=12,
    recipients_size_pt=11,
    signature_size_pt=14,
    recipient_separator=";",
    file_copy_line="Lưu: VT",
    signing_prefixes={"T/M": "TM.", "K/T": "KT.", "T/L": "TL.", "T/UQ": "TUQ."},
    numbering_period=NumberingPeriod.YEAR,
)

PROFILES: dict[str, LayoutProfile] = {p.key: p for p in (HD36_2018, ND30_2020)}


def profile_for(*, is_party: bool, on: dt.date) -> LayoutProfile:
    """The newest profile of the body's system in force on `on`."""
    system = System.PARTY if is_party else System.STATE
    candidates = [p for p in PROFILES.values() if p.system == system and p.effective_from <= on]
    if not candidates:  # a date before every profile: the oldest one of the system
        candidates = [min((p for p in PROFILES.values() if p.system == system), key=lambda p: p.effective_from)]
    return max(candidates, key=lambda p: p.effective_from)
