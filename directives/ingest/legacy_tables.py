"""The TCVN3 (ABC) and VNI code tables, as the Unicode characters their bytes become in Windows-1252.

Legacy Vietnamese text reaches us as Windows-1252 ("Latin") characters: a .txt file read byte by
byte, antiword's output for a .doc typed in .VnTime, a .docx run whose font is `.VnTime`. Both
tables map those characters (one for TCVN3, one or two for VNI) to Unicode letters.

TCVN3 (TCVN 5712:1993, "VN3", the ABC fonts `.VnTime`, `.VnArial`…) is single-byte: every toned
lowercase letter has a code, but of the uppercase letters only Ă Â Ê Ô Ơ Ư Đ do; a heading in
capitals is typed in an all-caps font (`.VnTimeH`), whose glyphs at the lowercase codes are
capitals — so the same codes mean uppercase letters there. Checked against real pairs: "Hµ Néi"
= "Hà Nội", "B¶o Th¾ng" = "Bảo Thắng", "M\xadêng Kh\xad¬ng" = "Mường Khương" (ư is 0xAD, the soft
hyphen of Windows-1252: invisible on a web page, so never strip it before converting).

VNI (VNI-Times, VNI-Helve…) writes a letter as its base and then one or two mark characters:
"Vieät" = "Việt", "Coäng hoøa" = "Cộng hòa", "ngöôøi" = "người"; ơ, ư, đ and the toned i and ỵ
are single characters. A capital's marks are the capitals of the lowercase marks.
"""

from __future__ import annotations

import unicodedata

# Tones in the order both tables list them: huyền, hỏi, ngã, sắc, nặng.
TONES = ("\u0300", "\u0309", "\u0303", "\u0301", "\u0323")

# The twelve vowels with the marks that make them letters (breve, circumflex, horn).
VOWELS = ("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y")


def toned(vowel: str, tone: int) -> str:
    """The vowel with tone `tone` (index into TONES), or the bare vowel for -1, as one NFC letter."""
    return vowel if tone < 0 else unicodedata.normalize("NFC", vowel + TONES[tone])


def _codes(hex_codes: str) -> list[str]:
    return [chr(int(code, 16)) for code in hex_codes.split()]


# TCVN3: for each vowel, its code without tone (the ASCII letter for a e i o u y), then with each tone.
_TCVN3_VOWELS = {
    "a": "61 B5 B6 B7 B8 B9",
    "ă": "A8 BB BC BD BE C6",
    "â": "A9 C7 C8 C9 CA CB",
    "e": "65 CC CE CF D0 D1",
    "ê": "AA D2 D3 D4 D5 D6",
    "i": "69 D7 D8 DC DD DE",
    "o": "6F DF E1 E2 E3 E4",
    "ô": "AB E5 E6 E7 E8 E9",
    "ơ": "AC EA EB EC ED EE",
    "u": "75 EF F1 F2 F3 F4",
    "ư": "AD F5 F6 F7 F8 F9",
    "y": "79 FA FB FC FD FE",
}
_TCVN3_OTHERS = {"đ": "AE", "Ă": "A1", "Â": "A2", "Ê": "A3", "Ô": "A4", "Ơ": "A5", "Ư": "A6", "Đ": "A7"}


def _tcvn3() -> dict[str, str]:
    table: dict[str, str] = {}
    for vowel, codes in _TCVN3_VOWELS.items():
        for tone, code in enumerate(_codes(codes), start=-1):
            if not code.isascii():
                table[code] = toned(vowel, tone)
    for letter, code in _TCVN3_OTHERS.items():
        table[chr(int(code, 16))] = letter
    return table


# TCVN3 code (as a Windows-1252 character) → Unicode letter, lowercase except the seven capitals.
TCVN3: dict[str, str] = _tcvn3()
# Unicode letter → TCVN3 code; a capital with a tone has no code of its own and takes the lowercase one.
TCVN3_INVERSE: dict[str, str] = {
    **{letter: code for code, letter in TCVN3.items()},
    **{letter.upper(): code for code, letter in TCVN3.items() if letter.upper() not in TCVN3.values()},
}

# VNI marks after a base letter, lowercase; capitals use str.upper() of both base and marks.
_VNI_TONE = ("ø", "û", "õ", "ù", "ï")  # after a e o u y, and after ô (ơ) and ö (ư)
_VNI_CIRCUMFLEX = ("â", "à", "å", "ã", "á", "ä")  # after a e o: â ầ ẩ ẫ ấ ậ (ê…, ô…)
_VNI_BREVE = ("ê", "è", "ú", "ü", "é", "ë")  # after a: ă ằ ẳ ẵ ắ ặ
_VNI_SINGLE = {"ô": "ơ", "ö": "ư", "ñ": "đ", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "í": "í", "ò": "ị", "î": "ỵ"}


def _vni() -> dict[str, str]:
    lower: dict[str, str] = dict(_VNI_SINGLE)
    for base, vowel in (("a", "a"), ("e", "e"), ("o", "o"), ("u", "u"), ("y", "y"), ("ô", "ơ"), ("ö", "ư")):
        for tone, mark in enumerate(_VNI_TONE):
            if vowel == "y" and tone == 4:
                continue  # ỵ is the single character î
            lower[base + mark] = toned(vowel, tone)
    for base, vowel in (("a", "â"), ("e", "ê"), ("o", "ô")):
        for tone, mark in enumerate(_VNI_CIRCUMFLEX, start=-1):
            lower[base + mark] = toned(vowel, tone)
    for tone, mark in enumerate(_VNI_BREVE, start=-1):
        lower["a" + mark] = toned("ă", tone)
    table = dict(lower)
    for sequence, letter in lower.items():
        table[sequence.upper()] = letter.upper()
        if len(sequence) == 2:
            # A capital base followed by lowercase marks: seen in headings typed with Caps Lock.
            table.setdefault(sequence[0].upper() + sequence[1], letter.upper())
    return table


# VNI sequence (one or two Windows-1252 characters) → Unicode letter.
VNI: dict[str, str] = _vni()
# Unicode letter → its VNI sequence (the canonical one: capital marks for a capital).
VNI_INVERSE: dict[str, str] = {
    letter: sequence for sequence, letter in VNI.items() if sequence == sequence.upper() or letter == letter.lower()
}
