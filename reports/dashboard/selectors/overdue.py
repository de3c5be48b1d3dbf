"""The overdue-units table: one page for the screen, every row for the CSV / XLSX / PDF exports.

Both read the same `OverdueFilterSet` over the viewer's scoped assignments, in the same order, so
an export holds exactly the rows the filters select. A page is fetched in two steps — the ordered
ids of the page, then those rows with their relations and per-row counts — so the per-row
subqueries (reminders sent, escalations, the parent unit) run for 50 rows, not for every match.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Concat, Length, Substr

from directives.models import Assignment, DeadlineEvent, Membership, Organization
from directives.timeliness import Timeliness
from reports.dashboard.counts import STEP, AssignmentSlice, count_source
from reports.dashboard.filters import OPEN_STATES, OverdueFilterSet
from reports.dashboard.values import Contact, DashboardScope, DocumentInfo, UnitInfo, secretaries
from reports.timeliness_sql import days_overdue_annotation, timeliness_annotation

PER_PAGE = 50
REMINDER_PREFIX = "reminder"
ESCALATION_PREFIX = "escalation"


@dataclass(frozen=True)
class OverdueRow:
    id: int
    unit: UnitInfo
    parent_name: str
    document: DocumentInfo
    directive_label: str
    task_ordinal: int
    task_text: str
    due_on: dt.date | None
    days_overdue: int
    timeliness: Timeliness
    reminders: int
    escalations: int
    contact: Contact | None

    @property
    def contact_label(self) -> str:
        return self.contact.name if self.contact else ""

    @property
    def contact_email(self) -> str:
        return (self.contact.email if self.contact else "") or self.unit.email


@dataclass(frozen=True)
class OverduePage:
    rows: tuple[OverdueRow, ...]
    total: int
    page: int
    num_pages: int
    per_page: int
    count_source: str

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def first_index(self) -> int:
        return (self.page - 1) * self.per_page + 1 if self.total else 0

    @property
    def last_index(self) -> int:
        return min(self.total, self.page * self.per_page)


def _event_count(prefix: str) -> Coalesce:
    events = (
        DeadlineEvent.objects.filter(assignment=OuterRef("pk"), kind__startswith=prefix)
        .order_by()
        .values("assignment")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(events, output_field=IntegerField()), 0)


def _parent_name() -> Subquery:
    parent = Organization.objects.filter(
        path=Substr(OuterRef("unit_path"), 1, Length(OuterRef("unit_path")) - STEP)
    ).values("name")[:1]
    return Subquery(parent)


def _contact_name() -> Subquery:
    first = (
        Membership.objects.filter(organization=OuterRef("unit_id"), role=Membership.Role.SECRETARY)
        .order_by("id")
        .annotate(full=Concat("user__first_name", Value(" "), "user__last_name"))
        .values("full")[:1]
    )
    return Subquery(first)


def event_counts(assignment_ids: Sequence[int]) -> dict[int, tuple[int, int]]:
    """(reminders sent, escalations) per assignment, from the deadline watcher's ledger."""
    result: dict[int, list[int]] = {}
    rows = (
        DeadlineEvent.objects.filter(assignment_id__in=list(assignment_ids))
        .order_by()
        .values_list("assignment_id", "kind")
        .annotate(n=Count("id"))
    )
    for assignment_id, kind, n in rows:
        slot = result.setdefault(assignment_id, [0, 0])
        if kind.startswith(REMINDER_PREFIX):
            slot[0] += n
        elif kind.startswith(ESCALATION_PREFIX):
            slot[1] += n
    return {k: (v[0], v[1]) for k, v in result.items()}


def overdue_filterset(
    *, scope: DashboardScope, filters: Mapping, today: dt.date, due_soon_until: dt.date
) -> OverdueFilterSet:
    base = Assignment.objects.filter(directive__isnull=False).filter(scope.q("unit_path"))
    return OverdueFilterSet(
        filters,
        queryset=base,
        scope_q=scope.q("path"),
        today=today,
        due_soon_until=due_soon_until,
        issuer_q=issuer_q(scope),
    )


def issuer_q(scope: DashboardScope) -> Q:
    """Bodies whose documents a viewer may filter by: the central bodies every cascade starts from,
    and the bodies in the viewer's own subtree — never another province's units."""
    return Q(level=Organization.Level.CENTRAL) | scope.q("path")


_ORDERINGS = {
    "unit": ("unit__name", "unit_path"),
    "parent": ("parent_name", "unit_path"),
    "level": ("unit__level", "unit_path"),
    "task": ("task__document__number", "task__ordinal"),
    "due": ("due_on",),
    "days": ("days_overdue",),
    "reminders": ("reminders",),
    "escalations": ("escalations",),
    "contact": ("contact_name", "unit_path"),
}


