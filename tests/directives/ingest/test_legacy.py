"""TCVN3 (ABC) and VNI text: every letter with every tone both ways, real pairs, and no false alarms."""

from __future__ import annotations

import pytest

from directives.ingest.legacy import detect, from_unicode, is_syllable, to_unicode
from directives.ingest.legacy_tables import TONES, VOWELS, toned

LOWER = [toned(v, t) for v in VOWELS for t in range(-1, len(TONES))] + ["đ"]
UPPER = [letter.upper() for letter in LOWER]


@pytest.mark.parametrize("encoding", ["TCVN3", "VNI"])
@pytest.mark.parametrize("letter", LOWER)
def test_every_lowercase_letter_round_trips(encoding: str, letter: str) -> None:
    legacy = from_unicode(letter, encoding)
    assert legacy.encode("cp1252")  # a legacy form is Windows-1252 characters only
    assert to_unicode(legacy, encoding) == letter


@pytest.mark.parametrize("letter", UPPER)
def test_every_capital_round_trips_in_vni(letter: str) -> None:
    legacy = from_unicode(letter, "VNI")
    assert legacy.encode("cp1252")
    assert to_unicode(legacy, "VNI") == letter


@pytest.mark.parametrize("letter", UPPER)
def test_every_capital_round_trips_in_tcvn3_in_a_word_typed_in_capitals(letter: str) -> None:
    # .VnTime has codes for lowercase toned letters only; capitals come from an all-caps font.
    word = f"NGH{letter}NG"
    assert to_unicode(from_unicode(word, "TCVN3"), "TCVN3") == word
    assert to_unicode(from_unicode(letter.lower(), "TCVN3"), "TCVN3", uppercase=True) == letter


@pytest.mark.parametrize(
    ("legacy", "unicode"),
    [
        pytest.param("Hµ Néi", "Hà Nội", id="ha_noi"),
        pytest.param("ViÖt Nam", "Việt Nam", id="viet_nam"),
        pytest.param("Céng hoµ x· héi chñ nghÜa", "Cộng hoà xã hội chủ nghĩa", id="quoc_hieu"),
        pytest.param("B¶o Th¾ng", "Bảo Thắng", id="bao_thang"),
        pytest.param("M\xadêng Kh\xad¬ng", "Mường Khương", id="soft_hyphen_is_u_horn"),
        pytest.param("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc", id="tieu_ngu"),
        pytest.param("CéNG HOµ X· HéI CHñ NGHÜA VIÖT NAM", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", id="caps_line"),
    ],
)
def test_real_tcvn3_pairs(legacy: str, unicode: str) -> None:
    assert to_unicode(legacy, "TCVN3") == unicode
    assert from_unicode(unicode, "TCVN3") == legacy


@pytest.mark.parametrize(
    ("legacy", "unicode"),
    [
        pytest.param("Vieät Nam", "Việt Nam", id="viet_nam"),
        pytest.param("Coäng hoøa", "Cộng hòa", id="cong_hoa"),
        pytest.param("Xin chaøo caùc baïn", "Xin chào các bạn", id="xin_chao"),
        pytest.param("ngöôøi ñöùng ñaàu", "người đứng đầu", id="nguoi_dung_dau"),
        pytest.param("COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", id="caps"),
    ],
)
def test_real_vni_pairs(legacy: str, unicode: str) -> None:
    assert to_unicode(legacy, "VNI") == unicode
    assert from_unicode(unicode, "VNI") == legacy


DOCUMENT = (
    "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
    "Quảng Ngãi, ngày 15 tháng 4 năm 2020\nVề việc tăng cường công tác phòng, chống dịch bệnh;"
    " yêu cầu các sở, ngành báo cáo kết quả trước ngày 30 tháng 4 năm 2020.\nNơi nhận:\n- Như trên;\n- Lưu: VT."
)


@pytest.mark.parametrize("encoding", ["TCVN3", "VNI"])
def test_a_legacy_document_is_detected_and_converted(encoding: str) -> None:
    legacy = from_unicode(DOCUMENT, encoding)
    assert detect(legacy) == encoding
    assert to_unicode(legacy, encoding) == DOCUMENT


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(DOCUMENT, id="unicode_vietnamese"),
        pytest.param(DOCUMENT.lower(), id="unicode_lowercase"),
        pytest.param("Hà Nội, ngày 5 tháng 3 năm 2024. Số: 12/CT-UBND. Về việc thi đua.", id="short_unicode"),
        pytest.param("The café in Zürich serves crème brûlée; the naïve fiancé sent his résumé.", id="english"),
        pytest.param("Report on the 2024 budget, section 3.1 (draft).", id="ascii"),
        pytest.param("Señor Muñoz está aquí: él habló con José y María en Málaga.", id="spanish"),
    ],
)
def test_detection_does_not_fire_on_unicode_or_english(text: str) -> None:
    assert detect(text) is None


def test_syllables() -> None:
    assert all(is_syllable(w) for w in ["nghiêng", "người", "khuyến", "Việt", "quả", "gì", "đã"])
    assert not any(is_syllable(w) for w in ["Hµ", "th¸ng", "Vieät", "café", "naïve", "hoàá"])


@pytest.mark.parametrize(
    ("legacy", "unicode"),
    [
        pytest.param("Uû BAN NH¢N D¢N HUYÖN B×NH S¥N", "UỶ BAN NHÂN DÂN HUYỆN BÌNH SƠN", id="caps_line_short_word"),
        pytest.param("Sè: 215/UBND-VX", "Số: 215/UBND-VX", id="number_line_is_not_caps"),
        pytest.param("VÒ viÖc tæng kÕt", "Về việc tổng kết", id="sentence"),
    ],
)
def test_capitals_follow_the_words_typed_in_capitals(legacy: str, unicode: str) -> None:
    assert to_unicode(legacy, "TCVN3") == unicode
