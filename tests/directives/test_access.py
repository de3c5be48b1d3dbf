"""The permission layer: who sees which units, documents, assignments, reports and members."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.test import RequestFactory

from directives import access
from directives.access import (
    Scope,
    assignments_for,
    can_see,
    documents_for,
    get_visible_or_404,
    memberships_for,
    organizations_for,
    roles_in,
    scope_for,
    tasks_for,
    visible,
    with_visible,
)
from directives.models import Assignment, Membership, Notification, Organization, Reference
from reports.completion.access import reports_for
from reports.models import Attachment, CompletionReport
from tests.factories import (
    AssignmentFactory,
    CompletionReportFactory,
    DocumentFactory,
    MembershipFactory,
    TaskFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def work(tree):
    """A province guidance assigned to both districts, each with a submitted report and a draft."""
    guidance = DocumentFactory(issuer=tree.board, subject="Hướng dẫn của Ban Tuyên giáo tỉnh")
    task = TaskFactory(document=guidance)
    to_a = AssignmentFactory(task=task, unit=tree.district_a)
    to_b = AssignmentFactory(task=task, unit=tree.district_b)
    own_a = DocumentFactory(issuer=tree.district_a, subject="Kế hoạch riêng của Huyện ủy Trảng Bom")
    own_b = DocumentFactory(issuer=tree.district_b, subject="Kế hoạch riêng của Thành ủy Biên Hòa")
    Reference.objects.create(child=own_a, parent=guidance, relation=Reference.Relation.IMPLEMENTS)
    foreign = DocumentFactory(issuer=tree.other_province, subject="Văn bản của Tỉnh ủy Quảng Ngãi")
    report_a = CompletionReportFactory(assignment=to_a, status="submitted", submitted_at="2023-10-20T08:00+07:00")
    report_b = CompletionReportFactory(assignment=to_b, status="submitted", submitted_at="2023-10-21T08:00+07:00")
    draft_b = CompletionReportFactory(assignment=to_b, version=2, status="draft")
    return {
        "guidance": guidance,
        "to_a": to_a,
        "to_b": to_b,
        "own_a": own_a,
        "own_b": own_b,
        "foreign": foreign,
        "report_a": report_a,
        "report_b": report_b,
        "draft_b": draft_b,
    }


def test_scope_keeps_its_meaning_for_q_and_covers(tree, leader, secretary_a):
    scope = scope_for(leader)
    assert scope.subtree_paths == (tree.province.path,)
    assert scope.covers(tree.commune_b)
    assert not scope.covers(tree.other_province)
    units = Organization.objects.filter(scope_for(secretary_a).q(path_field="path", id_field="id"))
    assert list(units) == [tree.district_a]


def test_a_scope_built_by_hand_still_works_positionally(tree):
    scope = Scope((tree.district_a.path,), ())
    assert scope.covers(tree.commune_a)
    assert not scope.is_manager


def test_anonymous_and_inactive_users_see_nothing(tree, leader):
    assert scope_for(AnonymousUser()).is_empty
    leader.is_active = False
    assert scope_for(leader).is_empty


def test_superusers_see_everything(tree, work):
    root = UserFactory(username="root", is_superuser=True)
    assert documents_for(root).count() == 4
    assert reports_for(root).count() == 3


def test_leaders_and_staff_see_their_subtree(tree, work, leader, staff):
    for person in (leader, staff):
        assert set(assignments_for(person)) == {work["to_a"], work["to_b"]}
        assert {tree.commune_a, tree.commune_b} <= set(organizations_for(person))
        assert tree.other_province not in organizations_for(person)


def test_secretaries_see_only_their_unit(tree, work, secretary_a):
    assert list(assignments_for(secretary_a)) == [work["to_a"]]
    assert list(organizations_for(secretary_a)) == [tree.district_a]


def test_secretary_cannot_see_a_sibling_units_reports(tree, work, secretary_a):
    assert list(reports_for(secretary_a)) == [work["report_a"]]
    with pytest.raises(Http404):
        get_visible_or_404(secretary_a, CompletionReport, pk=work["report_b"].pk)


def test_a_draft_is_visible_only_inside_the_unit_writing_it(tree, work, leader, secretary_b):
    assert work["draft_b"] not in reports_for(leader)
    assert work["report_b"] in reports_for(leader)
    assert work["draft_b"] in reports_for(secretary_b)


def test_documents_sent_to_a_unit_are_visible_to_it_but_not_a_siblings_own(tree, work, secretary_a):
    docs = set(documents_for(secretary_a))
    assert work["guidance"] in docs  # assigned to district A
    assert work["own_a"] in docs  # issued by district A
    assert work["own_b"] not in docs  # district B's own plan
    assert work["foreign"] not in docs


def test_what_a_unit_implements_is_visible_to_it(tree, secretary_a):
    directive = DocumentFactory(number="57-KL/TW", issuer=tree.centre, subject="Kết luận 57")
    own = DocumentFactory(issuer=tree.district_a)
    Reference.objects.create(child=own, parent=directive, relation=Reference.Relation.IMPLEMENTS)
    assert directive in documents_for(secretary_a)


def test_the_directive_a_units_work_traces_back_to_is_visible(tree, secretary_a):
    directive = DocumentFactory(number="57-KL/TW", issuer=tree.centre)
    child = DocumentFactory(issuer=tree.board, primary_parent=directive, root=directive)
    AssignmentFactory(task=TaskFactory(document=child), unit=tree.district_a, directive=directive)
    assert directive in documents_for(secretary_a)


def test_tasks_follow_their_document(tree, work, secretary_b, outsider):
    assert tasks_for(secretary_b).count() == 1
    assert tasks_for(outsider).count() == 0


def test_memberships_of_units_in_scope_and_ones_own(tree, leader, secretary_a, outsider):
    assert {m.user for m in memberships_for(leader)} >= {leader, secretary_a}
    assert [m.user for m in memberships_for(outsider)] == [outsider]


def test_notifications_are_personal_even_for_superusers(tree, leader, secretary_a):
    Notification.objects.create(recipient=secretary_a, kind="reminder", message="x")
    root = UserFactory(username="root2", is_superuser=True)
    assert visible(root, Notification).count() == 0
    assert visible(secretary_a, Notification).count() == 1


def test_one_person_with_roles_in_several_units_sees_all_of_them(tree, work, secretary_a):
    MembershipFactory(user=secretary_a, organization=tree.district_b, role=Membership.Role.SECRETARY)
    assert set(assignments_for(secretary_a)) == {work["to_a"], work["to_b"]}


def test_managers_are_leaders_and_admins_over_the_unit(tree, leader, staff, secretary_a, unit_admin):
    assert scope_for(leader).can_manage(tree.commune_a)
    assert scope_for(unit_admin).can_manage(tree.district_b)
    assert not scope_for(staff).can_manage(tree.district_a)
    assert not scope_for(secretary_a).can_manage(tree.district_a)
    assert not scope_for(leader).can_manage(tree.other_province)
    assert scope_for(unit_admin).is_admin
    assert not scope_for(leader).is_admin


def test_roles_in_counts_subtree_roles_from_above(tree, leader, secretary_a):
    assert roles_in(leader, tree.commune_a) == {"leader"}
    assert roles_in(secretary_a, tree.district_a) == {"secretary"}
    assert roles_in(secretary_a, tree.commune_a) == set()


def test_get_visible_or_404_narrows_a_queryset_keeping_its_shape(tree, work, leader, django_assert_num_queries):
    base = Assignment.objects.select_related("unit", "task__document")
    with django_assert_num_queries(2):  # the scope, then one query for the object and its relations
        found = get_visible_or_404(leader, base, pk=work["to_a"].pk)
        assert found.unit.name
        assert found.task.document.subject


def test_get_visible_or_404_treats_garbage_ids_as_not_found(tree, leader):
    with pytest.raises(Http404):
        get_visible_or_404(leader, Assignment, pk="abc")


def test_can_see_and_every_registered_model(tree, work, secretary_a):
    assert can_see(secretary_a, work["to_a"])
    assert not can_see(secretary_a, work["to_b"])
    for label in access.SCOPES:
        access.scope_rule(label)(secretary_a, scope=None).count()  # every rule runs as SQL


def test_every_model_of_the_project_has_a_visibility_rule():
    from django.apps import apps

    project_apps = {"directives", "reports", "accounts"}
    missing = [
        m._meta.label_lower
        for m in apps.get_models()
        if m._meta.app_label in project_apps and m._meta.label_lower not in access.SCOPES
    ]
    assert missing == [], f"add @register_scope rules for {missing} (directives/access.py)"


def test_with_visible_passes_the_object_or_404s(tree, work, secretary_a):
    @with_visible(Assignment, kwarg="pk", as_="assignment")
    def view(request, assignment):
        return assignment

    request = RequestFactory().get("/")
    request.user = secretary_a
    assert view(request, pk=work["to_a"].pk) == work["to_a"]
    with pytest.raises(Http404):
        view(request, pk=work["to_b"].pk)


def test_attachments_follow_their_report(tree, work, secretary_a, secretary_b):
    attachment = Attachment.objects.create(
        report=work["report_b"], file="x.pdf", original_name="x.pdf", content_type="application/pdf", size=1, sha256=""
    )
    assert not can_see(secretary_a, attachment)
    assert can_see(secretary_b, attachment)


def test_the_mixin_scopes_class_based_views(tree, work, secretary_a):
    from django.views.generic import DetailView

    from directives.access import ScopedQuerysetMixin

    class AssignmentDetail(ScopedQuerysetMixin, DetailView):
        model = Assignment

        def render_to_response(self, context, **kwargs):
            return context["object"]

    request = RequestFactory().get("/")
    request.user = secretary_a
    assert AssignmentDetail.as_view()(request, pk=work["to_a"].pk) == work["to_a"]
    with pytest.raises(Http404):
        AssignmentDetail.as_view()(request, pk=work["to_b"].pk)


def test_member_and_manager_decorators(tree, leader, secretary_a):
    from django.core.exceptions import PermissionDenied

    from directives.access import manager_required, member_required

    @member_required
    def for_members(request):
        return "ok"

    @manager_required
    def for_managers(request):
        return "ok"

    request = RequestFactory().get("/")
    request.user = UserFactory(username="khong_don_vi")
    with pytest.raises(PermissionDenied):
        for_members(request)
    request = RequestFactory().get("/")
    request.user = secretary_a
    assert for_members(request) == "ok"
    with pytest.raises(PermissionDenied):
        for_managers(request)
    request = RequestFactory().get("/")
    request.user = leader
    assert for_managers(request) == "ok"
    anonymous = RequestFactory().get("/")
    anonymous.user = AnonymousUser()
    assert for_members(anonymous).status_code == 302
