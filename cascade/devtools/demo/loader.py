"""Build the demo cascade from the seed documents: organisations, users, documents, assignments.

Idempotent: organisations and users are keyed by code/username, documents by number and issuer
(or issuer and subject when the seed has no number), and states are only set on untouched rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from cascade.devtools.demo.data import DEMO_PASSWORD, TREE, USERS, OrgSpec
from cascade.devtools.demo.documents import demo_documents
from directives.documents.search import fold
from directives.documents.services import DocumentAlreadyLogged, DocumentInput, document_log
from directives.models import Assignment, Document, Membership, Organization, OrganizationAlias
from reports.models import CompletionReport

SEEDS_DIR = Path(__file__).resolve().parent / "seeds"


@dataclass(frozen=True)
class DemoSummary:
    organizations: int
    documents: int
    assignments: int
    users: tuple[tuple[str, str, str], ...]  # (username, role, unit)


@transaction.atomic
def load_demo(*, today: dt.date) -> DemoSummary:
    orgs = _load_organizations(TREE, parent=None, found={})
    users = _load_users(orgs)
    for spec in demo_documents(orgs=orgs, today=today, seeds_dir=SEEDS_DIR):
        if _already_logged(spec.data):
            continue
        try:
            document_log(data=spec.data, created_by=users["canbo"])
        except DocumentAlreadyLogged:
            continue
    _set_demo_states(orgs=orgs, users=users, today=today)
    return DemoSummary(
        organizations=Organization.objects.count(),
        documents=Document.objects.count(),
        assignments=Assignment.objects.count(),
        users=tuple((u.username, u.role, orgs[u.org_code].name) for u in USERS),
    )


def _load_organizations(
    spec: OrgSpec, *, parent: Organization | None, found: dict[str, Organization]
) -> dict[str, Organization]:
    org = Organization.objects.filter(code=spec.code).first()
    if org is None:
        fields = {
            "code": spec.code,
            "name": spec.name,
            "kind": spec.kind,
            "level": spec.level,
            "symbol_code": spec.symbol_code,
            "place": spec.place,
            "is_party": spec.is_party,
            "search_name": fold(" | ".join((spec.name, *spec.aliases))),
        }
        org = Organization.objects.add_child(parent, fields) if parent else Organization.objects.add_root(fields)
        OrganizationAlias.objects.bulk_create([OrganizationAlias(organization=org, name=a) for a in spec.aliases])
        if parent is not None:
            parent.refresh_from_db()  # treebeard keeps numchild on the parent row
    found[spec.code] = org
    for child in spec.children:
        _load_organizations(child, parent=org, found=found)
    return found


def _load_users(orgs: dict[str, Organization]) -> dict[str, User]:
    user_model = get_user_model()
    result: dict[str, User] = {}
    for spec in USERS:
        first, _, last = spec.full_name.rpartition(" ")
        user, created = user_model.objects.get_or_create(
            username=spec.username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": spec.email,
                "is_staff": spec.is_staff,
                "is_superuser": spec.is_superuser,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        Membership.objects.get_or_create(
            user=user,
            organization=orgs[spec.org_code],
            role=spec.role,
            defaults={"title": spec.title},
        )
        result[spec.username] = user
    return result


def _already_logged(data: DocumentInput) -> bool:
    logged = Document.objects.filter(state=Document.State.LOGGED, issuer=data.issuer)
    if data.number:
        return logged.filter(number=data.number).exists()
    return logged.filter(number__isnull=True, subject=data.subject).exists()


# Which units reported, and how, for each demo document: unit code -> (days from due, accepted).
# Negative or zero days: on time; positive: late. Units not listed have not reported.
_REPORTED = {
    "hu-bienhoa": (-6, True),
    "hu-longkhanh": (-1, True),
    "hu-nhontrach": (4, False),
    "duk-dongnai": (0, False),
    "cd-dhqg-cs-01": (-3, True),
    "cd-dhqg-cs-02": (2, False),
    "tinhdoan-dongnai": (-2, True),
}


def _set_demo_states(*, orgs: dict[str, Organization], users: dict[str, User], today: dt.date) -> None:
    """Give assignments every state: on time, late, overdue, due soon, not yet due."""
    by_id = {org.id: code for code, org in orgs.items()}
    pending = (
        Assignment.objects.filter(status=Assignment.Status.PENDING, reports__isnull=True, due_on__isnull=False)
        .select_related("task")
        .order_by("id")
    )
    for assignment in pending:
        plan = _REPORTED.get(by_id.get(assignment.unit_id, ""))
        if plan is None or assignment.due_on is None:
            continue
        offset, accepted = plan
        submitted_on = assignment.due_on + dt.timedelta(days=offset)
        if submitted_on >= today:
            continue  # cannot have reported in the future; it stays pending
        submitted_at = timezone.make_aware(dt.datetime.combine(submitted_on, dt.time(9, 30)))
        status = Assignment.Status.ACCEPTED if accepted else Assignment.Status.SUBMITTED
        CompletionReport.objects.create(
            assignment=assignment,
            version=1,
            status=CompletionReport.Status.ACCEPTED if accepted else CompletionReport.Status.SUBMITTED,
            deployment="Đã tổ chức quán triệt, triển khai đến các chi bộ trực thuộc theo hướng dẫn.",
            results="Tổ chức hội nghị trực tiếp kết hợp trực tuyến; đảng viên tham dự đầy đủ.",
            sessions_held=3 + assignment.unit_id % 5,
            participants=120 + (assignment.unit_id * 37) % 400,
            members_reached=100 + (assignment.unit_id * 29) % 300,
            members_total=110 + (assignment.unit_id * 29) % 300,
            documents_issued=1,
            created_by=users["thuky"],
            submitted_by=users["thuky"],
            submitted_at=submitted_at,
            is_late=offset > 0,
            reviewed_by=users["canbo"] if accepted else None,
            reviewed_at=submitted_at + dt.timedelta(days=2) if accepted else None,
        )
        Assignment.objects.filter(pk=assignment.pk).update(
            status=status, submitted_at=submitted_at, submitted_on=submitted_on, next_check_on=None
        )
