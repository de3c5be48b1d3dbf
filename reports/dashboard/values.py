"""Plain values the dashboard's selectors return, and the viewer's scope.

Dataclasses of plain fields (no querysets, no model instances), so the pages, the exports and the
PDF reports render the same numbers from the same objects.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Q

from directives.access import scope_for
from directives.models import Document, Membership, Organization
from reports.dashboard.counts import STEP
from reports.timeliness_sql import Counts

if TYPE_CHECKING:
    from directives.access import AnyUser

UNIT_FIELDS = ("id", "name", "path", "depth", "level", "code", "email", "phone", "numchild")
DOCUMENT_FIELDS = (
    "id",
    "number",
    "doc_type",
    "issuer_id",
    "issuer_name",
    "issued_on",
    "date_precision",
    "subject",
    "state",
    "root_id",
    "primary_parent_id",
)

# --- plain values -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class UnitInfo:
    id: int
    name: str
    path: str
    level: int
    code: str = ""
    email: str = ""
    phone: str = ""
    numchild: int = 0

    @classmethod
    def of(cls, org: Organization | dict) -> UnitInfo:
        get: Callable[[str], Any] = org.get if isinstance(org, dict) else (lambda k: getattr(org, k))
        return cls(
            id=get("id"),
            name=get("name"),
            path=get("path"),
            level=get("level"),
            code=get("code") or "",
            email=get("email") or "",
            phone=get("phone") or "",
            numchild=get("numchild") or 0,
        )

    @property
    def depth(self) -> int:
        return len(self.path) // STEP

    @property
    def level_label(self) -> str:
        return level_label(self.level)

    @property
    def level_short(self) -> str:
        return LEVEL_SHORT.get(self.level, self.level_label)

    @property
    def parent_path(self) -> str:
        return self.path[:-STEP]


LEVEL_SHORT: dict[int, str] = {
    Organization.Level.CENTRAL: "Trung ương",
    Organization.Level.PROVINCE: "Cấp tỉnh",
    Organization.Level.DISTRICT: "Cấp huyện, xã",
    Organization.Level.GRASSROOTS: "Cơ sở",
    Organization.Level.CELL: "Chi bộ",
}


def level_label(level: int | None) -> str:
    if level is None:
        return ""
    try:
        return str(Organization.Level(level).label)
    except ValueError:
        return str(level)


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    id: int
    number: str | None
    doc_type: str
    issuer_id: int | None
    issuer_name: str
    issued_on: dt.date | None
    date_precision: str
    subject: str
    state: str
    root_id: int | None
    primary_parent_id: int | None

    @classmethod
    def of(cls, row: dict | Document) -> DocumentInfo:
        get: Callable[[str], Any] = row.get if isinstance(row, dict) else (lambda k: getattr(row, k))
        return cls(**{name: get(name) for name in DOCUMENT_FIELDS})

    @property
    def type_label(self) -> str:
        from directives.models import DocumentType

        try:
            return str(DocumentType(self.doc_type).label)
        except ValueError:
            return self.doc_type

    @property
    def label(self) -> str:
        """ "57-KL/TW", or "Hướng dẫn (không số)" for a document without a number."""
        return self.number or f"{self.type_label} (không số)"

    @property
    def date_label(self) -> str:
        if self.issued_on is None:
            return ""
        if self.date_precision == Document.DatePrecision.YEAR:
            return f"{self.issued_on:%Y}"
        if self.date_precision == Document.DatePrecision.MONTH:
            return f"{self.issued_on:%m/%Y}"
        return f"{self.issued_on:%d/%m/%Y}"

    @property
    def directive_id(self) -> int:
        return self.root_id or self.id

    @property
    def is_placeholder(self) -> bool:
        return self.state == Document.State.PLACEHOLDER


@dataclass(frozen=True)
class DashboardScope:
    """The subtrees a viewer reaches on the dashboard (leaders, staff, admins; everything for a superuser)."""

    paths: tuple[str, ...]
    roots: tuple[UnitInfo, ...]

    @property
    def is_empty(self) -> bool:
        return not self.paths

    def covers_path(self, path: str) -> bool:
        return any(path.startswith(p) for p in self.paths)

    def q(self, field: str) -> Q:
        parts = [Q(**{f"{field}__startswith": p}) for p in self.paths]
        result = Q(pk__in=[])
        for part in parts:
            result |= part
        return result

    @property
    def single_root(self) -> UnitInfo | None:
        return self.roots[0] if len(self.roots) == 1 else None


def dashboard_scope(user: AnyUser) -> DashboardScope:
    """Subtree memberships only: a unit secretary's single unit is not a dashboard (see their inbox)."""
    scope = scope_for(user)
    if "" in scope.subtree_paths:
        roots = Organization.objects.filter(depth=1)
    else:
        roots = Organization.objects.filter(path__in=scope.subtree_paths)
    infos = tuple(UnitInfo.of(r) for r in roots.order_by("path").values(*UNIT_FIELDS))
    return DashboardScope(paths=tuple(u.path for u in infos), roots=infos)


def node_paths(scope: DashboardScope, node: UnitInfo | None) -> tuple[str, ...]:
    return (node.path,) if node else scope.paths


@dataclass(frozen=True)
class Contact:
    name: str
    email: str
    title: str = ""


def secretaries(unit_ids: Iterable[int]) -> dict[int, list[Contact]]:
    """Each unit's secretaries (the people who report for it), first appointed first."""
    result: dict[int, list[Contact]] = defaultdict(list)
    rows = (
        Membership.objects.filter(organization_id__in=list(unit_ids), role=Membership.Role.SECRETARY)
        .order_by("organization_id", "id")
        .values_list("organization_id", "user__first_name", "user__last_name", "user__email", "title")
    )
    for org_id, first, last, email, title in rows:
        result[org_id].append(Contact(f"{first} {last}".strip(), email or "", title or ""))
    return dict(result)


def prefix_q(field: str, paths: Sequence[str]) -> Q:
    result = Q(pk__in=[])
    for p in paths:
        result |= Q(**{f"{field}__startswith": p})
    return result


@dataclass(frozen=True)
class DocumentSummary:
    document: DocumentInfo
    counts: Counts
    directive: DocumentInfo | None = None  # the top directive, for a document below it


def breadcrumb(scope: DashboardScope, node: UnitInfo | None) -> list[UnitInfo]:
    """The node's ancestors inside the viewer's reach, top first (the node itself excluded)."""
    if node is None:
        return []
    top = next((p for p in scope.paths if node.path.startswith(p)), node.path)
    paths = [node.path[: STEP * k] for k in range(len(top) // STEP, node.depth)]
    if not paths:
        return []
    rows = Organization.objects.filter(path__in=paths).order_by("path").values(*UNIT_FIELDS)
    return [UnitInfo.of(r) for r in rows]
