"""Vietnamese text helpers: normalisation, accent folding and title casing.

Everything here is pure and linear in the input size. The parser works on the
*normalised* text returned by :func:`normalize_text`; every span it reports is an
offset into that string. Keyword grammars run on :func:`fold_chars` of it, which
has exactly the same length, so a match on the folded copy slices the original.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

# Tone marks (combining) used to move a mark from the second vowel to the first.
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
# Spaces other than ' ' that real conversions leave behind (nbsp, thin, ideographic...).
_ODD_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\x0b\x0c]")
_ZERO_WIDTH = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad]")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
_LINE_BREAKS = re.compile("\r\n|[\r\u2028\u2029\x85]")
_DASHES = re.compile("[\u2010-\u2015\u2212]")
# OCR and legacy fonts write "Đ" as the look-alike Icelandic eth, often next to a second
# reading of the same letter ("QĐÐ-UBND", "HĐÐĐND"): the run is one "Đ".
_ETH_UPPER = re.compile("[\u0110\u00d0]*\u00d0[\u0110\u00d0]*")
_ETH_LOWER = re.compile("[\u0111\u00f0]*\u00f0[\u0111\u00f0]*")
_HTML_BREAK = re.compile(r"<br\s*/?>|</p\s*>", re.IGNORECASE)
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]{0,15}(?:\s[^<>\n]{0,300})?/?>")
# "TRUNG ƯƠNG**ĐOÀN": bold markers glued between two words mark a table-cell boundary.
_GLUED_BOLD = re.compile(r"(?<=\w)(?:\*\*|__)(?=\w)")
_MD_ESCAPE = re.compile(r"\\([*_#\-.\[\]()!`>+~|])")
_MD_BOLD = re.compile(r"\*\*|__")
_MD_EMPHASIS = re.compile(r"(?<=\w)\*|\*(?=\w)")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*")
_MULTI_SPACE = re.compile(r" {2,}")
# Old-style tone placement at the end of a syllable: "hoà", "khoẻ", "uỷ" -> "hòa", "khỏe", "ủy".
_OLD_TONE = re.compile("([oOuU])([àáảãạèéẻẽẹỳýỷỹỵÀÁẢÃẠÈÉẺẼẸỲÝỶỸỴ])(?![^\\W\\d_])")
_TERMINAL = frozenset(".:;!?")

# Length of a line the structure pass will look at; longer lines are prose or garbage.
MAX_LINE = 20_000


def _fix_tone(match: re.Match[str]) -> str:
    first, second = match.group(1), match.group(2)
    decomposed = unicodedata.normalize("NFD", second)
    base, marks = decomposed[:1], decomposed[1:]
    if base.lower() not in ("ae" if first in "oO" else "y") or marks not in _TONE_MARKS:
        return match.group(0)
    # The consonants before the glide ("kh" in "khoá"); "quý", "thuở": leave alone.
    before = match.string[max(0, match.start() - 4) : match.start()]
    head = ""
    for ch in reversed(before):
        if not ch.isalpha():
            break
        head = ch + head
    if head[-1:] in ("q", "Q") or any(ch.lower() in "aeiouy" for ch in _strip_marks(head)):
        return match.group(0)
    return unicodedata.normalize("NFC", first + marks) + base


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalize_tones(text: str) -> str:
    """Put tone marks on the first vowel of final oa/oe/uy ("hoà" -> "hòa", "uỷ" -> "ủy")."""
    return _OLD_TONE.sub(_fix_tone, text)


def _clean_line(line: str) -> str:
    if "#" in line:
        line = _MD_HEADING.sub("", line)
    if "*" in line or "_" in line:
        line = _MD_EMPHASIS.sub("", _MD_BOLD.sub("", line))
    if "  " in line:
        line = _MULTI_SPACE.sub(" ", line)
    return line.strip()


def _is_upper_line(line: str) -> bool:
    letters = [ch for ch in line if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def _starts_lower(line: str) -> bool:
    first = line[:1]
    return first.isalpha() and first.islower()


# A wrapped prose line (PDF text layers wrap every ~90 characters) that stops on a comma or
# on a word that cannot end a sentence continues on the next line, even before a capital:
# "... Kết luận số 57-KL/TW ngày 15/6/2023 của" + "Bộ Chính trị về ...".
_OPEN_END = re.compile(
    r"(?:,|\s(?:của|và|về|số|ngày|tại|theo|cho|với|các|những|trong|đến|từ|là|được|để|do|"
    r"nhằm|gồm|như|hoặc|thuộc|giữa|trên|dưới|vào|qua|sau|trước|quý|tháng|năm|hạn))$"
)
_LIST_START = re.compile(r"^(?:[-+•*]|\(?\d{1,3}[.)]|[IVX]{1,4}[.\-]|[a-zđ]\)|Điều\s+\d)")
_WRAPPED_MIN = 60
# Lines that always start afresh: header furniture and opening words.
_STARTER = re.compile(
    r"^(?:[^\W\d_][^,\n]{0,40},\s*ngày\b|Kính gửi|Nơi nhận|Số\s*:|V/v|Căn cứ|Thực hiện|"
    r"Chương\s+[IVX\d]|Phần\s+[IVX\d]|Mục\s+[IVX\d])",
    re.IGNORECASE,
)


def _wrap_width(lines: list[str]) -> int | None:
    """The column a hard-wrapped text (a PDF text layer) breaks at, or None if not wrapped.

    Wrapped prose has most of its long lines ending within a few characters of one width.
    """
    lengths = sorted(len(line) for line in lines if len(line) > 40)
    if len(lengths) < 5:
        return None
    width = lengths[int(0.9 * (len(lengths) - 1))]
    if width > 160:
        return None
    near = sum(1 for n in lengths if n >= 0.75 * width)
    return width if near >= 0.5 * len(lengths) else None


def _continues(prev: str, line: str, width: int | None, gap: bool) -> bool:
    if prev[-1:] in _TERMINAL or _is_upper_line(prev) or len(prev) >= MAX_LINE:
        return False
    if _starts_lower(line):
        return True
    if _LIST_START.match(line) or _STARTER.match(line):
        return False
    if not (line[:1].isalnum() or line[:1] in '("“'):
        return False
    # "... hoàn thành trong quý" + "III/2024.": the line stops on a word that needs more.
    if len(prev) >= _WRAPPED_MIN and _OPEN_END.search(prev) is not None:
        return True
    # A blank line before a capital is a paragraph break; a wrap never leaves one.
    if gap or _is_upper_line(line):
        return False
    return width is not None and len(prev) >= 0.75 * width


def join_broken_lines(lines: list[str]) -> list[str]:
    """Re-join a sentence that a conversion split over lines; blank lines are dropped."""
    width = _wrap_width([line for line in lines if line])
    out: list[str] = []
    gap = False
    for line in lines:
        if not line:
            gap = True
            continue
        if out and _continues(out[-1], line, width, gap):
            out[-1] = out[-1] + " " + line
        else:
            out.append(line)
        gap = False
    return out


def normalize_text(text: str) -> str:
    """Return the canonical text the parser works on (NFC, clean, one paragraph per line)."""
    text = unicodedata.normalize("NFC", text)
    text = _LINE_BREAKS.sub("\n", text)
    text = html.unescape(_HTML_BREAK.sub("\n", text)) if "&" in text or "<" in text else text
    text = _HTML_TAG.sub(" ", text)
    text = _ZERO_WIDTH.sub("", text)
    text = _CONTROL.sub(" ", text)
    text = _ODD_SPACES.sub(" ", text)
    text = _DASHES.sub("-", text)
    if "\u00d0" in text or "\u00f0" in text:
        text = _ETH_LOWER.sub("đ", _ETH_UPPER.sub("Đ", text))
    text = _MD_ESCAPE.sub(r"\1", text)
    text = _GLUED_BOLD.sub("\n", text)
    text = normalize_tones(text)
    return "\n".join(join_broken_lines([_clean_line(line) for line in text.split("\n")]))


@lru_cache(maxsize=4096)
def _fold_one(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    base = _strip_marks(ch) or ch
    lowered = base.lower()
    if len(lowered) == 1:
        return lowered
    lowered = ch.lower()
    return lowered if len(lowered) == 1 else ch


# A list indexed by code point translates ~2x faster than a dict; code points past its end
# raise IndexError inside str.translate, which leaves them unchanged.
_FOLD_TABLE = [chr(cp) for cp in range(0x1F00)]
for _cp in (*range(0x41, 0x5B), *range(0xC0, 0x250), *range(0x1E00, 0x1F00)):
    _FOLD_TABLE[_cp] = _fold_one(chr(_cp))
del _cp


def fold_chars(text: str) -> str:
    """Lowercase and strip Vietnamese diacritics *keeping the length* (offsets stay valid)."""
    return text.translate(_FOLD_TABLE)


_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Accent-insensitive key: "Quán  triệt!" -> "quan triet" (search columns, matching)."""
    return _NON_ALNUM.sub(" ", fold_chars(unicodedata.normalize("NFC", text))).strip()


