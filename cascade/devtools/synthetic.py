"""A national-scale synthetic cascade for benchmarks: `manage.py seed_synthetic`.

The organisation tree has the shape of the Party since 1/7/2025 (research notes §B1): the Central
Committee → its advisory bodies, the Party organisations directly under it and 34 provinces /
centrally-run cities → the communes and wards (3,321 at full scale) plus the provinces' agency
committees and the ministries' committees → about 52,000 grassroots organisations → cells, up to
the number of units asked. Directives cascade down it as they do in the seeds: a directive of the
Politburo or the Secretariat, the central propaganda board's guidance, each body's own plan a few
weeks later, and so on to the cells — with bodies that are slow, and some that never pass it on.

Everything is drawn from one `random.Random(seed)` and dated relative to `as_of`, so the same
arguments build the same database. Rows are written with COPY and explicit ids (treebeard paths,
depth and numchild computed here); the roll-up triggers are off during the load and the roll-up
tables are rebuilt once at the end.

Names, numbers and subjects are invented; they only look like the real thing.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import random
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction

from directives.documents.search import fold
from directives.models import DeadlineEvent, Document, DocumentType, Organization, Task
from reports.dashboard.rollup import indexes_dropped, rollup_rebuild, set_rollup_triggers

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


def _cell(value: object) -> str:
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text:
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
    return text


def copy_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence[object] | str], batch: int = 100_000) -> int:
    """COPY rows (tuples, or lines already in COPY text format) into a table in batches."""
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    count = 0
    buffer = io.StringIO()
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg2 cursor (copy_expert)
        for row in rows:
            if isinstance(row, str):
                buffer.write(row)
            else:
                buffer.write("\t".join(_cell(v) for v in row))
                buffer.write("\n")
            count += 1
            if count % batch == 0:
                buffer.seek(0)
                raw.copy_expert(sql, buffer)
                buffer = io.StringIO()
        if buffer.tell():
            buffer.seek(0)
            raw.copy_expert(sql, buffer)
    return count


# --- the cascade --------------------------------------------------------------------------------


@dataclass
class Counter:
    value: int = 0

    def next(self) -> int:
        self.value += 1
        return self.value

    def iterator(self) -> Iterator[int]:
        while True:
            yield self.next()


@dataclass
class Output:
    documents: list[tuple] = field(default_factory=list)
    references: list[tuple] = field(default_factory=list)
    tasks: list[tuple] = field(default_factory=list)
    assignments: list[str] = field(default_factory=list)  # COPY lines


NULL = "\\N"


@cache
def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else NULL


@cache
def _stamp(day: dt.date, hour: int = 8, minute: int = 0) -> str:
    return f"{day.isoformat()} {hour:02d}:{minute:02d}:00+07"


def _month_end(day: dt.date) -> dt.date:
    first_next = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return first_next - dt.timedelta(days=1)


@dataclass
class Cascade:
    """Generates one directive's documents, tasks, assignments and deadline events."""

    tree: Tree
    rng: random.Random
    as_of: dt.date
    ids: dict[str, Counter]
    out: Output
    doc_numbers: dict[int, int]
    spec: DirectiveSpec
    index: int
    root_id: int = 0

    def __post_init__(self) -> None:
        self.assignment_ids = self.ids["assignment"].iterator()

    def run(self) -> None:
        spec, tree = self.spec, self.tree
        start = self.as_of - dt.timedelta(days=spec.started_days_ago)
        issuer = tree.by_code[spec.issuer]
        self.root_id = self._document(
            issuer=issuer, parent=None, issued=start, number=spec.number, doc_type=spec.doc_type,
            subject=f"Kết luận của {tree.name[issuer]} {spec.subject}" if spec.doc_type == DocumentType.KL
            else f"{DocumentType(spec.doc_type).label} của {tree.name[issuer]} {spec.subject}",
        )  # fmt: skip
        bodies = [c for c in tree.children[0] if tree.children[c]]  # provinces and central party organisations
        self._assign(
            self.root_id,
            start,
            bodies,
            [
                ("Quán triệt, xây dựng chương trình, kế hoạch thực hiện", Task.Requires.ACTION, 90),
                ("Báo cáo sơ kết một năm thực hiện", Task.Requires.REPORT, 365),
            ],
        )
        board = tree.by_code["btgdvtw"]
        guidance_day = start + dt.timedelta(days=self.rng.randint(20, 55))
        if guidance_day > self.as_of:
            return
        number = self._next_number(board, "HD")
        guidance = self._document(
            issuer=board, parent=self.root_id, issued=guidance_day, number=number, doc_type=DocumentType.HD,
            subject=f"Hướng dẫn nghiên cứu, học tập, quán triệt và triển khai thực hiện {spec.number}",
        )  # fmt: skip
        self._pass_on(guidance, guidance_day, bodies, depth=2)

    # Each body that received the guidance issues its own plan (or never does), assigning the level below.
    def _pass_on(self, document: int, issued: dt.date, recipients: list[int], *, depth: int) -> None:
        reach = self.spec.reach
        passes_on = depth < reach
        tasks = [
            (
                "Ban hành kế hoạch triển khai thực hiện" if passes_on else "Tổ chức quán triệt, triển khai thực hiện",
                Task.Requires.DOCUMENT if passes_on else Task.Requires.ACTION,
                30,
            ),
            ("Tổ chức hội nghị quán triệt đến cán bộ, đảng viên", Task.Requires.ACTION, 75),
        ]
        if depth >= 4:
            tasks = tasks[1:] if self.index % 2 else [*tasks[1:], ("Báo cáo kết quả", Task.Requires.REPORT, 60)]
            if passes_on:
                tasks.insert(0, ("Ban hành kế hoạch triển khai thực hiện", Task.Requires.DOCUMENT, 30))
        issued_by_unit = {}
        if passes_on:
            median, spread, never = LATENCY.get(depth, (12.0, 0.6, 0.06))
            for unit in recipients:
                diligence = self.tree.diligence[unit]
                if self.rng.random() < never * (1.6 - diligence):
                    continue
                days = max(1, round(self.rng.lognormvariate(math.log(median * (1.6 - diligence)), spread)))
                day = issued + dt.timedelta(days=days)
                if day <= self.as_of:
                    issued_by_unit[unit] = day
        self._assign(document, issued, recipients, tasks, issued_by_unit=issued_by_unit)
        for unit, day in issued_by_unit.items():
            child = self._document(
                issuer=unit, parent=document, issued=day, number=self._next_number(unit, "KH"),
                doc_type=DocumentType.KH, subject=f"Kế hoạch triển khai thực hiện {self.spec.number} của Trung ương",
            )  # fmt: skip
            receivers = [c for c in self.tree.children[unit] if self.tree.kind[c] != K.ADVISORY_BOARD]
            if receivers and depth + 1 <= reach:
                self._pass_on(child, day, receivers, depth=depth + 1)

    def _next_number(self, issuer: int, code: str) -> str:
        n = self.doc_numbers.get(issuer, 100 + self.rng.randint(0, 400))
        self.doc_numbers[issuer] = n + 1 + self.rng.randint(0, 6)
        return f"{n}-{code}/{self.tree.symbol[issuer]}"

    def _document(self, *, issuer: int, parent: int | None, issued: dt.date, number: str, doc_type: str,
                  subject: str) -> int:  # fmt: skip
        doc_id = self.ids["document"].next()
        tree = self.tree
        self.out.documents.append(
            (
                doc_id, number, number.split("-", 1)[1], doc_type, tree.name[issuer], tree.place[issuer],
                issued, "day", subject, "logged", fold(f"{number} {tree.name[issuer]} {subject}"),
                _stamp(issued), _stamp(issued), parent, None if parent is None else self.root_id, issuer + 1,
            )
        )  # fmt: skip
        if parent is not None:
            self.out.references.append((self.ids["reference"].next(), "implements", doc_id, parent))
        return doc_id

    def _assign(
        self,
        document: int,
        issued: dt.date,
        units: list[int],
        tasks: Sequence[tuple[str, str, int]],
        *,
        issued_by_unit: dict[int, dt.date] | None = None,
    ) -> None:
        issued_by_unit = issued_by_unit or {}
        issuer_org = None
        for ordinal, (text, requires, days) in enumerate(tasks, start=1):
            due = issued + dt.timedelta(days=days)
            deadline_text = f"chậm nhất ngày {due:%d/%m/%Y}"
            if requires == Task.Requires.ACTION and self.index % 2 == 0:
                due = _month_end(due)  # "trong tháng 10/2023", as half the guidance documents say
                deadline_text = f"trong tháng {due:%m/%Y}"
            task_id = self.ids["task"].next()
            kind = "within_month" if deadline_text.startswith("trong") else "by_date"
            self.out.tasks.append(
                (task_id, ordinal, f"{text} {self.spec.number}", deadline_text, kind, due, "", requires, "",
                 document, issuer_org)
            )  # fmt: skip
            for unit in units:
                self._assignment(task_id, unit, issued, due, requires, issued_by_unit.get(unit))

    def _assignment(
        self, task_id: int, unit: int, issued: dt.date, due: dt.date, requires: str, document_day: dt.date | None
    ) -> None:
        rng, as_of = self.rng, self.as_of
        diligence = self.tree.diligence[unit]
        submitted: dt.date | None = None
        if requires == Task.Requires.DOCUMENT:
            submitted = document_day
        else:
            horizon = min(as_of, due)
            if due <= as_of:
                if rng.random() < 0.5 + 0.47 * diligence:
                    if rng.random() < 0.35 + 0.6 * diligence:
                        submitted = due - dt.timedelta(days=int(rng.random() * max(1, (due - issued).days)))
                    else:
                        late = due + dt.timedelta(days=max(1, round(rng.lognormvariate(2.3, 0.9))))
                        submitted = late if late < as_of else None
            elif rng.random() < (0.2 + 0.7 * diligence) * ((as_of - issued).days / max(1, (due - issued).days)):
                submitted = issued + dt.timedelta(days=1 + int(rng.random() * max(1, (horizon - issued).days)))
        if submitted is not None and submitted > as_of:
            submitted = None
        assignment_id = next(self.assignment_ids)
        if submitted is not None:
            status = "accepted" if rng.random() < 0.7 else "submitted"
            submitted_at = _stamp(submitted, 8 + int(rng.random() * 9), int(rng.random() * 60))
            next_check = None
        else:
            status = "returned" if rng.random() < 0.03 else "pending"
            submitted_at = None
            next_check = due - dt.timedelta(days=7)
        # One COPY line (ASSIGNMENT_COLUMNS order), formatted here: 1.7 million rows at national scale.
        self.out.assignments.append(
            f"{assignment_id}\t0\t{_iso(due)}\t{status}\t{submitted_at or NULL}\t{_iso(submitted)}\t"
            f"{self.tree.path[unit]}\t{_iso(next_check)}\t{_stamp(issued)}\t{_stamp(submitted or issued)}\t"
            f"{self.root_id}\t{unit + 1}\t{task_id}\n"
        )


