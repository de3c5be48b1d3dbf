"""Legacy Vietnamese encodings (TCVN3/ABC, VNI) detected in text and turned into Unicode NFC.

    encoding = detect(text)                  # "TCVN3", "VNI" or None
    text = to_unicode(text, encoding)        # NFC; all-caps words of TCVN3 come out in capitals

Detection reads words, not bytes: a text is legacy when converting it turns many words that are
not Vietnamese syllables ("Hµ", "Néi", "Vieät") into words that are, and the text holds (almost)
no letter that only Unicode has (ệ, ư, đ…). Ordinary Unicode text and English gain nothing from
either table, so neither fires on them. Tables: `legacy_tables`.
"""

from __future__ import annotations

import re
import unicodedata

from directives.ingest.legacy_tables import TCVN3, TCVN3_INVERSE, TONES, VNI, VNI_INVERSE

__all__ = ["NAMES", "TCVN3_FONT", "VNI_FONT", "detect", "font_encoding", "from_unicode", "note", "to_unicode"]

NAMES = {"TCVN3": "TCVN3 (ABC)", "VNI": "VNI"}
# Font families that carry each encoding: `.VnTime`, `.VnArialH`…; `VNI-Times`, `VNI-Helve`…
TCVN3_FONT = re.compile(r"^\.?vn[a-z]", re.IGNORECASE)
VNI_FONT = re.compile(r"^vni[-_ ]", re.IGNORECASE)

# Gained syllables needed before a text is called legacy: at least this many, and this share of
# the words holding a non-ASCII character.
MIN_GAINED_WORDS = 3
MIN_GAINED_SHARE = 0.3
# More than this share of such words already spelled with Unicode-only letters: it is Unicode.
MAX_UNICODE_SHARE = 0.1

_VNI_SEQUENCE = re.compile("|".join(re.escape(s) for s in sorted(VNI, key=len, reverse=True)))
_WORD = re.compile(r"[^\s\d.,;:!?()\[\]{}\"'“”‘’/\\|*+=<>–—-]+")
_ONSET = "ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdđghklmnpqrstvx]"
_SYLLABLE = re.compile(rf"^(?:{_ONSET})?[aăâeêioôơuưy]{{1,3}}(?:ch|ng|nh|[cmnpt])?$")
_TONE_MARKS = frozenset(TONES)
_ASCII_LETTERS = re.compile(r"[A-Za-z]")
# Letters no Windows-1252 character is: Vietnamese text already in Unicode.
_UNICODE_ONLY = re.compile("[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]")


def is_syllable(word: str) -> bool:
    """A Vietnamese syllable: onset, one to three vowels, coda; at most one tone."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(1 for ch in decomposed if ch in _TONE_MARKS) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONE_MARKS))
    return bool(_SYLLABLE.match(bare))


def to_unicode(text: str, encoding: str, *, uppercase: bool = False) -> str:
    """`text` (legacy codes as Windows-1252 characters) in Unicode NFC.

    `uppercase`: the text was set in an all-caps TCVN3 font (`.VnTimeH`). Without it, a TCVN3
    word (or line) typed in capitals has its toned letters made capitals too, as the font showed.
    """
    if encoding == "VNI":
        converted = _VNI_SEQUENCE.sub(lambda m: VNI[m.group(0)], text)
    elif encoding == "TCVN3":
        converted = "".join(TCVN3.get(ch, ch) for ch in text)
        converted = converted.upper() if uppercase else _capitals(text, converted)
    else:
        raise ValueError(f"unknown encoding {encoding!r}")
    return unicodedata.normalize("NFC", converted)


def _capitals(original: str, converted: str) -> str:
    """Capitalise TCVN3 words typed in capitals (an all-caps font showed them as capitals).

    A word whose ASCII letters are two or more capitals is one ("HéI" → "HỘI"); so is a word with
    one capital or none ("X·", "Uû") on a line that has such a word with legacy letters in it
    ("CéNG HOµ X· HéI"), but not "Hµ" in "Hµ Néi" nor "Sè:" before "215/UBND".
    """
    lines = []
    for source, line in zip(original.split("\n"), converted.split("\n"), strict=True):
        pairs = list(zip(source.split(" "), line.split(" "), strict=True))
        shapes = [_ASCII_LETTERS.findall(word) for word, _ in pairs]
        capital = [all(ch.isupper() for ch in letters) for letters in shapes]
        caps_line = any(
            ok and len(letters) >= 2 and any(ch in TCVN3 for ch in word)
            for (word, _), letters, ok in zip(pairs, shapes, capital, strict=True)
        )
        words = [
            new.upper() if ok and (len(letters) >= 2 or caps_line) else new
            for (_, new), letters, ok in zip(pairs, shapes, capital, strict=True)
        ]
        lines.append(" ".join(words))
    return "\n".join(lines)


def from_unicode(text: str, encoding: str) -> str:
    """The legacy form of Unicode `text` (for tests and fixtures): the inverse of `to_unicode`."""
    inverse = VNI_INVERSE if encoding == "VNI" else TCVN3_INVERSE
    return "".join(inverse.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


def detect(text: str) -> str | None:
    """ "TCVN3" or "VNI" when the text is in that encoding, else None."""
    words = [w for w in _WORD.findall(text) if not w.isascii()]
    if not words:
        return None
    if sum(1 for w in words if _UNICODE_ONLY.search(w)) > MAX_UNICODE_SHARE * len(words):
        return None
    before = sum(1 for w in words if is_syllable(w))
    best, best_gain = None, 0
    for encoding in ("TCVN3", "VNI"):
        after = sum(1 for w in words if is_syllable(to_unicode(w, encoding)))
        gain = after - before
        if gain >= max(MIN_GAINED_WORDS, MIN_GAINED_SHARE * len(words)) and gain > best_gain:
            best, best_gain = encoding, gain
    return best


def font_encoding(font: str | None) -> str | None:
    """The legacy encoding a font name implies ("TCVN3" for `.VnTime`, "VNI" for `VNI-Times`), or None."""
    if not font:
        return None
    if VNI_FONT.match(font):
        return "VNI"
    if TCVN3_FONT.match(font):
        return "TCVN3"
    return None


def is_uppercase_font(font: str | None) -> bool:
    """TCVN3's all-caps fonts end in H: `.VnTimeH`, `.VnArialH`, `.VnAvantH`."""
    return bool(font) and font_encoding(font) == "TCVN3" and font.rstrip().endswith("H")  # type: ignore[union-attr]


def note(encoding: str) -> str:
    """What the review page says about the conversion."""
    return f"Văn bản được chuyển từ mã {NAMES[encoding]} sang Unicode; hãy đối chiếu dấu tiếng Việt với bản gốc."
