"""Shared grammars: document numbers, document types, organisation phrases, signature lines.

Number grammars run on the normalised text (symbols are case-sensitive: "QĐi", "TTg",
"CTr"); keyword grammars run on the folded copy (see ``vntext.fold_chars``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from directives.parsing.vntext import fold

# --- document numbers -----------------------------------------------------------------------
# Upper-case letters of symbols: "ĐU", and "Ư" where OCR keeps the horn of "TƯ" (Trung ương).
_SYM_PART = r"[A-ZĐƯ][A-Za-zĐđƯư0-9]*(?:[.\-&][A-Za-zĐđƯư0-9]+)*"
# Party style "57-KL/TW", "62-HD/BTGĐU", "57- KL/TW"; the type code may be blank ("CV/...").
PARTY_NUMBER = re.compile(
    rf"(?P<num>\d{{1,5}}[a-z]?)\s?-\s?(?P<sym>(?P<code>[A-ZĐ][A-Za-zĐđ]{{0,4}})"
    rf"/(?P<org>{_SYM_PART}))(?![\w/])"
)
# State style "21/CT-TTg", "30/2020/NĐ-CP", "12/2024/QĐ-UBND", "98/2023/QH15", "123/UBND-VX".
STATE_NUMBER = re.compile(
    r"(?P<num>\d{1,5})/(?:(?P<year>(?:19|20)\d{2})/)?"
    # the code may be a long issuer code ("215/BLĐTBXH-VP", "24/PGD&ĐT-GDMN") or carry a
    # second part ("01/QCPH/UBND-UBMTTQ", "19/2008/NQLT/CP-UBTUMTTQVN")
    rf"(?P<sym>(?P<code>[A-ZĐ][A-Za-zĐđ]{{0,8}}(?:&[A-ZĐ][A-Za-zĐđ]{{0,4}})?)(?P<term>\d{{1,3}})?"
    rf"(?:/{_SYM_PART}(?=-))?(?:-(?P<org>{_SYM_PART}))?)"
    r"(?![\w/])"
)
# The symbol alone after a blank number: "Số: - CV/TWĐTN-BTG", "Số:   /KH-UBND".
BLANK_SYMBOL = re.compile(
    rf"[\s._…-]{{0,30}}?(?P<sym>(?P<code>[A-ZĐ][A-Za-zĐđ]{{0,4}})[/-](?P<org>{_SYM_PART}))"
    rf"|[\s._…]{{0,30}}/\s?(?P<ssym>[A-ZĐ][A-Za-zĐđ]{{0,5}}-{_SYM_PART})"
)
# The printed symbol after a handwritten number the OCR could not read: "Số: 2 # /CT-UBND".
ILLEGIBLE_NUMBER = re.compile(rf"[^\n/]{{0,12}}?/\s?(?P<ssym>[A-ZĐ][A-Za-zĐđ]{{0,5}}-{_SYM_PART})(?![\w/])")
# "Số", "Số:", "Sô" (OCR), "SỐ." at a word start — on folded text.
# "S: 5157/QĐ-UBND": a label whose "ố" the OCR or the web page lost, right before a number.
NUMBER_LABEL = re.compile(r"(?<![\w])(?:so\s{0,3}[:.]?|s\s{0,2}:(?=\s{0,3}\d))\s{0,3}(?=[\d\-./…_ a-z])")


@dataclass(frozen=True, slots=True)
class NumberMatch:
    number: str | None  # "57-KL/TW"; None when the numeral is blank
    symbol: str  # "KL/TW"
    code: str | None  # "KL"
    state_style: bool
    start: int
    end: int


def _party(match: re.Match[str]) -> NumberMatch:
    number = f"{match.group('num')}-{match.group('sym')}"
    return NumberMatch(number, match.group("sym"), match.group("code"), False, *match.span())


def _state(match: re.Match[str]) -> NumberMatch | None:
    code = match.group("code")
    # A bare "12/ABC" is a ratio or a page, not a number: need a year, an org part or a term.
    if not (match.group("year") or match.group("org") or match.group("term")):
        return None
    year = f"{match.group('year')}/" if match.group("year") else ""
    number = f"{match.group('num')}/{year}{match.group('sym')}"
    return NumberMatch(number, match.group("sym"), code, True, *match.span())


def _free(text: str, match: re.Match[str]) -> bool:
    # Not glued to a preceding word, path or number ("ABC123-KL/TW", "1.2-KL/TW").
    before = text[match.start() - 1 : match.start()] if match.start() else ""
    return not (before.isalnum() or before in ("/", "-", ".", "_"))


def find_numbers(text: str, start: int = 0, end: int | None = None) -> list[NumberMatch]:
    """Every Party- or State-style document number in ``text[start:end]``."""
    stop = len(text) if end is None else end
    found = [_party(m) for m in PARTY_NUMBER.finditer(text, start, stop) if _free(text, m)]
    for match in STATE_NUMBER.finditer(text, start, stop):
        if not _free(text, match):
            continue
        state = _state(match)
        if state and not any(state.start < f.end and f.start < state.end for f in found):
            found.append(state)
    return sorted(found, key=lambda n: n.start)


# A number typed into the gap of a form: "312 /UBND-VX", "24 / PGD&ĐT- GDMN", "21 - HD/BTCTU".
_NUMBER_GAP = re.compile(r"(?<=[\w&])[ ]{1,6}(?=[/\-][ ]{0,6}\w)|(?<=[/\-])[ ]{1,6}(?=\w)")
# After a "Số:" label a symbol without a unit part is a number too: "215/UBND".
_BARE_STATE = re.compile(r"(?P<num>\d{1,5})/(?P<sym>[A-ZĐ]{2,10})(?![\w/&\-])")


def _typed_number(text: str, pos: int, window_end: int) -> NumberMatch | None:
    """The number right after ``pos``, spaces around its "/" and "-" removed."""
    window = text[pos:window_end]
    index: list[int] = []  # compact offset -> window offset
    kept: list[str] = []
    cursor = 0
    for gap in _NUMBER_GAP.finditer(window):
        kept.append(window[cursor : gap.start()])
        index.extend(range(cursor, gap.start()))
        cursor = gap.end()
    kept.append(window[cursor:])
    index.extend(range(cursor, len(window)))
    compact = "".join(kept)
    bare = _BARE_STATE.match(compact, len(compact) - len(compact.lstrip(" .:_…")))
    if bare:
        sym = bare.group("sym")
        found = NumberMatch(f"{bare.group('num')}/{sym}", sym, sym, True, *bare.span())
        return NumberMatch(found.number, sym, sym, True, pos + index[found.start], pos + index[found.end - 1] + 1)
    for found in find_numbers(compact):
        if compact[: found.start].strip(" .:_…"):
            return None
        start, end = pos + index[found.start], pos + index[found.end - 1] + 1
        return NumberMatch(found.number, found.symbol, found.code, found.state_style, start, end)
    return None


def number_at(text: str, pos: int, end: int) -> NumberMatch | None:
    """The number (or blank-number symbol) right after a "Số:" label at ``pos``."""
    window_end = min(end, pos + 80)
    found = _typed_number(text, pos, window_end)
    if found is not None:
        return found
    match = BLANK_SYMBOL.match(text, pos, window_end)
    if match is None:
        return None
    if match.group("sym"):
        return NumberMatch(None, match.group("sym"), match.group("code"), False, *match.span("sym"))
    symbol = match.group("ssym")
    return NumberMatch(None, symbol, symbol.split("-", 1)[0], True, *match.span("ssym"))


# --- document types -------------------------------------------------------------------------
TYPE_BY_CODE: dict[str, str] = {
    "KL": "Kết luận",
    "NQ": "Nghị quyết",
    "CT": "Chỉ thị",
    "HD": "Hướng dẫn",
    "KH": "Kế hoạch",
    "CV": "Công văn",
    "TB": "Thông báo",
    "QĐ": "Quyết định",
    "QĐi": "Quy định",
    "QyĐ": "Quy định",
    "BC": "Báo cáo",
    "CTr": "Chương trình",
    "TTr": "Tờ trình",
    "BS": "Bản sao",
    "SY": "Bản sao",
    "SL": "Bản sao",
    "ĐA": "Đề án",
    "QC": "Quy chế",
    "BB": "Biên bản",
    "GM": "Giấy mời",
    "CĐ": "Công điện",
    "NĐ": "Nghị định",
    "PA": "Phương án",
    "TT": "Thông tri",
}
_STATE_TYPE_OVERRIDES = {"TT": "Thông tư"}
CODE_BY_TYPE: dict[str, str] = {
    "Kết luận": "KL",
    "Nghị quyết": "NQ",
    "Chỉ thị": "CT",
    "Hướng dẫn": "HD",
    "Kế hoạch": "KH",
    "Công văn": "CV",
    "Thông báo": "TB",
    "Quyết định": "QĐ",
    "Quy định": "QĐi",
    "Báo cáo": "BC",
    "Chương trình": "CTr",
    "Tờ trình": "TTr",
    "Đề án": "ĐA",
    "Quy chế": "QC",
    "Biên bản": "BB",
    "Giấy mời": "GM",
    "Công điện": "CĐ",
    "Nghị định": "NĐ",
    "Thông tư": "TT",
    "Thông tri": "TT",
    "Phương án": "PA",
}
_TYPE_NAMES = sorted(CODE_BY_TYPE, key=len, reverse=True)
TYPE_LINE = re.compile(
    r"^(?P<type>" + "|".join(fold(name) for name in _TYPE_NAMES) + r")(?![a-z])"
    r"(?:\s+(?P<rest>.*))?$"
)
_TYPE_BY_FOLD = {fold(name): name for name in _TYPE_NAMES}
TYPE_START = re.compile("(?:" + "|".join(fold(name) for name in _TYPE_NAMES) + r")(?![a-z])")


def type_from_code(code: str | None, *, state_style: bool) -> str | None:
    if not code:
        return None
    if state_style and code in _STATE_TYPE_OVERRIDES:
        return _STATE_TYPE_OVERRIDES[code]
    return TYPE_BY_CODE.get(code)


def type_from_folded(key: str) -> str | None:
    return _TYPE_BY_FOLD.get(key)


# --- organisation phrases -------------------------------------------------------------------


def _words(*chunks: str, sep: str = " ") -> frozenset[str]:
    """A word set written as several short string literals (keeps lines short)."""
    return frozenset(w.strip() for c in chunks for w in c.split(sep) if w.strip())


ORG_START = re.compile(
    r"(?:ban|bo|thuong truc|thuong vu|dang uy|dang doan|dang bo|tinh uy|thanh uy|huyen uy|"
    r"quan uy|thi uy|chi bo|chi uy|uy ban|ubnd|hdnd|so|phong|van phong|cong doan|lien doan|"
    r"doan|tinh doan|thanh doan|huyen doan|hoi|mat tran|thu tuong|chinh phu|quoc hoi|"
    r"trung uong|hoc vien|truong|dai hoc|cuc|tong cuc|vien|btg|bch|bbt|mttq|tw|tu)(?![a-z])"
)
# Lower-case syllables that may continue an organisation name ("Ban Tuyên giáo Tỉnh ủy").
_ORG_LOWER = _words(
    "giao vu truc uy doan hanh khoi chinh tri phu nhan dan tinh huyen xa thanh pho quan",
    "cac dang uong bo su van phong vien hoi lien hiep nu chien binh nong dong lao to",
    "chuc kiem tra noi ngoai tuyen co so truong ban cuc tong thuong dao can tac thi tran",
    "phuong quoc gia hoc duc tao thu tuong tam nghiep",
)
_TOKEN = re.compile(r"[^\s,;:()\"“”']+")
_MAX_ORG_TOKENS = 14


_GAP = re.compile(r" (?=\S)")


# Two-syllable words of ministry / department names whose 2nd syllable is lower-case
# ("Bộ Thông tin và Truyền thông", "Sở Văn hóa, Thể thao và Du lịch").
_COMPOUNDS = frozenset(
    tuple(pair.split())
    for pair in _words(
        "thong tin,truyen thong,van hoa,the thao,du lich,khoa hoc,cong nghe,tai chinh,"
        "ke hoach,dau tu,lao dong,xa hoi,y te,tu phap,noi vu,ngoai giao,"
        "quoc phong,cong an,xay dung,giao thong,van tai,nong nghiep,phat trien,nong thon,"
        "tai nguyen,moi truong,cong thuong,ngan hang,thanh tra,giao duc,dao tao,thuong binh,"
        "dan toc,ton giao,chinh sach",
        sep=",",
    )
)
_CONNECTORS = frozenset({"va"})


def read_org(text: str, folded: str, pos: int, limit: int | None = None) -> tuple[int, int] | None:
    """Span of an organisation name starting at ``pos`` ("Ban Tuyên giáo Tỉnh ủy"), or None.

    The name starts with a capitalised word and continues with capitalised words, acronyms,
    the lower-case syllables organisation names use and "và" between two capitalised words;
    any other word ends it.
    """
    if not text[pos : pos + 1].isupper() or not ORG_START.match(folded, pos):
        return None
    stop = min(len(text), limit if limit is not None else pos + 200)
    end = pos
    tokens = 0
    cursor = pos
    previous = ""
    pending = False  # a connector ("và") waiting for a capitalised word
    while tokens < _MAX_ORG_TOKENS:
        match = _TOKEN.match(text, cursor, stop)
        if match is None:
            break
        word = match.group(0).rstrip(".")
        if not word:
            break
        key = folded[match.start() : match.start() + len(word)]
        first = word[0]
        if pending and (ORG_START.match(folded, match.start()) or TYPE_START.match(folded, match.start())):
            break  # "Ban A và Ban B", "Bộ Chính trị và Hướng dẫn này": a second item
        if key == "ban" and previous != "uy" and folded.startswith("ban hanh", match.start()):
            break  # "Ban Chấp hành Thành đoàn Hà Nội ban hành Kế hoạch": the verb
        if first.isupper() or (first.isdigit() and tokens > 0):
            pending = False
        elif key in _CONNECTORS and tokens > 0 and not pending:
            pending = True
        elif pending or tokens == 0 or (key not in _ORG_LOWER and (previous, key) not in _COMPOUNDS):
            break
        if not pending:
            end = match.start() + len(word)
        previous = key
        tokens += 1
        cursor = match.end()
        if _GAP.match(text, cursor, stop) is None:
            break
        cursor += 1
    if end == pos or not ORG_START.match(folded, pos, end):
        return None
    return pos, end


# --- header furniture -----------------------------------------------------------------------
MOTTO = re.compile(
    r"dang cong san viet nam|cong hoa xa hoi chu nghia viet nam|cong hoa xhcn viet nam"
    r"|doc lap\s*-\s*tu do\s*-\s*hanh phuc"
)
PLACE_DATE = re.compile(r"(?P<place>[^\W\d_][^,\n]{0,40}?)\s*,\s*(?=ngay\b)")
OPENERS = re.compile(
    r"^(?:can cu|thuc hien|thi hanh|trien khai|theo de nghi|xet de nghi|qua\s|de\s|nham\s|"
    r"trong\s|ngay\s|vua qua|tu ngay|sau khi|hien nay|thuc te|nhu|tiep tuc|kinh gui|"
    r"(?:[ivx]{1,4}|\d{1,2})[.)\-]\s)"
)
VV_LINE = re.compile(r"^[\"“'(\s]*v/v\b|^ve viec\b")
KINH_GUI = re.compile(r"^kinh gui\s*:?\s*")
NOI_NHAN = re.compile(r"^noi nhan\s*:?\s*")

# --- signature block ------------------------------------------------------------------------
CAPACITY = re.compile(r"^(?P<cap>t/m|tm\.?|k/t|kt\.?|t/l|tl\.?|t/uq|tuq\.?|q\.)\s+(?P<body>\S.*)$")
TITLE_WORDS = (
    r"(?:pho\s+)?(?:tong\s+)?(?:bi thu|chu tich|truong ban|chanh van phong|giam doc|"
    r"thu truong|truong phong|thu tuong|bo truong|chu nhiem|vien truong|hieu truong|"
    r"tong giam doc|cuc truong|vu truong|tong bien tap|uy vien|chanh an|"
    r"vien truong|truong khoa|chi doi truong|doi truong|to truong|bi thu chi bo)"
)
TITLE_LINE = re.compile(rf"^{TITLE_WORDS}(?:\s+[a-z].{{0,40}})?$")
TITLE_SUFFIX = re.compile(rf"\s(?P<title>{TITLE_WORDS}(?:\s+thuong truc)?)$")
SIGNED_PREFIX = re.compile(r"^(?:\(?\s*da ky\s*\)?\s*:?\s*|\(?\s*ky\s*(?:ten)?\s*\)?\s*:\s*)")
NOISE_LINE = re.compile(
    r"^(?:[\W_]*|\(?\s*(?:da ky|ky|ky ten|ky va dong dau|da ky va dong dau|chu ky|dau)"
    r"[\w\s,]{0,20}\)?\.?|[a-z]:\\.*|.*\.(?:docx?|pdf)|\[.*\])$"
)


_SURNAMES = _words(
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Trương Đinh",
    "Đoàn Lâm Mai Trịnh Lưu Tô Hà Cao Châu Tạ Thái Quách Lương Triệu Kiều Vương Tăng Từ",
    "Đào Thân Hứa La Lạc Tôn Mạc Đàm Âu Lò Nông Chu Giang Doãn Khổng Khúc Phùng Diệp",
    "Bạch Kim Lục Ông Phó Quan Thạch Tống Trang Ung Vi Hầu Lã Mã Văn Đồng Đường Nghiêm",
    "Tiêu Trình Viên",
)


def is_person_name(line: str) -> bool:
    """2-6 capitalised syllables ("Nguyễn Thị Hồng Trang", "LÊ NGỌC HẠNH"), no digits."""
    words = line.split()
    if not 2 <= len(words) <= 6 or TITLE_LINE.match(fold(line)):
        return False
    known_surname = words[0][:1] + words[0][1:].lower() in _SURNAMES
    if line.isupper() and (not known_surname or len(words) < 3):
        return False  # "VĂN PHÒNG", "HÀ NỘI": all-caps lines need a surname and 3 words
    if not known_surname and ORG_START.match(fold(line)):
        return False
    for word in words:
        if not word.isalpha() or len(word) > 8 or not word[0].isupper():
            return False
        if not (word[1:].islower() or word.isupper() or len(word) == 1):
            return False
    return True


# --- the clause that names the issuer in the opening paragraph -------------------------------
_CLAUSE_START = re.compile(r"[,;:]\s+(?=\S)")
_MAIN_VERB = re.compile(
    r"\s*(?:\([^()\n]{0,40}\)\s*)?(?:huong dan|de nghi|yeu cau|thong bao|ban hanh|ket luan|"
    r"chi thi|quyet dinh|xay dung|trien khai|bao cao|chi dao|giao|kinh de nghi|tong ket|xin gui)\b"
)


def find_main_clause(text: str, folded: str, start: int, end: int) -> tuple[int, int] | None:
    """ "..., Ban Tuyên giáo Tỉnh ủy hướng dẫn ...": span of the organisation that acts.

    An aside may sit between the name and the verb: "Ban Thường vụ Công đoàn Đại học Quốc
    gia Thành phố Hồ Chí Minh (ĐHQG-HCM) hướng dẫn".
    """
    stop = min(end, start + 4000)
    starts = [start, *(m.end() for m in _CLAUSE_START.finditer(folded, start, stop))]
    for pos in starts:
        span = read_org(text, folded, pos, end)
        if span is not None and _MAIN_VERB.match(folded, span[1], end):
            return span
    return None