EVENT_OFFSETS = (
    (DeadlineEvent.Kind.REMINDER_7, -7),
    (DeadlineEvent.Kind.REMINDER_3, -3),
    (DeadlineEvent.Kind.REMINDER_1, -1),
    (DeadlineEvent.Kind.OVERDUE, 1),
    (DeadlineEvent.Kind.ESCALATION_1, 7),
    (DeadlineEvent.Kind.ESCALATION_2, 30),
)

ORG_COLUMNS = (
    "id", "path", "depth", "numchild", "name", "short_name", "code", "kind", "level", "symbol_code", "is_party",
    "place", "email", "phone", "search_name",
)  # fmt: skip
DOC_COLUMNS = (
    "id", "number", "symbol", "doc_type", "issuer_name", "place", "issued_on", "date_precision", "subject", "state",
    "search_text", "created_at", "updated_at", "primary_parent_id", "root_id", "issuer_id",
    "signer_name", "signer_capacity", "signer_title", "text", "source_file", "received_number", "searchable_file",
    "signatures",
)  # fmt: skip
TASK_COLUMNS = (
    "id", "ordinal", "text", "deadline_text", "deadline_kind", "due_on", "recurrence", "requires", "report_to_name",
    "document_id", "report_to_id",
)  # fmt: skip
ASSIGNMENT_COLUMNS = (
    "id", "period", "due_on", "status", "submitted_at", "submitted_on", "unit_path", "next_check_on", "created_at",
    "updated_at", "directive_id", "unit_id", "task_id",
)  # fmt: skip
REFERENCE_COLUMNS = ("id", "relation", "child_id", "parent_id")
DOMAIN_TABLES = (
    "directives_organization",
    "directives_document",
    "auth_user",
)


