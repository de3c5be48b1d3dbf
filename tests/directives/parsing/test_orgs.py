"""Accent folding and organisation matching."""

from __future__ import annotations

import itertools

import pytest

from directives.parsing.orgs import OrgCandidate, canonical_name, fold, match_organization, same_org
from directives.parsing.vntext import title_case

ORGS = [
    OrgCandidate(1, ("Ban Tuyên giáo Tỉnh ủy Đồng Nai", "BTG TU Đồng Nai")),
    OrgCandidate(2, ("Ban Tuyên giáo Trung ương", "BTGTW")),
    OrgCandidate(3, ("Công đoàn Đại học Quốc gia Thành phố Hồ Chí Minh", "Công đoàn ĐHQG-HCM")),
    OrgCandidate(4, ("Ủy ban nhân dân tỉnh Đồng Nai",)),
    OrgCandidate(5, ("Bộ Chính trị",)),
    OrgCandidate(6, ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Đồng Nai",)),
]


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("quán triệt", "quan triet"),
        ("Quán  triệt!", "quan triet"),
        ("ĐẢNG ỦY", "dang uy"),
        ("Tỉnh uỷ", "tinh uy"),
        ("Tỉnh ủy", "tinh uy"),
        ("hoà / hòa", "hoa hoa"),
        ("Đại học Quốc gia TP.HCM", "dai hoc quoc gia tp hcm"),
        ("", ""),
    ],
)
def test_fold(raw: str, folded: str) -> None:
    assert fold(raw) == folded


def test_fold_handles_decomposed_text() -> None:
    import unicodedata

    assert fold(unicodedata.normalize("NFD", "Tuyên giáo")) == "tuyen giao"


def test_canonical_name_expands_abbreviations() -> None:
    assert canonical_name("BTG TU") == "ban tuyen giao tinh uy"
    assert canonical_name("MTTQ") == "mat tran to quoc"
    assert canonical_name("ĐHQG-HCM") == "dai hoc quoc gia ho chi minh"


@pytest.mark.parametrize(
    ("name", "expected_id"),
    [
        ("Ban Tuyên giáo Tỉnh uỷ Đồng Nai", 1),
        ("BAN TUYÊN GIÁO TỈNH ỦY ĐỒNG NAI", 1),
        ("BTG Tỉnh ủy Đồng Nai", 1),
        ("Ban Tuyên giáo TW", 2),
        ("Ban Tuyên giáo Trung ương", 2),
        ("Ban Thường vụ Công đoàn ĐHQG-HCM", 3),
        ("Công đoàn Đại học Quốc gia TP Hồ Chí Minh", 3),
        ("UBND tỉnh Đồng Nai", 4),
        ("Bộ Chính trị", 5),
        ("Ủy ban MTTQ Việt Nam tỉnh Đồng Nai", 6),
    ],
)
def test_match_organization_best_first(name: str, expected_id: int) -> None:
    matches = match_organization(name, ORGS)
    assert matches, name
    assert matches[0].id == expected_id
    assert all(a.score >= b.score for a, b in itertools.pairwise(matches))
    assert 0 <= matches[0].score <= 100


def test_no_match_below_threshold() -> None:
    assert match_organization("Hội Nông dân xã Tân Phú", ORGS, threshold=85) == []


def test_same_org() -> None:
    assert same_org(
        "Công đoàn ĐHQG-HCM", "Ban Thường vụ Công đoàn Đại học Quốc gia Thành phố Hồ Chí Minh"
    )
    assert same_org("Ban Tuyên giáo Tỉnh ủy", "Ban Tuyên giáo Tỉnh uỷ")
    assert not same_org("Các Công đoàn cơ sở", "Công đoàn ĐHQG-HCM")
    assert not same_org("Tỉnh ủy", "Ban Tuyên giáo Tỉnh ủy")
    assert not same_org("Ban Tuyên giáo các huyện ủy", "Ban Tuyên giáo Tỉnh ủy")


@pytest.mark.parametrize(
    ("upper", "proper"),
    [
        ("BAN TUYÊN GIÁO TRUNG ƯƠNG", "Ban Tuyên giáo Trung ương"),
        ("TỈNH ỦY QUẢNG NGÃI", "Tỉnh ủy Quảng Ngãi"),
        ("ĐOÀN TNCS HỒ CHÍ MINH", "Đoàn TNCS Hồ Chí Minh"),
        ("CÔNG ĐOÀN ĐHQG-HCM", "Công đoàn ĐHQG-HCM"),
        ("ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI", "Ủy ban nhân dân tỉnh Đồng Nai"),
        ("THÀNH ĐOÀN TP.HCM", "Thành đoàn TP.HCM"),
        ("ĐẢNG ỦY KHỐI CƠ QUAN VÀ DOANH NGHIỆP TỈNH", "Đảng ủy Khối Cơ quan và Doanh nghiệp tỉnh"),
        ("BỘ CHÍNH TRỊ", "Bộ Chính trị"),
    ],
)
def test_title_case(upper: str, proper: str) -> None:
    assert title_case(upper) == proper
