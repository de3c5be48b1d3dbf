"""The demo's documents: the five seeds, logged through the parser, plus one current plan.

Each seed goes the way a browser upload goes: `parse_document(seed text)`, the review form's rows
with organisations matched by name (aliases, accent-insensitive, fuzzy; `intake.review_initial`),
then the corrections a careful person makes on those rows, mapped to a `DocumentInput` by the same
`intake.document_input_from_review` the logging form uses. `corrections` is kept small and
explicit: what the converted texts lack (the unit guidance 001, 003 and 004 lost their number/date
header lines: "demo value"), the units each task goes to ("Các đảng ủy trực thuộc tỉnh" is a level,
not a name), and the few things the parser or the matcher gets wrong (each marked "parser:" or
"matcher:").
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from directives.documents.intake import (
    Matcher,
    Matches,
    Reviewed,
    assignment_rows,
    document_input_from_review,
    parse_text,
    review_initial,
)
from directives.documents.matching import match_names
from directives.documents.services import AssigneeInput, DocumentInput, ReferenceInput, TaskInput
from directives.models import DeadlineKind, DocumentType, Organization, OrganizationAlias, Reference, Task

D = dt.date
R = Reference.Relation

DONG_NAI_UNITS = (
    "hu-bienhoa",
    "hu-longkhanh",
    "hu-trangbom",
    "hu-nhontrach",
    "hu-dinhquan",
    "duk-dongnai",
    "tinhdoan-dongnai",
)
DHQG_UNIONS = tuple(f"cd-dhqg-cs-{i:02d}" for i in range(1, 8))
PROVINCES = ("tu-dongnai", "tu-quangngai", "tu-hcm")
YOUTH_UNITS = ("tinhdoan-dongnai", "tinhdoan-quangngai", "thanhdoan-hcm", "twd-baochi", "twd-congthongtin")


@dataclass(frozen=True)
class DemoDocument:
    seed: str | None
    data: DocumentInput


def corrections(orgs: dict[str, Organization]) -> dict[str, dict[str, Any]]:
    """Per seed file: what the staff would type or pick on the review form. Keys are header fields
    (symbol, place, issued_on…) plus:
      "references":     {number: {field: value}} for that reference's row
      "task_fixes":     {task index: {field: value}} for that task's row
      "extra_tasks":    [task row, …] the parser did not find
      "assignees":      [Organization, …] for every task, due on the task's date
      "task_assignees": {task index: [Organization, …]} instead, for some tasks
    The assignment rows are exactly these choices (the demo ticks no recipient)."""

    def units(codes: tuple[str, ...]) -> list[Organization]:
        return [orgs[c] for c in codes]

    return {
        "002_kl57_tw_saoluc_quangngai.txt": {
            "task_assignees": {0: units(PROVINCES), 1: units(("btgtw",))},
        },
        "000_twdoan_cv_57.txt": {
            # parser: the numbered requests after "đề nghị … thực hiện các nội dung sau" are not read as tasks.
            "extra_tasks": [
                {
                    "text": "Các tỉnh, thành đoàn, đoàn trực thuộc và các cơ quan báo chí của Đoàn căn cứ công văn "
                    "triển khai thực hiện nghiên cứu, học tập, quán triệt, tuyên truyền Kết luận 57-KL/TW.",
                    "requires": Task.Requires.ACTION,
                    "deadline_kind": DeadlineKind.ONGOING,
                }
            ],
            "assignees": units(YOUTH_UNITS),
        },
        "001_dongnai_btg_hd_57.txt": {
            "symbol": "HD/BTGTU",
            "place": "Đồng Nai",
            "issued_on": D(2023, 9, 12),  # demo value: the converted text lost its header
            "assignees": units(DONG_NAI_UNITS),  # "Các đảng ủy trực thuộc tỉnh…": the staff pick the units
        },
        "003_btgduk_81hd_2017.txt": {
            "place": "Thành phố Hồ Chí Minh",
            "issued_on": D(2017, 3, 20),  # demo value: the converted text has no date line
            # matcher: "Ban Bí thư" (of the Party) is not "Ban Bí thư Trung ương Đoàn".
            "references": {"26-CT/TW": {"issuer": None}},
            # parser: a request with no deadline phrase ("Các Đảng ủy, Chi ủy cơ sở …") is not read as a task.
            "extra_tasks": [
                {
                    "text": "Các Đảng ủy, Chi ủy cơ sở lãnh đạo đơn vị tiếp tục quán triệt các nội dung chủ yếu "
                    "của Chỉ thị số 26-CT/TW và triển khai hiệu quả các nhiệm vụ thông tin đối ngoại "
                    "theo Kết luận 16-KL/TW.",
                    "deadline_text": "năm 2017",  # demo value
                    "deadline_kind": DeadlineKind.WITHIN_YEAR,
                    "due_on": D(2017, 12, 31),
                }
            ],
            "assignees": units(tuple(f"duk-hcm-cs-{i:02d}" for i in range(1, 5))),
        },
        "004_congdoan_dhqg_hd_57.txt": {
            "symbol": "HD/CĐ",
            "place": "Thành phố Hồ Chí Minh",
            "issued_on": D(2023, 12, 8),  # demo value
            "task_fixes": {
                0: {
                    "deadline_text": "trong tháng 12/2023",  # demo value: the text gives no deadline
                    "deadline_kind": DeadlineKind.WITHIN_MONTH,
                    "due_on": D(2023, 12, 31),
                }
            },
            "assignees": units(DHQG_UNIONS),
        },
    }


SEED_ORDER = (
    "002_kl57_tw_saoluc_quangngai.txt",
    "000_twdoan_cv_57.txt",
    "001_dongnai_btg_hd_57.txt",
    "003_btgduk_81hd_2017.txt",
    "004_congdoan_dhqg_hd_57.txt",
)


def organization_matcher(orgs: dict[str, Organization]) -> Matcher:
    """Name → candidate organisations, best first, among the demo's (cached: seeds repeat names)."""
    aliases: dict[int, list[str]] = defaultdict(list)
    for alias in OrganizationAlias.objects.filter(organization_id__in=[o.id for o in orgs.values()]):
        aliases[alias.organization_id].append(alias.name)
    candidates = [(o.id, (o.name, *aliases[o.id])) for o in orgs.values()]
    found: dict[str, Matches] = {}

    def match(name: str) -> Matches:
        if name not in found:
            found[name] = match_names(name, candidates)
        return found[name]

    return match


