"""Names of Vietnam's provinces and centrally-run cities, to restore them in OCR'd letterheads.

A scanned letterhead often loses its diacritics or gains a stray one ("TĨNH QUANG NGAÀI"); a
clerk still reads "TỈNH QUẢNG NGÃI". Only a close match to a known name is restored.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from directives.parsing.vntext import fold

PROVINCES = (
    "An Giang",
    "Bà Rịa - Vũng Tàu",
    "Bắc Giang",
    "Bắc Kạn",
    "Bạc Liêu",
    "Bắc Ninh",
    "Bến Tre",
    "Bình Định",
    "Bình Dương",
    "Bình Phước",
    "Bình Thuận",
    "Cà Mau",
    "Cần Thơ",
    "Cao Bằng",
    "Đà Nẵng",
    "Đắk Lắk",
    "Đắk Nông",
    "Điện Biên",
    "Đồng Nai",
    "Đồng Tháp",
    "Gia Lai",
    "Hà Giang",
    "Hà Nam",
    "Hà Nội",
    "Hà Tĩnh",
    "Hải Dương",
    "Hải Phòng",
    "Hậu Giang",
    "Hòa Bình",
    "Hồ Chí Minh",
    "Hưng Yên",
    "Khánh Hòa",
    "Kiên Giang",
    "Kon Tum",
    "Lai Châu",
    "Lâm Đồng",
    "Lạng Sơn",
    "Lào Cai",
    "Long An",
    "Nam Định",
    "Nghệ An",
    "Ninh Bình",
    "Ninh Thuận",
    "Phú Thọ",
    "Phú Yên",
    "Quảng Bình",
    "Quảng Nam",
    "Quảng Ngãi",
    "Quảng Ninh",
    "Quảng Trị",
    "Sóc Trăng",
    "Sơn La",
    "Tây Ninh",
    "Thái Bình",
    "Thái Nguyên",
    "Thanh Hóa",
    "Thừa Thiên Huế",
    "Tiền Giang",
    "Trà Vinh",
    "Tuyên Quang",
    "Vĩnh Long",
    "Vĩnh Phúc",
    "Yên Bái",
)
_FULL = {
    f"{kind} {fold(name)}": (upper, name)
    for name in PROVINCES
    for kind, upper in (("tinh", "TỈNH"), ("thanh pho", "THÀNH PHỐ"))
}
_PROVINCE_LINE = re.compile(r"^(?:tinh|thanh ph\S*|tp)\s+(?!uy\b|doan\b)\S")


def restore_province(line: str) -> str:
    """ "TĨNH QUANG NGAÀI" -> "TỈNH QUẢNG NGÃI"; anything else is returned unchanged."""
    folded = fold(line)
    if not line.isupper() or _PROVINCE_LINE.match(folded) is None:
        return line
    found = _FULL.get(folded)
    if found is None:
        score, key = max(
            ((fuzz.ratio(folded, key), key) for key in _FULL if abs(len(key) - len(folded)) <= 3),
            default=(0.0, ""),
        )
        if score < 88:
            return line
        found = _FULL[key]
    kind, name = found
    return f"{kind} {name.upper()}"


_BODIES = ("ỦY BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN")
_BODY_FOLDS = tuple((fold(body), body) for body in _BODIES)


def restore_letterhead(line: str) -> str:
    """An OCR'd letterhead line with the standard spelling of its body and province.

    "ỦY BAN NHÂN DẦN" -> "ỦY BAN NHÂN DÂN", "TĨNH QUANG NGAI" -> "TỈNH QUẢNG NGÃI".
    """
    if not line.isupper():
        return line
    folded = fold(line)
    for key, body in _BODY_FOLDS:
        if folded == key and line != body:
            return body
    return restore_province(line)