@dataclass(frozen=True)
class SeedSummary:
    organizations: int
    documents: int
    tasks: int
    assignments: int
    events: int
    users: int
    seconds: dict[str, float]


def _org_rows(tree: Tree, rng: random.Random) -> Iterable[tuple]:
    for i in range(len(tree)):
        area = 200 + (i * 7919) % 800
        yield (
            i + 1, tree.path[i], tree.depth[i], len(tree.children[i]), tree.name[i], "", tree.code[i], tree.kind[i],
            tree.level[i], tree.symbol[i], True, tree.place[i], f"{tree.code[i]}@cascade.example.vn",
            f"0{area} {rng.randint(3_000_000, 3_999_999)}", fold(tree.name[i]),
        )  # fmt: skip


def _users(tree: Tree) -> tuple[list[tuple], list[tuple]]:
    """Leaders for the root and every province, and a secretary for every body down to depth 3."""
    password = make_password(PASSWORD)
    users: list[tuple] = []
    memberships: list[tuple] = []
    joined = "2025-07-01 08:00:00+07"

    def person(username: str, first: str, last: str, org: int, role: str, title: str) -> None:
        uid = len(users) + 1
        users.append((uid, password, False, username, first, last, f"{username}@cascade.example.vn", False, True,
                      joined))  # fmt: skip
        memberships.append((len(memberships) + 1, role, title, joined, uid, org + 1))

    person("lanhdao.tw", "Nguyễn Văn", "Trung", 0, "leader", "Phó Trưởng Ban Tuyên giáo và Dân vận Trung ương")
    family = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ")
    given = ("Văn An", "Thị Bình", "Minh Châu", "Quốc Dũng", "Thị Hà", "Văn Hùng", "Thanh Lan", "Đức Minh")
    for i in tree.children[0]:
        if tree.code[i].startswith("tu-"):
            person(f"lanhdao.{tree.code[i][3:]}", "Trần Thị", "Tỉnh", i, "leader", "Phó Bí thư Thường trực")
    for i in range(len(tree)):
        if 2 <= tree.depth[i] <= 3 and tree.kind[i] != K.ADVISORY_BOARD:
            first, last = f"{family[i % len(family)]} {given[i % len(given)].split()[0]}", given[i % len(given)]
            person(f"thuky.{tree.code[i]}", first, last.split()[-1], i, "secretary", "Chánh Văn phòng")
    return users, memberships


