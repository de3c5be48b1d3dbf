"""The synthetic nation: deterministic, shaped like the 2025 Party tree, a valid treebeard tree;
and the benchmark command runs on it."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from django.core.management import call_command

from cascade.devtools.synthetic import PROVINCES, generate
from directives.models import Assignment, Document, Organization
from reports.dashboard.rollup import rollup_differences
from tests.reports.dashboard.conftest import TODAY

pytestmark = pytest.mark.django_db


def test_the_same_seed_builds_the_same_nation_and_another_seed_another():
    first_tree, first, _ = generate(units=1500, directives=2, seed=3, as_of=TODAY)
    again_tree, again, _ = generate(units=1500, directives=2, seed=3, as_of=TODAY)
    other_tree, other, _ = generate(units=1500, directives=2, seed=4, as_of=TODAY)
    assert first_tree.path == again_tree.path
    assert first_tree.name == again_tree.name
    assert first.assignments == again.assignments
    assert first.documents == again.documents
    assert first.assignments != other.assignments or first_tree.name != other_tree.name


def test_the_tree_has_the_shape_of_the_party_since_july_2025():
    tree, out, _ = generate(units=3000, directives=1, seed=1, as_of=TODAY)
    assert len(tree) == 3000
    by_depth = Counter(tree.depth)
    provinces = [i for i in tree.children[0] if tree.code[i].startswith("tu-")]
    assert len(provinces) == len(PROVINCES) == 34
    assert by_depth[1] == 1
    assert by_depth[3] < by_depth[4] < by_depth[5]  # committees < grassroots < cells
    assert out.assignments  # the directive reached somebody


def test_the_loaded_tree_is_valid_and_its_rollups_exact(nation):
    assert Organization.objects.count() == 700
    problems = Organization.objects.find_problems()
    assert all(not ids for ids in problems), problems
    for org in Organization.objects.filter(depth__lte=2):
        assert org.numchild == Organization.objects.get_children(org).count()
    assert Document.objects.filter(primary_parent__isnull=True).count() == 3
    assert Assignment.objects.exists()
    assert rollup_differences() == []


def test_the_seed_command_refuses_a_database_that_has_data(nation):
    with pytest.raises(Exception, match="--reset"):
        call_command("seed_synthetic", units=500, directives=1, stdout=io.StringIO())


def test_the_benchmark_prints_each_view_next_to_the_floor(nation):
    out = io.StringIO()
    call_command("bench_dashboard", repeat=2, warmup=0, stdout=out)
    text = out.getvalue()
    assert "cascade · whole country" in text
    assert "floor · hand-written SQL over assignments" in text
    assert "HTTP" not in text  # every view answered 200
