"""Reads for the document pages: who may see which document, search, the tree around one document.

Visibility rule (docs/logging.md): a user sees a document when
  1. its issuer is in the user's scope, or
  2. one of its tasks is assigned to a unit in the user's scope, or
  3. it lies above a document of kind 1 or 2 in the issuance tree (its primary-parent chain),
so a secretary can read the guidance their unit was assigned and every directive it implements.
Placeholders (documents only cited so far) follow the same rule. Superusers see everything.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404

from directives.access import SUBTREE_ROLES, Scope, scope_for
from directives.documents.matching import match_names
from directives.models import Assignment, Document, DocumentImport, Membership, Organization, Reference, Task

if TYPE_CHECKING:
    from directives.access import AnyUser


# --- Who may see a document ------------------------------------------------------------------


def _directly_visible(scope: Scope) -> QuerySet[Document]:
    assigned = Assignment.objects.filter(scope.q(path_field="unit_path", id_field="unit_id")).values(
        "task__document_id"
    )
    issuer_q = scope.q(path_field="issuer__path", id_field="issuer_id")
    return Document.objects.filter(issuer_q | Q(pk__in=assigned))


def read_scope(user: AnyUser) -> Scope:
    """`scope_for(user)`, computed once per request (memoised on the request's user object)."""
    cached = getattr(user, "_cascade_read_scope", None)
    if cached is None:
        cached = scope_for(user)
        if user.is_authenticated:
            user._cascade_read_scope = cached  # type: ignore[attr-defined]  # memo on the request's user
    return cached


def visible_documents(user: AnyUser) -> QuerySet[Document]:
    """The documents `user` may open (see the module docstring for the rule)."""
    scope = read_scope(user)
    if "" in scope.subtree_paths:
        return Document.objects.all()
    if scope.is_empty:
        return Document.objects.none()
    direct_sql, params = _directly_visible(scope).order_by().values("id").query.sql_with_params()
    table = Document._meta.db_table
    # The chain above each directly visible document, in one recursive query (PostgreSQL and SQLite).
    chain = RawSQL(
        f"WITH RECURSIVE chain(id) AS ("
        f"SELECT d.id FROM ({direct_sql}) d "
        f"UNION SELECT doc.primary_parent_id FROM {table} doc JOIN chain ON doc.id = chain.id "
        f"WHERE doc.primary_parent_id IS NOT NULL"
        f") SELECT id FROM chain",
        params,
    )
    return Document.objects.filter(pk__in=chain)


def get_document_for_user(user: AnyUser, pk: int) -> Document:
    """The document page's row, or 404 when it is outside what the user may see."""
    document = (
        visible_documents(user).select_related("issuer", "primary_parent", "root", "created_by").filter(pk=pk).first()
    )
    if document is None:
        raise Http404("Không tìm thấy văn bản")
    return document


def source_file_name(document: Document) -> str:
    """The name to offer the original file under: the one the staff uploaded when logging it
    (files are stored under random names), else the stored file's own name."""
    uploaded = (
        DocumentImport.objects.filter(document=document, status=DocumentImport.Status.LOGGED)
        .exclude(filename="")
        .values_list("filename", flat=True)
        .first()
    )
    return uploaded or document.source_file.name.rsplit("/", 1)[-1]


# --- Who may log a document, and as whom -----------------------------------------------------


def logging_scope(user: AnyUser) -> Scope:
    """Staff, leaders and admins log documents as issuers inside their subtrees (not secretaries)."""
    cached = getattr(user, "_cascade_logging_scope", None)
    if cached is None:
        cached = _logging_scope(user)
        if user.is_authenticated:
            user._cascade_logging_scope = cached  # type: ignore[attr-defined]  # memo on the request's user
    return cached


def _logging_scope(user: AnyUser) -> Scope:
    scope = read_scope(user)
    if "" in scope.subtree_paths:
        return scope
    if not user.is_authenticated:
        return Scope((), ())
    paths = (
        Membership.objects.filter(user=user, role__in=SUBTREE_ROLES)
        .values_list("organization__path", flat=True)
        .distinct()
    )
    minimal = tuple(sorted(p for p in paths if not any(p != q and p.startswith(q) for q in paths)))
    return Scope(minimal, ())


def can_log_documents(user: AnyUser) -> bool:
    return not logging_scope(user).is_empty


@dataclass(frozen=True, slots=True)
class OrgOption:
    id: int
    name: str
    path: str
    level: int
    kind: str
    depth: int
    aliases: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{'— ' * max(0, self.depth)}{self.name}"


def org_options(scope: Scope | None) -> list[OrgOption]:
    """Organisations in `scope` (all when None), tree-ordered, with their aliases: one query."""
    orgs = Organization.objects.order_by("path").prefetch_related("aliases")
    if scope is not None:
        orgs = orgs.filter(scope.q(path_field="path", id_field="id"))
    rows = list(orgs.only("id", "name", "path", "depth", "level", "kind"))
    top = min((o.depth for o in rows), default=1)
    return [
        OrgOption(o.id, o.name, o.path, o.level, o.kind, o.depth - top, tuple(a.name for a in o.aliases.all()))
        for o in rows
    ]


def units_at_level(options: Sequence[OrgOption], *, under_id: int, level: int, kind: str = "") -> list[int]:
    """Every unit of `level` (and `kind`, if given) below one organisation: "all grassroots committees"."""
    parent = next((o for o in options if o.id == under_id), None)
    if parent is None:
        return []
    return [
        o.id
        for o in options
        if o.path.startswith(parent.path) and o.id != parent.id and o.level == level and (not kind or o.kind == kind)
    ]


# --- Search and list -------------------------------------------------------------------------


def document_list(user: AnyUser) -> QuerySet[Document]:
    """The list/search base queryset: visible documents with what a row shows, counted in SQL."""
    return (
        visible_documents(user)
        .select_related("issuer")
        .annotate(
            task_count=Count("tasks", distinct=True),
            assignment_count=Count("tasks__assignments", distinct=True),
        )
        .order_by("-issued_on", "-id")
    )


# --- One document and the tree around it -----------------------------------------------------


@dataclass
class DocumentPage:
    document: Document
    ancestors: list[Document]
    children: list[Document]
    copies: list[Document]
    references: Sequence[Reference]  # annotated with parent_visible
    cited_by: list[Reference]
    tasks: list[Task]
    assignment_total: int
    can_see_all_assignments: bool


def _ancestors(document: Document) -> list[Document]:
    """The primary-parent chain above `document`, top first, in one recursive query."""
    table = Document._meta.db_table
    chain = RawSQL(
        f"WITH RECURSIVE up(id, depth) AS ("
        f"SELECT primary_parent_id, 1 FROM {table} WHERE id = %s AND primary_parent_id IS NOT NULL "
        f"UNION ALL SELECT doc.primary_parent_id, up.depth + 1 FROM {table} doc JOIN up ON doc.id = up.id "
        f"WHERE doc.primary_parent_id IS NOT NULL AND up.depth < 32"
        f") SELECT id FROM up",
        (document.pk,),
    )
    by_id = {d.pk: d for d in Document.objects.filter(pk__in=chain).select_related("issuer")}
    ancestors: list[Document] = []
    node_id = document.primary_parent_id
    while node_id in by_id and node_id != document.pk and len(ancestors) < 32:
        node = by_id.pop(node_id)
        ancestors.insert(0, node)
        node_id = node.primary_parent_id
    return ancestors


def document_page(user: AnyUser, document: Document, *, today: dt.date, due_soon_until: dt.date) -> DocumentPage:
    """Ancestors, children and copies (those the user may see), tasks and their assignments."""
    scope = read_scope(user)
    visible_ids = visible_documents(user).values("pk")
    ancestors = _ancestors(document)
    below = list(
        Document.objects.filter(primary_parent=document, pk__in=visible_ids)
        .select_related("issuer")
        .order_by("issued_on", "id")
    )
    copies = [d for d in below if d.doc_type == "BS"]
    children = [d for d in below if d.doc_type != "BS"]
    references = list(
        Reference.objects.filter(child=document)
        .select_related("parent__issuer")
        .annotate(parent_visible=Exists(visible_ids.filter(pk=OuterRef("parent_id"))))
        .order_by("relation", "parent__issued_on")
    )
    cited_by = list(
        Reference.objects.filter(parent=document, child__in=visible_ids)
        .exclude(child__primary_parent=document)
        .select_related("child__issuer")
        .order_by("child__issued_on")
    )
    issuer_in_scope = document.issuer is not None and scope.covers(document.issuer)
    can_see_all = issuer_in_scope or "" in scope.subtree_paths
    assignments = Assignment.objects.select_related("unit").order_by("unit__path", "period")
    if not can_see_all:
        assignments = assignments.filter(scope.q(path_field="unit_path", id_field="unit_id"))
    tasks = list(
        Task.objects.filter(document=document)
        .select_related("report_to")
        .prefetch_related(Prefetch("assignments", queryset=assignments))
        .order_by("ordinal")
    )
    total = 0
    for task in tasks:
        for assignment in task.assignments.all():
            assignment.state = assignment.timeliness(  # type: ignore[attr-defined]
                today=today, due_soon_until=due_soon_until
            )
            total += 1
    return DocumentPage(
        document=document,
        ancestors=ancestors,
        children=children,
        copies=copies,
        references=references,
        cited_by=cited_by,
        tasks=tasks,
        assignment_total=total,
        can_see_all_assignments=can_see_all,
    )


def existing_logged(number: str | None, issuer_id: int | None) -> Document | None:
    if not number or issuer_id is None:
        return None
    return Document.objects.filter(number=number, issuer_id=issuer_id, state=Document.State.LOGGED).first()


def matches_for(name: str, options: Sequence[OrgOption], *, limit: int = 3) -> list[tuple[int, int]]:
    """Organisations that `name` may mean, best first, scored 0–100 (aliases, accents, fuzzy)."""
    return match_names(name, [(o.id, (o.name, *o.aliases)) for o in options])[:limit]


__all__: list[Any] = [
    "DocumentPage",
    "OrgOption",
    "can_log_documents",
    "document_list",
    "document_page",
    "existing_logged",
    "get_document_for_user",
    "logging_scope",
    "matches_for",
    "org_options",
    "units_at_level",
    "visible_documents",
]