def ordered(filterset: OverdueFilterSet) -> QuerySet[Assignment]:
    """The filtered queryset in the order the user asked for, ties broken by id."""
    qs = filterset.qs
    sort = (filterset.form.cleaned_data.get("sort") or "-days") if filterset.is_valid() else "-days"
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    if key == "days" and filterset.states <= OPEN_STATES:
        # For open work more days overdue = an earlier due date: an index order, no computed column.
        fields: tuple[str, ...] = ("due_on",)
        descending = not descending
    else:
        fields = _ORDERINGS.get(key, ("due_on",))
        if key == "days":
            qs = qs.annotate(days_overdue=days_overdue_annotation(today=filterset.today))
        elif key == "reminders":
            qs = qs.annotate(reminders=_event_count(REMINDER_PREFIX))
        elif key == "escalations":
            qs = qs.annotate(escalations=_event_count(ESCALATION_PREFIX))
        elif key == "parent":
            qs = qs.annotate(parent_name=_parent_name())
        elif key == "contact":
            qs = qs.annotate(contact_name=_contact_name())
    order = [F(f).desc(nulls_last=True) if descending else F(f).asc(nulls_last=True) for f in fields]
    return qs.order_by(*order, "-id" if descending else "id")


def _rows(ids: Sequence[int], *, today: dt.date, due_soon_until: dt.date) -> list[OverdueRow]:
    if not ids:
        return []
    found = {
        a.id: a
        for a in Assignment.objects.filter(pk__in=list(ids))
        .select_related("unit", "task__document", "directive")
        .annotate(
            parent_name=_parent_name(),
            days_overdue_sql=days_overdue_annotation(today=today),
            timeliness_sql=timeliness_annotation(today=today, due_soon_until=due_soon_until),
        )
    }
    events = event_counts(list(found))
    contacts = secretaries({a.unit_id for a in found.values()})
    rows = []
    for pk in ids:
        a = found.get(pk)
        if a is None:
            continue
        reminders, escalations = events.get(pk, (0, 0))
        unit_contacts = contacts.get(a.unit_id) or []
        rows.append(
            OverdueRow(
                id=a.id,
                unit=UnitInfo.of(a.unit),
                parent_name=a.parent_name or "",
                document=DocumentInfo.of(a.task.document),
                directive_label=(a.directive.number or str(a.directive)) if a.directive else "",
                task_ordinal=a.task.ordinal,
                task_text=a.task.text,
                due_on=a.due_on,
                days_overdue=a.days_overdue_sql,
                timeliness=Timeliness(a.timeliness_sql),
                reminders=reminders,
                escalations=escalations,
                contact=unit_contacts[0] if unit_contacts else None,
            )
        )
    return rows


def _slice(filterset: OverdueFilterSet, scope: DashboardScope) -> AssignmentSlice:
    data = filterset.form.cleaned_data
    unit = data.get("unit")
    directive = data.get("directive")
    today = filterset.today
    low, high = data.get("overdue_min"), data.get("overdue_max")
    return AssignmentSlice(
        paths=(unit.path,) if unit else scope.paths,
        states=filterset.states,
        directive_id=directive.pk if directive else None,
        level=int(data["level"]) if data.get("level") not in (None, "") else None,
        due_from=today - dt.timedelta(days=int(high)) if high is not None else None,
        due_to=today - dt.timedelta(days=int(low)) if low is not None else None,
    )


def overdue_page(
    *,
    scope: DashboardScope,
    filters: Mapping,
    today: dt.date,
    due_soon_until: dt.date,
    page: int = 1,
    per_page: int = PER_PAGE,
) -> tuple[OverdueFilterSet, OverduePage]:
    """One page of the filtered table; the total comes from the roll-up tables when they can count it."""
    filterset = overdue_filterset(scope=scope, filters=filters, today=today, due_soon_until=due_soon_until)
    if not filterset.is_valid():
        return filterset, OverduePage((), 0, 1, 1, per_page, "")
    source = count_source()
    if filterset.rollup_countable():
        total = source.count_assignments(slice_=_slice(filterset, scope), today=today, due_soon_until=due_soon_until)
        counted_by = source.name
    else:
        total = filterset.qs.order_by().count()
        counted_by = "direct"
    num_pages = max(1, -(-total // per_page))
    page = min(max(1, page), num_pages)
    ids = list(ordered(filterset).values_list("pk", flat=True)[(page - 1) * per_page : page * per_page])
    rows = _rows(ids, today=today, due_soon_until=due_soon_until)
    return filterset, OverduePage(tuple(rows), total, page, num_pages, per_page, counted_by)


def overdue_rows(
    *, scope: DashboardScope, filters: Mapping, today: dt.date, due_soon_until: dt.date, chunk: int = 2000
) -> Iterator[OverdueRow]:
    """Every row the filters select, in the table's order (for the exports)."""
    filterset = overdue_filterset(scope=scope, filters=filters, today=today, due_soon_until=due_soon_until)
    if not filterset.is_valid():
        return
    ids = ordered(filterset).values_list("pk", flat=True)
    batch: list[int] = []
    for pk in ids.iterator(chunk_size=chunk):
        batch.append(pk)
        if len(batch) >= chunk:
            yield from _rows(batch, today=today, due_soon_until=due_soon_until)
            batch = []
    if batch:
        yield from _rows(batch, today=today, due_soon_until=due_soon_until)
