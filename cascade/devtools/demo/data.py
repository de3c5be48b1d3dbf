"""The demo cascade: the bodies the seed documents name, and plausible units below them.

Kept as data so `load_demo` stays a short loop. Names follow the 2023 administrative map (the
seed documents predate the July 2025 reform, which removed the district level).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from directives.models import Organization

K = Organization.Kind
L = Organization.Level


@dataclass(frozen=True)
class OrgSpec:
    code: str
    name: str
    kind: str
    level: int
    symbol_code: str = ""
    aliases: tuple[str, ...] = ()
    place: str = ""
    is_party: bool = True
    children: tuple[OrgSpec, ...] = field(default_factory=tuple)


def _units(prefix: str, names: list[str], kind: str, level: int, place: str) -> tuple[OrgSpec, ...]:
    return tuple(
        OrgSpec(code=f"{prefix}-{i + 1:02d}", name=name, kind=kind, level=level, place=place)
        for i, name in enumerate(names)
    )


def _dong_nai_district(code: str, name: str, communes: list[str]) -> OrgSpec:
    grassroots = tuple(
        OrgSpec(
            code=f"{code}-{i + 1:02d}",
            name=commune,
            kind=K.PARTY_COMMITTEE,
            level=L.GRASSROOTS,
            place="Đồng Nai",
            children=_units(
                f"{code}-{i + 1:02d}-cb",
                [f"Chi bộ ấp {n}" for n in ("1", "2")],
                K.PARTY_CELL,
                L.CELL,
                "Đồng Nai",
            )
            if i == 0
            else (),
        )
        for i, commune in enumerate(communes)
    )
    return OrgSpec(
        code=code,
        name=name,
        kind=K.PARTY_COMMITTEE,
        level=L.DISTRICT,
        symbol_code="HU",
        place="Đồng Nai",
        children=grassroots,
    )


DONG_NAI = OrgSpec(
    code="tu-dongnai",
    name="Tỉnh ủy Đồng Nai",
    kind=K.PARTY_COMMITTEE,
    level=L.PROVINCE,
    symbol_code="TU",
    aliases=("Thường trực Tỉnh ủy Đồng Nai", "Ban Thường vụ Tỉnh ủy Đồng Nai"),
    place="Đồng Nai",
    children=(
        OrgSpec(
            "btg-dongnai",
            "Ban Tuyên giáo Tỉnh ủy Đồng Nai",
            K.ADVISORY_BOARD,
            L.PROVINCE,
            "BTGTU",
            ("Ban Tuyên giáo Tỉnh ủy", "BTG Tỉnh ủy Đồng Nai"),
            "Đồng Nai",
        ),
        OrgSpec(
            "vptu-dongnai",
            "Văn phòng Tỉnh ủy Đồng Nai",
            K.ADVISORY_BOARD,
            L.PROVINCE,
            "VPTU",
            (),
            "Đồng Nai",
        ),
        _dong_nai_district(
            "hu-bienhoa",
            "Thành ủy Biên Hòa",
            [
                "Đảng ủy phường Tân Phong",
                "Đảng ủy phường Trảng Dài",
                "Đảng ủy phường Hố Nai",
                "Đảng ủy phường Long Bình",
            ],
        ),
        _dong_nai_district(
            "hu-longkhanh",
            "Thành ủy Long Khánh",
            ["Đảng ủy phường Xuân An", "Đảng ủy phường Xuân Trung", "Đảng ủy xã Bảo Quang"],
        ),
        _dong_nai_district(
            "hu-trangbom",
            "Huyện ủy Trảng Bom",
            [
                "Đảng ủy xã Hố Nai 3",
                "Đảng ủy xã Bắc Sơn",
                "Đảng ủy xã Sông Trầu",
                "Đảng ủy thị trấn Trảng Bom",
            ],
        ),
        _dong_nai_district(
            "hu-nhontrach",
            "Huyện ủy Nhơn Trạch",
            ["Đảng ủy xã Phước Thiền", "Đảng ủy xã Long Tân", "Đảng ủy xã Hiệp Phước"],
        ),
        _dong_nai_district(
            "hu-dinhquan",
            "Huyện ủy Định Quán",
            ["Đảng ủy thị trấn Định Quán", "Đảng ủy xã Phú Lợi", "Đảng ủy xã La Ngà"],
        ),
        OrgSpec(
            "duk-dongnai",
            "Đảng ủy Khối các cơ quan tỉnh Đồng Nai",
            K.PARTY_COMMITTEE,
            L.DISTRICT,
            "ĐUK",
            ("Đảng ủy trực thuộc tỉnh",),
            "Đồng Nai",
        ),
        OrgSpec(
            "tinhdoan-dongnai",
            "Tỉnh đoàn Đồng Nai",
            K.YOUTH_UNION,
            L.PROVINCE,
            "TĐTN",
            ("Ban Thường vụ Tỉnh đoàn Đồng Nai", "Tỉnh đoàn"),
            "Đồng Nai",
        ),
        OrgSpec("bao-dongnai", "Báo Đồng Nai", K.PRESS, L.DISTRICT, "", (), "Đồng Nai", False),
    ),
)

QUANG_NGAI = OrgSpec(
    code="tu-quangngai",
    name="Tỉnh ủy Quảng Ngãi",
    kind=K.PARTY_COMMITTEE,
    level=L.PROVINCE,
    symbol_code="TU",
    place="Quảng Ngãi",
    children=(
        OrgSpec(
            "vptu-quangngai",
            "Văn phòng Tỉnh ủy Quảng Ngãi",
            K.ADVISORY_BOARD,
            L.PROVINCE,
            "VPTU",
            ("VPTU Quảng Ngãi",),
            "Quảng Ngãi",
        ),
        OrgSpec(
            "btg-quangngai",
            "Ban Tuyên giáo Tỉnh ủy Quảng Ngãi",
            K.ADVISORY_BOARD,
            L.PROVINCE,
            "BTGTU",
            (),
            "Quảng Ngãi",
        ),
        OrgSpec("hu-binhson", "Huyện ủy Bình Sơn", K.PARTY_COMMITTEE, L.DISTRICT, "HU", (), "Quảng Ngãi"),
        OrgSpec(
            "tu-tpquangngai",
            "Thành ủy Quảng Ngãi",
            K.PARTY_COMMITTEE,
            L.DISTRICT,
            "TU",
            (),
            "Quảng Ngãi",
        ),
        OrgSpec(
            "du-congan-qn",
            "Đảng ủy Công an tỉnh Quảng Ngãi",
            K.PARTY_COMMITTEE,
            L.DISTRICT,
            "ĐU",
            (),
            "Quảng Ngãi",
        ),
        OrgSpec(
            "tinhdoan-quangngai",
            "Tỉnh đoàn Quảng Ngãi",
            K.YOUTH_UNION,
            L.PROVINCE,
            "TĐTN",
            (),
            "Quảng Ngãi",
        ),
    ),
)

_DHQG_SCHOOLS = [
    "Trường Đại học Bách khoa",
    "Trường Đại học Khoa học Tự nhiên",
    "Trường Đại học Khoa học Xã hội và Nhân văn",
    "Trường Đại học Quốc tế",
    "Trường Đại học Công nghệ Thông tin",
    "Trường Đại học Kinh tế - Luật",
]

HO_CHI_MINH = OrgSpec(
    code="tu-hcm",
    name="Thành ủy Thành phố Hồ Chí Minh",
    kind=K.PARTY_COMMITTEE,
    level=L.PROVINCE,
    symbol_code="TU",
    aliases=("Thành ủy TP.HCM", "Ban Thường vụ Thành ủy"),
    place="Thành phố Hồ Chí Minh",
    children=(
        OrgSpec(
            "btg-hcm",
            "Ban Tuyên giáo Thành ủy Thành phố Hồ Chí Minh",
            K.ADVISORY_BOARD,
            L.PROVINCE,
            "BTGTU",
            ("Ban Tuyên giáo Thành ủy", "BTG Thành ủy TP.HCM"),
            "Thành phố Hồ Chí Minh",
        ),
        OrgSpec(
            "duk-hcm",
            "Đảng ủy Khối Dân - Chính - Đảng Thành phố",
            K.PARTY_COMMITTEE,
            L.DISTRICT,
            "ĐUK",
            ("Đảng ủy Khối",),
            "Thành phố Hồ Chí Minh",
            children=(
                OrgSpec(
                    "btg-duk-hcm",
                    "Ban Tuyên giáo Đảng ủy Khối Dân - Chính - Đảng Thành phố",
                    K.ADVISORY_BOARD,
                    L.DISTRICT,
                    "BTGDUK",
                    ("Ban Tuyên giáo Đảng ủy Khối",),
                    "Thành phố Hồ Chí Minh",
                ),
                *_units(
                    "duk-hcm-cs",
                    [
                        "Đảng bộ Văn phòng Thành ủy",
                        "Đảng bộ Báo Sài Gòn Giải Phóng",
                        "Chi bộ Hội Liên hiệp Phụ nữ Thành phố",
                        "Đảng bộ Thành Đoàn",
                    ],
                    K.PARTY_COMMITTEE,
                    L.GRASSROOTS,
                    "Thành phố Hồ Chí Minh",
                ),
            ),
        ),
        OrgSpec(
            "du-dhqg",
            "Đảng ủy Đại học Quốc gia Thành phố Hồ Chí Minh",
            K.PARTY_COMMITTEE,
            L.DISTRICT,
            "ĐU",
            ("Đảng ủy ĐHQG-HCM",),
            "Thành phố Hồ Chí Minh",
            children=(
                OrgSpec(
                    "btg-dhqg",
                    "Ban Tuyên giáo Đảng ủy Đại học Quốc gia Thành phố Hồ Chí Minh",
                    K.ADVISORY_BOARD,
                    L.DISTRICT,
                    "BTGĐU",
                    ("Ban Tuyên giáo Đảng ủy ĐHQG-HCM",),
                    "Thành phố Hồ Chí Minh",
                ),
                OrgSpec(
                    "cd-dhqg",
                    "Công đoàn Đại học Quốc gia Thành phố Hồ Chí Minh",
                    K.TRADE_UNION,
                    L.DISTRICT,
                    "CĐ",
                    ("Công đoàn ĐHQG-HCM", "Ban Thường vụ Công đoàn ĐHQG-HCM"),
                    "Thành phố Hồ Chí Minh",
                    False,
                    children=_units(
                        "cd-dhqg-cs",
                        [f"Công đoàn cơ sở {s}" for s in _DHQG_SCHOOLS] + ["Công đoàn cơ sở Cơ quan ĐHQG-HCM"],
                        K.TRADE_UNION,
                        L.GRASSROOTS,
                        "Thành phố Hồ Chí Minh",
                    ),
                ),
                *_units(
                    "du-dhqg-cs",
                    [f"Đảng bộ {s}" for s in _DHQG_SCHOOLS],
                    K.PARTY_COMMITTEE,
                    L.GRASSROOTS,
                    "Thành phố Hồ Chí Minh",
                ),
            ),
        ),
        OrgSpec(
            "thanhdoan-hcm",
            "Thành đoàn Thành phố Hồ Chí Minh",
            K.YOUTH_UNION,
            L.PROVINCE,
            "TĐTN",
            ("Thành Đoàn TP.HCM",),
            "Thành phố Hồ Chí Minh",
        ),
    ),
)

TREE = OrgSpec(
    code="tw",
    name="Ban Chấp hành Trung ương Đảng",
    kind=K.PARTY_CENTRAL,
    level=L.CENTRAL,
    symbol_code="TW",
    aliases=("Trung ương", "BCH Trung ương"),
    place="Hà Nội",
    children=(
        OrgSpec(
            "bct",
            "Bộ Chính trị",
            K.PARTY_CENTRAL,
            L.CENTRAL,
            "TW",
            ("Bộ Chính trị khóa XIII",),
            "Hà Nội",
        ),
        OrgSpec(
            "btgtw",
            "Ban Tuyên giáo Trung ương",
            K.ADVISORY_BOARD,
            L.CENTRAL,
            "BTGTW",
            ("Ban Tuyên giáo TW", "BTG TW"),
            "Hà Nội",
        ),
        OrgSpec("vptw", "Văn phòng Trung ương Đảng", K.ADVISORY_BOARD, L.CENTRAL, "VPTW", (), "Hà Nội"),
        OrgSpec(
            "twd",
            "Trung ương Đoàn TNCS Hồ Chí Minh",
            K.YOUTH_UNION,
            L.CENTRAL,
            "TWĐTN",
            (
                "Ban Chấp hành Trung ương Đoàn TNCS Hồ Chí Minh",
                "Ban Bí thư Trung ương Đoàn",
                "TW Đoàn",
            ),
            "Hà Nội",
            children=(
                OrgSpec(
                    "twd-baochi",
                    "Báo Tuổi Trẻ",
                    K.PRESS,
                    L.PROVINCE,
                    "",
                    ("Các cơ quan báo chí của Đoàn",),
                    "Thành phố Hồ Chí Minh",
                    False,
                ),
                OrgSpec(
                    "twd-congthongtin",
                    "Cổng thông tin Trung ương Đoàn",
                    K.PRESS,
                    L.PROVINCE,
                    "",
                    ("Cổng thông tin TW Đoàn",),
                    "Hà Nội",
                    False,
                ),
            ),
        ),
        DONG_NAI,
        QUANG_NGAI,
        HO_CHI_MINH,
    ),
)


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    email: str
    org_code: str
    role: str
    title: str
    is_staff: bool = False
    is_superuser: bool = False


DEMO_PASSWORD = "cascade-demo"

USERS = (
    DemoUser(
        "quantri",
        "Quản trị hệ thống",
        "quantri@cascade.local",
        "tw",
        "admin",
        "Quản trị viên",
        is_staff=True,
        is_superuser=True,
    ),
    DemoUser(
        "lanhdao",
        "Nguyễn Văn Lãnh",
        "lanhdao@cascade.local",
        "tu-dongnai",
        "leader",
        "Phó Trưởng Ban Tuyên giáo Tỉnh ủy",
    ),
    DemoUser(
        "canbo",
        "Trần Thị Bình",
        "canbo@cascade.local",
        "tu-dongnai",
        "staff",
        "Chuyên viên Ban Tuyên giáo Tỉnh ủy",
        is_staff=True,
    ),
    DemoUser(
        "thuky",
        "Lê Minh Thư",
        "thuky@cascade.local",
        "hu-trangbom",
        "secretary",
        "Chánh Văn phòng Huyện ủy",
    ),
    DemoUser(
        "thuky2",
        "Phạm Quốc Kỳ",
        "thuky2@cascade.local",
        "hu-bienhoa",
        "secretary",
        "Chuyên viên Văn phòng Thành ủy",
    ),
)
