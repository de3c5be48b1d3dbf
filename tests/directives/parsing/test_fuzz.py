"""The parser never raises and stays linear on hostile input."""

from __future__ import annotations

import time
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from directives.parsing import parse_document, to_json_dict
from directives.parsing.model import ParseConfig
from directives.parsing.parser import _parse
from tests.paths import SEEDS

SEED_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
KEYWORDS = [
    "Số:",
    "Số ",
    "ngày",
    "tháng",
    "năm 2023",
    "trước ngày",
    "Kính gửi:",
    "Nơi nhận:",
    "T/M",
    "K/T",
    "TL.",
    "SAO LỤC",
    "ĐẾN",
    "Ngày:",
    "HƯỚNG DẪN",
    "57-KL/TW",
    "/CT-TTg",
    "Thời gian hoàn thành:",
    "hằng tháng",
    "quý IV/",
    "\n",
    "- ",
    "**",
    "<b>",
    "(",
    ")",
    "Đã ký:",
    "Nguyễn Văn A",
    "ĐẢNG CỘNG SẢN VIỆT NAM",
    "báo cáo",
    "về",
    "của",
]
CONFIG = ParseConfig()


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=3000))
def test_random_unicode(text: str) -> None:
    to_json_dict(_parse(text, CONFIG))


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=3000))
def test_random_bytes(data: bytes) -> None:
    to_json_dict(_parse(data.decode("utf-8", errors="replace"), CONFIG))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(KEYWORDS) | st.text(max_size=12), max_size=80))
def test_keyword_soup(parts: list[str]) -> None:
    to_json_dict(_parse(" ".join(parts), CONFIG))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(SEED_TEXTS),
    st.integers(min_value=0, max_value=20000),
    st.integers(min_value=0, max_value=400),
    st.sampled_from(["", "\n", "\n\n", "**", "\u00a0", "\t", "#", "<i>", "ĐẾN"]),
)
def test_mangled_seeds(text: str, cut: int, length: int, insert: str) -> None:
    mangled = text[:cut] + insert + text[cut + length :]
    to_json_dict(_parse(mangled, CONFIG))
    to_json_dict(_parse(unicodedata.normalize("NFD", mangled), CONFIG))


def test_empty_and_whitespace() -> None:
    for text in ("", " ", "\n\n\n", "\u00a0", "*", "Số:", "ngày tháng năm"):
        data = to_json_dict(_parse(text, CONFIG))
        assert data["number"] is None
        assert data["tasks"] == []


def test_non_string_input_does_not_raise() -> None:
    result = parse_document(None)  # type: ignore[arg-type]
    assert result.warnings


def _timed(text: str) -> float:
    started = time.perf_counter()
    _parse(text, CONFIG)
    return time.perf_counter() - started


def test_five_megabytes_of_text_finishes() -> None:
    big = ("\n".join(SEED_TEXTS) + "\n") * (5_000_000 // sum(map(len, SEED_TEXTS)) + 1)
    assert _timed(big[:5_000_000]) < 60


def test_pathological_inputs_stay_linear() -> None:
    cases = [
        "a" * 500_000,
        "1" * 500_000,
        "1-" * 250_000,
        "Ban " * 250_000,
        "trước ngày " * 100_000,
        "ngày 1/" * 150_000,
        ("SỐ: " + "A/" * 1000 + "\n") * 200,
        "o" + "ả" * 500_000,
        "-" * 500_000,
        "(" * 500_000,
        "Thời gian hoàn thành: " * 50_000,
        "\n" * 500_000,
        ("X " * 60 + "\n") * 5000,
    ]
    for text in cases:
        assert _timed(text) < 20, text[:30]
