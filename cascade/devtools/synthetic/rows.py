"""Rows of the synthetic cascade (documents, tasks, assignments, reports) and their COPY into PostgreSQL."""

from __future__ import annotations

import datetime as dt
import io
import math
import random
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache

from django.db import connection

from cascade.devtools.synthetic.tree import LATENCY, DirectiveSpec, K, Tree
from directives.documents.search import fold
from directives.models import DeadlineEvent, DocumentType, Task


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
