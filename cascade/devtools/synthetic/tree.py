"""The synthetic national organisation tree: provinces, districts, communes, cells, central bodies."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from directives.models import DocumentType, Organization

STEP = Organization.steplen
ALPHABET = Organization.alphabet
PASSWORD = "cascade-demo"  # same as the demo: these are throwaway benchmark accounts
L = Organization.Level
K = Organization.Kind

# (code, name, centrally-run city, approximate number of communes and wards after the 2025 merger)
PROVINCES: tuple[tuple[str, str, bool, int], ...] = (
    ("hanoi", "Hà Nội", True, 126),
    ("hue", "Huế", True, 40),
    ("haiphong", "Hải Phòng", True, 114),
    ("danang", "Đà Nẵng", True, 94),
    ("hcm", "Thành phố Hồ Chí Minh", True, 168),
    ("cantho", "Cần Thơ", True, 103),
    ("laichau", "Lai Châu", False, 38),
    ("dienbien", "Điện Biên", False, 45),
    ("sonla", "Sơn La", False, 75),
    ("langson", "Lạng Sơn", False, 65),
    ("quangninh", "Quảng Ninh", False, 54),
    ("thanhhoa", "Thanh Hóa", False, 166),
    ("nghean", "Nghệ An", False, 130),
    ("hatinh", "Hà Tĩnh", False, 69),
    ("caobang", "Cao Bằng", False, 56),
    ("tuyenquang", "Tuyên Quang", False, 124),
    ("laocai", "Lào Cai", False, 99),
    ("thainguyen", "Thái Nguyên", False, 92),
    ("phutho", "Phú Thọ", False, 148),
    ("bacninh", "Bắc Ninh", False, 99),
    ("hungyen", "Hưng Yên", False, 104),
    ("ninhbinh", "Ninh Bình", False, 129),
    ("quangtri", "Quảng Trị", False, 78),
    ("quangngai", "Quảng Ngãi", False, 96),
    ("gialai", "Gia Lai", False, 135),
    ("khanhhoa", "Khánh Hòa", False, 65),
    ("lamdong", "Lâm Đồng", False, 124),
    ("daklak", "Đắk Lắk", False, 102),
    ("dongnai", "Đồng Nai", False, 95),
    ("tayninh", "Tây Ninh", False, 96),
    ("vinhlong", "Vĩnh Long", False, 124),
    ("dongthap", "Đồng Tháp", False, 102),
    ("camau", "Cà Mau", False, 64),
    ("angiang", "An Giang", False, 102),
)
COMMUNES_AT_FULL_SCALE = 3321

CENTRAL_BODIES = (
    ("bct", "Bộ Chính trị", "TW"),
    ("bbt", "Ban Bí thư", "TW"),
    ("btgdvtw", "Ban Tuyên giáo và Dân vận Trung ương", "BTGDVTW"),
    ("vptw", "Văn phòng Trung ương Đảng", "VPTW"),
    ("btctw", "Ban Tổ chức Trung ương", "BTCTW"),
    ("ubkttw", "Ủy ban Kiểm tra Trung ương", "UBKTTW"),
)
CENTRAL_PARTY_ORGS = (
    ("dbcqd", "Đảng bộ các cơ quan Đảng Trung ương", ("Ban Tổ chức", "Ban Nội chính", "Ban Chính sách, chiến lược")),
    ("dbcp", "Đảng bộ Chính phủ", ("Bộ Tài chính", "Bộ Xây dựng", "Bộ Công Thương", "Bộ Nông nghiệp và Môi trường")),
    ("dbqh", "Đảng bộ Quốc hội", ("Văn phòng Quốc hội", "Hội đồng Dân tộc", "Ủy ban Pháp luật và Tư pháp")),
    ("dbmttw", "Đảng bộ Mặt trận Tổ quốc, các đoàn thể Trung ương", ("Trung ương Đoàn", "Tổng Liên đoàn Lao động")),
    ("qutw", "Đảng bộ Quân đội", ("Tổng cục Chính trị", "Bộ Tổng Tham mưu", "Quân khu 7")),
    ("dbca", "Đảng bộ Công an Trung ương", ("Cục Chính trị", "Văn phòng Bộ Công an", "Cục An ninh mạng")),
)
AGENCY_COMMITTEES = (
    "Đảng ủy các cơ quan Đảng",
    "Đảng ủy Ủy ban nhân dân",
    "Đảng ủy Quân sự",
    "Đảng ủy Công an",
    "Đảng ủy Mặt trận Tổ quốc và các đoàn thể",
)
PLACE_SYLLABLES = (
    "An", "Bình", "Hòa", "Tân", "Phú", "Long", "Thạnh", "Hiệp", "Phước", "Xuân", "Đông", "Tây", "Nam", "Bắc",
    "Trung", "Mỹ", "Thanh", "Vĩnh", "Hưng", "Lộc", "Thọ", "Sơn", "Hải", "Quang", "Minh", "Đức", "Thuận",
    "Hà", "Kim", "Cẩm", "Ngọc", "Tiến", "Thắng", "Lợi", "Hợp", "Phong", "Lâm", "Tường", "Khánh", "Thịnh",
)  # fmt: skip
GRASSROOTS_KINDS = (
    "Chi bộ Trường Tiểu học",
    "Chi bộ Trường Trung học cơ sở",
    "Chi bộ Trạm Y tế",
    "Chi bộ Công an",
    "Chi bộ Quân sự",
    "Đảng bộ bộ phận thôn",
    "Đảng bộ bộ phận khu phố",
    "Chi bộ Hợp tác xã",
    "Đảng bộ Công ty",
    "Chi bộ cơ quan",
)
CELL_KINDS = ("Chi bộ thôn", "Chi bộ khu phố", "Chi bộ ấp", "Chi bộ tổ dân phố", "Chi bộ")


@dataclass(frozen=True)
class DirectiveSpec:
    number: str
    doc_type: str
    issuer: str  # "bct" or "bbt"
    subject: str
    started_days_ago: int
    reach: int  # deepest organisation depth its cascade assigns tasks to (2 = provinces … 5 = cells)


DIRECTIVES = (
    DirectiveSpec(
        "57-KL/TW",
        DocumentType.KL,
        "bct",
        "về tiếp tục nâng cao chất lượng, hiệu quả công tác thông tin đối ngoại trong tình hình mới",
        720,
        5,
    ),
    DirectiveSpec(
        "09-CT/TW",
        DocumentType.CT,
        "bbt",
        "về tăng cường sự lãnh đạo của Đảng đối với công tác phổ biến, giáo dục pháp luật ở cơ sở",
        600,
        5,
    ),
    DirectiveSpec(
        "35-NQ/TW",
        DocumentType.NQ,
        "bct",
        "về bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm sai trái, thù địch",
        480,
        5,
    ),
    DirectiveSpec("12-KL/TW", DocumentType.KL, "bct", "về công tác bảo vệ chính trị nội bộ", 400, 4),
    DirectiveSpec("21-CT/TW", DocumentType.CT, "bbt", "về đẩy mạnh chuyển đổi số trong công tác tuyên giáo", 330, 4),
    DirectiveSpec(
        "44-KL/TW",
        DocumentType.KL,
        "bbt",
        "về học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        260,
        4,
    ),
    DirectiveSpec("18-CT/TW", DocumentType.CT, "bbt", "về tăng cường công tác tuyên truyền biển, đảo", 200, 3),
    DirectiveSpec("70-KL/TW", DocumentType.KL, "bct", "về nâng cao hiệu quả công tác thông tin cơ sở", 75, 3),
    DirectiveSpec("80-NQ/TW", DocumentType.NQ, "bct", "về phát triển văn hóa trong thời kỳ mới", 30, 2),
    DirectiveSpec(
        "27-CT/TW",
        DocumentType.CT,
        "bbt",
        "về lãnh đạo đại hội đảng bộ các cấp tiến tới Đại hội đại biểu toàn quốc",
        130,
        4,
    ),
)

# Days a body of each depth takes to pass a directive on (log-normal median, spread), and the share
# that never does.
LATENCY = {2: (16.0, 0.55, 0.01), 3: (14.0, 0.6, 0.04), 4: (11.0, 0.65, 0.06)}
DONE_STATUSES = ("submitted", "accepted")


@dataclass
class Tree:
    """Organisations as parallel arrays; index 0 is the national root."""

    path: list[str] = field(default_factory=list)
    depth: list[int] = field(default_factory=list)
    name: list[str] = field(default_factory=list)
    code: list[str] = field(default_factory=list)
    kind: list[str] = field(default_factory=list)
    level: list[int] = field(default_factory=list)
    symbol: list[str] = field(default_factory=list)
    place: list[str] = field(default_factory=list)
    parent: list[int] = field(default_factory=list)
    children: list[list[int]] = field(default_factory=list)
    diligence: list[float] = field(default_factory=list)
    by_code: dict[str, int] = field(default_factory=dict)

    def add(self, parent: int | None, *, name: str, code: str, kind: str, level: int, symbol: str, place: str) -> int:
        index = len(self.path)
        if parent is None:
            path = _step(len([p for p in self.parent if p == -1]) + 1)
            depth = 1
        else:
            self.children[parent].append(index)
            path = self.path[parent] + _step(len(self.children[parent]))
            depth = self.depth[parent] + 1
        self.path.append(path)
        self.depth.append(depth)
        self.name.append(name)
        self.code.append(code)
        self.kind.append(kind)
        self.level.append(level)
        self.symbol.append(symbol)
        self.place.append(place)
        self.parent.append(-1 if parent is None else parent)
        self.children.append([])
        self.diligence.append(0.0)
        self.by_code[code] = index
        return index

    def __len__(self) -> int:
        return len(self.path)


def _step(n: int) -> str:
    digits = ""
    while n:
        n, r = divmod(n, len(ALPHABET))
        digits = ALPHABET[r] + digits
    return digits.rjust(STEP, "0")


def _allocate(total: int, weights: Sequence[float], minimum: int = 0) -> list[int]:
    """Split `total` into integer shares proportional to `weights` (largest remainder), each >= minimum."""
    n = len(weights)
    if n == 0:
        return []
    base = [minimum] * n
    rest = total - minimum * n
    if rest <= 0:
        return base
    weight_sum = sum(weights) or 1.0
    raw = [rest * w / weight_sum for w in weights]
    shares = [math.floor(x) for x in raw]
    left = rest - sum(shares)
    for i in sorted(range(n), key=lambda i: raw[i] - shares[i], reverse=True)[:left]:
        shares[i] += 1
    return [b + s for b, s in zip(base, shares, strict=True)]


def build_tree(*, units: int, rng: random.Random) -> Tree:
    tree = Tree()
    root = tree.add(
        None, name="Ban Chấp hành Trung ương Đảng", code="tw", kind=K.PARTY_CENTRAL, level=L.CENTRAL, symbol="TW",
        place="Hà Nội",
    )  # fmt: skip
    for code, name, symbol in CENTRAL_BODIES:
        kind: str = K.PARTY_CENTRAL if code in ("bct", "bbt") else K.ADVISORY_BOARD
        tree.add(root, name=name, code=code, kind=kind, level=L.CENTRAL, symbol=symbol, place="Hà Nội")
    central_orgs = [
        tree.add(root, name=name, code=code, kind=K.PARTY_COMMITTEE, level=L.PROVINCE, symbol="ĐU", place="Hà Nội")
        for code, name, _ in CENTRAL_PARTY_ORGS
    ]
    provinces = []
    for code, name, city, _ in PROVINCES:
        committee = f"{'Thành ủy' if city else 'Tỉnh ủy'} {name}"
        p = tree.add(root, name=committee, code=f"tu-{code}", kind=K.PARTY_COMMITTEE, level=L.PROVINCE,
                     symbol="TU", place=name)  # fmt: skip
        board = "Thành ủy" if city else "Tỉnh ủy"
        tree.add(p, name=f"Ban Tuyên giáo và Dân vận {board} {name}", code=f"btgdv-{code}", kind=K.ADVISORY_BOARD,
                 level=L.PROVINCE, symbol="BTGDVTU", place=name)  # fmt: skip
        tree.add(p, name=f"Văn phòng {board} {name}", code=f"vptu-{code}", kind=K.ADVISORY_BOARD, level=L.PROVINCE,
                 symbol="VPTU", place=name)  # fmt: skip
        provinces.append(p)

    fixed = len(tree)
    rest = units - fixed
    if rest < 3 * (len(provinces) + len(central_orgs)):
        raise ValueError(f"--units must be at least {fixed + 3 * (len(provinces) + len(central_orgs))}")
    full_rest = 300_000 - 115
    n3 = max(len(provinces) + len(central_orgs), round(rest * 3551 / full_rest))
    n4 = max(n3, round(rest * 52_000 / full_rest))
    n5 = max(0, rest - n3 - n4)

    # Depth 3: communes, wards and agency committees of each province; ministries' committees.
    parents3 = provinces + central_orgs
    weights3 = [PROVINCES[i][3] + len(AGENCY_COMMITTEES) for i in range(len(provinces))] + [12] * len(central_orgs)
    shares3 = _allocate(n3, weights3, minimum=1)
    level3: list[int] = []
    agency: set[int] = set()
    for parent, share in zip(parents3, shares3, strict=True):
        is_central = parent in central_orgs
        place = tree.place[parent]
        names = CENTRAL_PARTY_ORGS[central_orgs.index(parent)][2] if is_central else ()
        n_agency = 0 if is_central else min(len(AGENCY_COMMITTEES), share // 4)
        for i in range(share):
            code = f"{tree.code[parent]}-{i + 1:03d}"
            if is_central:
                label = names[i % len(names)] + (f" {i // len(names) + 1}" if i >= len(names) else "")
                node = tree.add(parent, name=f"Đảng ủy {label}", code=code, kind=K.PARTY_COMMITTEE, level=L.DISTRICT,
                                symbol="ĐU", place=place)  # fmt: skip
                agency.add(node)
            elif i < n_agency:
                node = tree.add(parent, name=f"{AGENCY_COMMITTEES[i]} tỉnh {place}", code=code,
                                kind=K.PARTY_COMMITTEE, level=L.DISTRICT, symbol="ĐU", place=place)  # fmt: skip
                agency.add(node)
            else:
                kind = "phường" if rng.random() < (0.45 if PROVINCES[provinces.index(parent)][2] else 0.18) else "xã"
                place_name = f"{rng.choice(PLACE_SYLLABLES)} {rng.choice(PLACE_SYLLABLES)}"
                node = tree.add(parent, name=f"Đảng ủy {kind} {place_name}", code=code, kind=K.PARTY_COMMITTEE,
                                level=L.DISTRICT, symbol="ĐU", place=place)  # fmt: skip
            level3.append(node)

    # Depth 4: grassroots organisations; agency committees have more of them.
    weights4 = [(3.0 if n in agency else 1.0) * rng.uniform(0.4, 1.6) for n in level3]
    level4: list[int] = []
    for parent, share in zip(level3, _allocate(n4, weights4, minimum=1), strict=True):
        for i in range(share):
            kind = GRASSROOTS_KINDS[(i + len(level4)) % len(GRASSROOTS_KINDS)]
            node = tree.add(parent, name=f"{kind} {i + 1}", code=f"{tree.code[parent]}-{i + 1:03d}",
                            kind=K.PARTY_COMMITTEE if kind.startswith("Đảng bộ") else K.PARTY_CELL,
                            level=L.GRASSROOTS, symbol="ĐU" if kind.startswith("Đảng bộ") else "CB",
                            place=tree.place[parent])  # fmt: skip
            level4.append(node)

    # Depth 5: cells; about a third of grassroots organisations (chi bộ cơ sở) have none.
    weights5 = [0.0 if rng.random() < 0.3 else rng.uniform(0.3, 1.7) for _ in level4]
    for parent, share in zip(level4, _allocate(n5, weights5), strict=True):
        for i in range(share):
            kind = CELL_KINDS[(parent + i) % len(CELL_KINDS)]
            tree.add(parent, name=f"{kind} {i + 1}", code=f"{tree.code[parent]}-{i + 1:02d}", kind=K.PARTY_CELL,
                     level=L.CELL, symbol="CB", place=tree.place[parent])  # fmt: skip

    # How diligent each body is: a provincial culture times its own habits.
    province_factor = {p: rng.betavariate(4, 2) for p in parents3}
    for i in range(len(tree)):
        ancestor = i
        while tree.depth[ancestor] > 2:
            ancestor = tree.parent[ancestor]
        culture = province_factor.get(ancestor, 0.75)
        tree.diligence[i] = min(1.0, max(0.0, 0.5 * culture + 0.5 * rng.betavariate(3, 1.6)))
    return tree


# --- COPY ---------------------------------------------------------------------------------------