# --- Title casing ---------------------------------------------------------------------------

_ONSET = "(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|g|h|k|l|m|n|p|r|s|t|v|x)?"
_SYLLABLE = re.compile(_ONSET + r"[aeiouy]{1,3}(?:ng|nh|ch|c|k|m|n|p|t)?$")
_ROMAN = re.compile(r"^[IVXLC]{2,}$")

# Compounds written with only their first syllable capitalised inside organisation names
# (Decree 30/2020 usage); the longest match wins. Unknown syllables are proper names.
_LEXICON = (
    "Ban",
    "Bộ",
    "Sở",
    "Phòng",
    "Khối",
    "Hội",
    "Đoàn",
    "Cục",
    "Vụ",
    "Viện",
    "Tổng cục",
    "Chi cục",
    "Tuyên giáo",
    "Tuyên giáo và Dân vận",
    "Dân vận",
    "Tổ chức",
    "Kiểm tra",
    "Nội chính",
    "Đối ngoại",
    "Trung ương",
    "Chấp hành",
    "Thường vụ",
    "Thường trực",
    "Bí thư",
    "Chính trị",
    "Văn phòng",
    "Tỉnh ủy",
    "Thành ủy",
    "Huyện ủy",
    "Thị ủy",
    "Quận ủy",
    "Đảng ủy",
    "Đảng bộ",
    "Đảng đoàn",
    "Chi ủy",
    "Chi bộ",
    "Cán sự đảng",
    "Ủy ban nhân dân",
    "Hội đồng nhân dân",
    "Ủy ban",
    "Mặt trận Tổ quốc",
    "Công đoàn",
    "Liên đoàn Lao động",
    "Tỉnh đoàn",
    "Thành đoàn",
    "Huyện đoàn",
    "Đoàn Thanh niên",
    "Liên hiệp Phụ nữ",
    "Nông dân",
    "Cựu chiến binh",
    "Đại học Quốc gia",
    "Đại học",
    "Quốc hội",
    "Chính phủ",
    "Thủ tướng",
    "Giáo dục và Đào tạo",
    "Văn hóa",
    "Thể thao",
    "Du lịch",
    "Thông tin và Truyền thông",
    "Nội vụ",
    "Tư pháp",
    "Công an",
    "Quân sự",
    "Cơ quan",
    "Doanh nghiệp",
    "Trung tâm",
    "Học viện",
    "Báo",
    "Đài",
    "Khoa học",
    "Tự nhiên",
    "Xã hội",
    "Nhân văn",
    "Kinh tế",
    "Công nghệ",
    "Thông tin",
    "Kỹ thuật",
    "Sư phạm",
    "Bách khoa",
    "Quốc tế",
    "Nông nghiệp",
    "Y tế",
    "Tài chính",
    "Kế hoạch và Đầu tư",
    "Lao động",
    "Thương binh và Xã hội",
    "Ngoại giao",
    "Quốc phòng",
    "nhân dân",
    "cơ sở",
    "trực thuộc",
    "và",
    "các",
    "của",
    "tỉnh",
    "huyện",
    "xã",
    "phường",
    "quận",
    "thị xã",
    "thị trấn",
    "thành phố",
    "Thành phố",
    "ấp",
    "thôn",
    "khu phố",
    "tổ dân phố",
    "khóm",
    "bản",
)