def reset_domain_tables() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE directives_organization, directives_document, directives_calendaroverride, auth_user, "
            "reports_unitrollup, reports_documentrollup RESTART IDENTITY CASCADE"
        )


def _sync_sequences(tables: Sequence[str]) -> None:
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce((SELECT max(id) FROM {table}), 1))"
            )


def _insert_events(as_of: dt.date) -> int:
    """The deadline watcher's ledger, as it would stand on `as_of`: reminders 7, 3 and 1 days before
    the due date, then overdue and two escalations, for work not done on time (set-based, in SQL)."""
    offsets = ", ".join(f"('{kind}', {offset})" for kind, offset in EVENT_OFFSETS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO directives_deadlineevent (kind, due_on, created_at, processed_at, assignment_id)
            SELECT e.kind, a.due_on,
                   ((a.due_on + e.offset_days)::timestamp + interval '7 hours') AT TIME ZONE 'Asia/Ho_Chi_Minh',
                   ((a.due_on + e.offset_days)::timestamp + interval '7 hours 5 minutes')
                       AT TIME ZONE 'Asia/Ho_Chi_Minh',
                   a.id
            FROM directives_assignment AS a CROSS JOIN (VALUES {offsets}) AS e(kind, offset_days)
            WHERE a.due_on IS NOT NULL
              AND NOT (a.status IN ('submitted', 'accepted') AND a.submitted_on <= a.due_on)
              AND a.due_on + e.offset_days <= CASE WHEN a.status IN ('submitted', 'accepted')
                                                   THEN a.submitted_on - 1 ELSE %s END
              AND a.due_on + e.offset_days >= (a.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
            ORDER BY a.id, e.offset_days
            """,
            [as_of],
        )
        return cursor.rowcount


def _bulk_load_mode() -> bool:
    """Skip triggers during the load: as a superuser, replication mode (no per-row foreign-key events
    either: the ids are generated consistent); otherwise just the roll-up triggers (rebuilt after)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        row = cursor.fetchone()
        if row and row[0]:
            cursor.execute("SET LOCAL session_replication_role = replica")
            return True
    set_rollup_triggers(enabled=False)
    return False


def generate(*, units: int, directives: int, seed: int, as_of: dt.date) -> tuple[Tree, Output, random.Random]:
    """The whole synthetic nation in memory (pure: same arguments, same rows)."""
    rng = random.Random(seed)
    tree = build_tree(units=units, rng=rng)
    out = Output()
    ids = {name: Counter() for name in ("document", "task", "assignment", "event", "reference")}
    numbers: dict[int, int] = {}
    for index in range(directives):
        spec = DIRECTIVES[index % len(DIRECTIVES)]
        if index >= len(DIRECTIVES):
            n, rest = spec.number.split("-", 1)
            spec = DirectiveSpec(f"{int(n) + 100 * (index // len(DIRECTIVES))}-{rest}", spec.doc_type, spec.issuer,
                                 spec.subject, spec.started_days_ago + 30 * index, spec.reach)  # fmt: skip
        Cascade(tree, rng, as_of, ids, out, numbers, spec, index).run()
    return tree, out, rng


def seed_synthetic(
    *, units: int, directives: int, seed: int, as_of: dt.date, log: Callable[[str], None] = print
) -> SeedSummary:
    """Build the synthetic nation into an empty database (PostgreSQL only)."""
    import time

    if connection.vendor != "postgresql":
        raise RuntimeError("seed_synthetic needs PostgreSQL (COPY and the roll-up triggers).")
    timings: dict[str, float] = {}
    clock = time.monotonic()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.monotonic()
        timings[name] = round(now - clock, 1)
        log(f"  {name}: {timings[name]} s")
        clock = now

    tree, out, rng = generate(units=units, directives=directives, seed=seed, as_of=as_of)
    lap(f"generated {len(tree):,} units, {len(out.documents):,} documents, {len(out.assignments):,} assignments")
    users, memberships = _users(tree)

    with transaction.atomic():
        fast = _bulk_load_mode()
        with indexes_dropped(
            ("directives_organization", "directives_document", "directives_task", "directives_reference")
        ):
            copy_rows("directives_organization", ORG_COLUMNS, _org_rows(tree, rng))
            copy_rows("auth_user", ("id", "password", "is_superuser", "username", "first_name", "last_name", "email",
                                    "is_staff", "is_active", "date_joined"), users)  # fmt: skip
            copy_rows("directives_membership", ("id", "role", "title", "created_at", "user_id", "organization_id"),
                      memberships)  # fmt: skip
            blank = ("", "", "", "", "", "", "", "[]")  # signer…searchable_file, signatures (JSON)
            copy_rows("directives_document", DOC_COLUMNS, ((*d, *blank) for d in out.documents))
            copy_rows("directives_reference", REFERENCE_COLUMNS, out.references)
            copy_rows("directives_task", TASK_COLUMNS, out.tasks)
        lap("organisations, users, documents, tasks")
        with indexes_dropped(("directives_assignment", "directives_deadlineevent")):
            copy_rows("directives_assignment", ASSIGNMENT_COLUMNS, out.assignments)
            lap("assignments")
            events = _insert_events(as_of)
            lap(f"deadline events ({events:,})")
        lap("indexes rebuilt")
        _sync_sequences(
            (
                "directives_organization", "auth_user", "directives_membership", "directives_document",
                "directives_reference", "directives_task", "directives_assignment", "directives_deadlineevent",
            )
        )  # fmt: skip
        if fast:
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = origin")
        else:
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # check the foreign keys now, before ALTER TABLE
            lap("foreign key checks")
            set_rollup_triggers(enabled=True)
        units_rows, document_rows = rollup_rebuild()
        lap(f"roll-up tables ({units_rows:,} + {document_rows:,} rows)")
    if connection.in_atomic_block:  # inside a test's transaction: ANALYZE only (VACUUM cannot run there)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        return _summary(tree, out, users, timings, events)
    with connection.cursor() as cursor:
        for table in ("directives_organization", "directives_document", "directives_task", "directives_assignment",
                      "directives_deadlineevent", "reports_unitrollup", "reports_documentrollup"):  # fmt: skip
            cursor.execute(f"VACUUM ANALYZE {table}")
    lap("vacuum analyze")
    return _summary(tree, out, users, timings, events)


def _summary(tree: Tree, out: Output, users: list[tuple], timings: dict[str, float], events: int) -> SeedSummary:
    return SeedSummary(
        organizations=len(tree),
        documents=len(out.documents),
        tasks=len(out.tasks),
        assignments=len(out.assignments),
        events=events,
        users=len(users),
        seconds=timings,
    )


__all__ = ["DIRECTIVES", "PROVINCES", "Document", "SeedSummary", "build_tree", "reset_domain_tables", "seed_synthetic"]
