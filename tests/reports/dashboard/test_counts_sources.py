"""Roll-up tables and direct aggregation answer every dashboard question like a brute-force count."""

from __future__ import annotations

import pytest

from directives.models import Assignment, Document, Organization, Task
from directives.timeliness import Timeliness
from reports.dashboard.counts import AssignmentSlice, DirectCounts, RollupTables
from tests.reports.dashboard.conftest import TODAY, brute_counts

pytestmark = pytest.mark.django_db

SOURCES = [DirectCounts(), RollupTables()]


def _by_directive(directive_id):
    return list(Assignment.objects.filter(directive_id=directive_id))


def _children_brute(rows, parent_path):
    width = len(parent_path) + 4
    groups: dict[str, list] = {}
    for a in rows:
        if a.unit_path.startswith(parent_path):
            groups.setdefault(a.unit_path[:width], []).append(a)
    return {k: brute_counts(v, TODAY) for k, v in groups.items()}


@pytest.mark.parametrize("source", SOURCES, ids=lambda s: s.name)
def test_children_of_the_root_a_province_and_a_commune_match_brute_force(nation, source, soon):
    root = Organization.objects.get(depth=1)
    for directive in Document.objects.filter(primary_parent__isnull=True, cascade_assignments__isnull=False).distinct():
        rows = _by_directive(directive.pk)
        busiest = max(rows, key=lambda a: len(a.unit_path)).unit_path
        for parent in (root.path, busiest[:8], busiest[:12]):
            got = source.totals_by_node(directive_id=directive.pk, parents=[parent], today=TODAY, due_soon_until=soon)
            assert got == _children_brute(rows, parent), (directive.number, parent)


@pytest.mark.parametrize("source", SOURCES, ids=lambda s: s.name)
def test_directive_totals_levels_and_due_dates_match_brute_force(nation, source, soon):
    province = Organization.objects.get(code="tu-hcm")
    for paths in ([Organization.objects.get(depth=1).path], [province.path]):
        totals = source.totals_by_directive(paths=paths, today=TODAY, due_soon_until=soon)
        for directive_id, counts in totals.items():
            rows = [a for a in _by_directive(directive_id) if a.unit_path.startswith(paths[0])]
            assert counts == brute_counts(rows, TODAY)
            levels = source.totals_by_level(directive_id=directive_id, paths=paths, today=TODAY, due_soon_until=soon)
            for level, level_counts in levels.items():
                assert level_counts == brute_counts([a for a in rows if a.unit.level == level], TODAY)
            by_due = dict(source.totals_by_due_date(directive_id=directive_id, paths=paths))
            assert sum(by_due.values()) == len(rows)


@pytest.mark.parametrize("source", SOURCES, ids=lambda s: s.name)
def test_document_subtrees_match_brute_force(nation, source, soon):
    parents = dict(Document.objects.values_list("id", "primary_parent_id"))
    task_document = dict(Task.objects.values_list("id", "document_id"))

    def ancestors(document_id):
        while document_id is not None:
            yield document_id
            document_id = parents.get(document_id)

    commune = Organization.objects.filter(depth=3, assignments__isnull=False).first()
    for paths in ([Organization.objects.get(depth=1).path], [commune.path[:8]], [commune.path]):
        for directive in Document.objects.filter(
            primary_parent__isnull=True, cascade_assignments__isnull=False
        ).distinct():
            documents = [*list(Document.objects.filter(root=directive).values_list("id", flat=True)[:40]), directive.pk]
            got = source.totals_by_document(
                directive_id=directive.pk, document_ids=documents, paths=paths, today=TODAY, due_soon_until=soon
            )
            expected: dict[int, list] = {}
            for a in _by_directive(directive.pk):
                if a.unit_path.startswith(paths[0]):
                    for d in ancestors(task_document[a.task_id]):
                        if d in documents:
                            expected.setdefault(d, []).append(a)
            assert got == {d: brute_counts(rows, TODAY) for d, rows in expected.items()}


@pytest.mark.parametrize("source", SOURCES, ids=lambda s: s.name)
def test_backlog_ranking_and_heatmap_rows_match_brute_force(nation, source, soon):
    root = Organization.objects.get(depth=1)
    level = Organization.Level.GRASSROOTS
    ranked, total = source.own_ranking(paths=[root.path], today=TODAY, level=level, limit=1000)
    own_overdue: dict[str, list] = {}
    for a in Assignment.objects.filter(unit__level=level).select_related("unit"):
        if a.timeliness(today=TODAY, due_soon_until=soon) is Timeliness.OVERDUE:
            own_overdue.setdefault(a.unit_path, []).append(a)
    assert total == len(own_overdue)
    assert {r.path: r.overdue for r in ranked} == {p: len(v) for p, v in own_overdue.items()}
    assert [(r.overdue, r.overdue_days) for r in ranked] == sorted(
        ((r.overdue, r.overdue_days) for r in ranked), reverse=True
    )
    directive = Document.objects.filter(primary_parent__isnull=True).order_by("id").first()
    rows, count = source.units_at_level(
        directive_id=directive.pk, paths=[root.path], level=level, today=TODAY, due_soon_until=soon, limit=1000
    )
    expected: dict[str, list] = {}
    for a in Assignment.objects.filter(directive=directive, unit__level=level):
        expected.setdefault(a.unit_path, []).append(a)
    assert count == len(expected)
    assert dict(rows) == {p: brute_counts(v, TODAY) for p, v in expected.items()}


@pytest.mark.parametrize("source", SOURCES, ids=lambda s: s.name)
def test_counting_a_filtered_slice_matches_brute_force(nation, source, soon):
    province = Organization.objects.get(code="tu-hanoi")
    directive = Document.objects.filter(primary_parent__isnull=True).order_by("id").first()
    rows = [a for a in _by_directive(directive.pk) if a.unit_path.startswith(province.path)]
    for states in ({Timeliness.OVERDUE}, {Timeliness.DUE_SOON, Timeliness.ON_TRACK}, set(Timeliness)):
        for level in (None, Organization.Level.GRASSROOTS):
            chosen = AssignmentSlice(
                paths=(province.path,), states=frozenset(states), directive_id=directive.pk, level=level
            )
            expected = [
                a
                for a in rows
                if a.timeliness(today=TODAY, due_soon_until=soon) in states and (level is None or a.unit.level == level)
            ]
            assert source.count_assignments(slice_=chosen, today=TODAY, due_soon_until=soon) == len(expected)