def reviewed_as_corrected(result: dict[str, Any], *, match: Matcher, fix: dict[str, Any]) -> Reviewed:
    """The review form's rows as the parser and the matcher fill them, with `fix` applied."""
    fix = dict(fix)
    assignees: list[Organization] = fix.pop("assignees", [])
    task_assignees: dict[int, list[Organization]] = fix.pop("task_assignees", {})
    task_fixes: dict[int, dict[str, Any]] = fix.pop("task_fixes", {})
    extra_tasks: list[dict[str, Any]] = fix.pop("extra_tasks", [])
    reference_fixes: dict[str, dict[str, Any]] = fix.pop("references", {})
    reviewed = review_initial(result, match_issuer=match, match_unit=match, match_any=match).reviewed()
    reviewed.header.update(fix)
    for row in reviewed.references:
        row.update(reference_fixes.get(row["number"], {}))
    for index, (_position, row) in enumerate(reviewed.tasks):
        row.update(task_fixes.get(index, {}))
    reviewed.tasks += [(len(reviewed.tasks) + i, dict(row)) for i, row in enumerate(extra_tasks, start=1)]
    reviewed.assignments = []
    for index, (position, row) in enumerate(reviewed.tasks):
        units = task_assignees.get(index, assignees)
        reviewed.assignments += assignment_rows(tasks=[(position, row.get("due_on"))], unit_ids=[u.id for u in units])
    return reviewed