def _lexicon_index() -> dict[tuple[str, ...], list[str]]:
    index: dict[tuple[str, ...], list[str]] = {}
    for entry in _LEXICON:
        key = tuple(fold(entry).split())
        index.setdefault(key, entry.split())
    return index


_LEX = _lexicon_index()
_LEX_MAX = max(len(key) for key in _LEX)


def is_acronym(token: str) -> bool:
    """True for TNCS, ĐHQG-HCM, TP.HCM, UBND, XIII... (tokens that are not syllables)."""
    letters = "".join(ch for ch in token if ch.isalpha())
    if not letters:
        return False
    if _ROMAN.match(letters):
        return True
    parts = [fold(p) for p in re.split(r"[-./]", token) if p]
    return any(p and not _SYLLABLE.match(p.replace(" ", "")) for p in parts)


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:].lower()


def title_case(text: str) -> str:
    """Proper-case an ALL-CAPS Vietnamese organisation name.

    "BAN TUYÊN GIÁO TỈNH ỦY ĐỒNG NAI" -> "Ban Tuyên giáo Tỉnh ủy Đồng Nai";
    acronyms (TNCS, ĐHQG-HCM, TW) stay upper, lower-case words stay as written.
    """
    tokens = text.split()
    out: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if is_acronym(token) or not token.isupper():
            out.append(token)
            i += 1
            continue
        for size in range(min(_LEX_MAX, len(tokens) - i), 0, -1):
            key = tuple(fold(t) for t in tokens[i : i + size])
            proper = _LEX.get(key)
            if proper and all(t.isupper() for t in tokens[i : i + size]):
                out.extend(_match_case(tok, form) for tok, form in zip(tokens[i : i + size], proper, strict=False))
                i += size
                break
        else:
            out.append(_cap(token))
            i += 1
    if out and out[0][:1].islower():
        out[0] = _cap(out[0]) if not is_acronym(out[0]) else out[0]
    return " ".join(out)


def _match_case(token: str, form: str) -> str:
    """Apply the lexicon's capitalisation to the token's own letters (keeps its diacritics)."""
    return _cap(token) if form[:1].isupper() else token.lower()