def demo_documents(*, orgs: dict[str, Organization], today: dt.date, seeds_dir: Path) -> Iterator[DemoDocument]:
    match = organization_matcher(orgs)
    by_id = {o.id: o for o in orgs.values()}
    fixes = corrections(orgs)
    for name in SEED_ORDER:
        text = (seeds_dir / name).read_text(encoding="utf-8")
        outcome = parse_text(text, reference_date=today)
        reviewed = reviewed_as_corrected(outcome.result, match=match, fix=fixes[name])
        yield DemoDocument(name, document_input_from_review(reviewed, organizations=by_id, text=outcome.text))

    def to(codes: tuple[str, ...], due: dt.date | None) -> list[AssigneeInput]:
        return [AssigneeInput(unit=orgs[c], due_on=due) for c in codes]

    yield DemoDocument(None, _current_plan(orgs=orgs, today=today, to=to))


def _current_plan(*, orgs: dict[str, Organization], today: dt.date, to: object) -> DocumentInput:
    """A plan issued three weeks ago, so the demo has work due soon and not yet due."""
    assert callable(to)
    issued = today - dt.timedelta(days=21)
    plan_due = today - dt.timedelta(days=4)
    report_due = today + dt.timedelta(days=2)
    month_end = (today.replace(day=28) + dt.timedelta(days=35)).replace(day=1) - dt.timedelta(days=1)
    return DocumentInput(
        number="150-KH/BTGTU",
        symbol="KH/BTGTU",
        doc_type=DocumentType.KH,
        issuer=orgs["btg-dongnai"],
        issuer_name="Ban Tuyên giáo Tỉnh ủy Đồng Nai",
        place="Đồng Nai",
        issued_on=issued,
        subject="Sơ kết 3 năm thực hiện Kết luận số 57-KL/TW của Bộ Chính trị về tiếp tục nâng cao chất lượng, "
        "hiệu quả công tác thông tin đối ngoại trong tình hình mới",
        signer_name="Nguyễn Thị Hồng Trang",
        signer_capacity="K/T TRƯỞNG BAN",
        signer_title="PHÓ TRƯỞNG BAN",
        references=[ReferenceInput("57-KL/TW", R.IMPLEMENTS, D(2023, 6, 15), orgs["bct"])],
        tasks=[
            TaskInput(
                text="Xây dựng kế hoạch sơ kết 3 năm thực hiện Kết luận số 57-KL/TW tại địa phương, đơn vị.",
                requires=Task.Requires.DOCUMENT,
                deadline_text=f"chậm nhất ngày {plan_due:%d/%m/%Y}",
                deadline_kind=DeadlineKind.BY_DATE,
                due_on=plan_due,
                assignees=to(DONG_NAI_UNITS, plan_due),
            ),
            TaskInput(
                text="Báo cáo sơ kết 3 năm thực hiện Kết luận số 57-KL/TW về Ban Tuyên giáo Tỉnh ủy.",
                requires=Task.Requires.REPORT,
                report_to=orgs["btg-dongnai"],
                deadline_text=f"chậm nhất ngày {report_due:%d/%m/%Y}",
                deadline_kind=DeadlineKind.BY_DATE,
                due_on=report_due,
                assignees=to(DONG_NAI_UNITS, report_due),
            ),
            TaskInput(
                text="Tổ chức hội nghị sơ kết, biểu dương tập thể, cá nhân có thành tích trong công tác thông "
                "tin đối ngoại.",
                requires=Task.Requires.ACTION,
                deadline_text=f"trong tháng {month_end:%m/%Y}",
                deadline_kind=DeadlineKind.WITHIN_MONTH,
                due_on=month_end,
                assignees=to(DONG_NAI_UNITS, month_end),
            ),
        ],
    )
