"""The audit trail: every change to audited rows is recorded, attributed, shown, and never rewritten."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.admin.sites import site
from django.db import DatabaseError, connection, transaction
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from accounts import audit
from accounts.models import AuditEntry
from directives.documents.services import AssigneeInput, DocumentInput, TaskInput, document_log
from directives.models import Assignment, Document, Membership
from tests.factories import AssignmentFactory, DocumentFactory, MembershipFactory, TaskFactory, UserFactory

pytestmark = pytest.mark.django_db


def _entries(obj):
    return list(AuditEntry.objects.for_object(obj).order_by("id"))


def test_creating_changing_and_deleting_an_assignment_is_recorded_with_who_and_what(tree, leader):
    with audit.acting_as(leader):
        assignment = AssignmentFactory(unit=tree.district_a, due_on=dt.date(2023, 10, 31))
        assignment.due_on = dt.date(2023, 11, 15)
        assignment.save()
        pk = assignment.pk
        assignment.delete()
    entries = list(AuditEntry.objects.filter(object_type="directives.assignment", object_id=str(pk)).order_by("id"))
    assert [e.action for e in entries] == ["create", "update", "delete"]
    assert all(e.actor == leader for e in entries)
    assert entries[1].changes == {"due_on": ["2023-10-31", "2023-11-15"]}
    assert entries[0].unit_path == tree.district_a.path
    assert entries[2].unit_path == tree.district_a.path  # still known after the row is gone
    assert entries[0].actor_name.endswith("(lanhdao)")


def test_saving_without_a_change_records_nothing(tree):
    assignment = AssignmentFactory(unit=tree.district_a)
    before = AuditEntry.objects.count()
    assignment.save()
    assert AuditEntry.objects.count() == before


def test_foreign_keys_are_recorded_by_name(tree, leader):
    assignment = AssignmentFactory(unit=tree.district_a)
    with audit.acting_as(leader):
        assignment.unit = tree.district_b
        assignment.save()
    change = _entries(assignment)[-1].changes["unit"]
    assert change == ["Huyện ủy Trảng Bom", "Thành ủy Biên Hòa"]


def test_memberships_tasks_documents_and_reports_are_audited(tree, leader):
    with audit.acting_as(leader):
        membership = MembershipFactory(organization=tree.district_a, role=Membership.Role.STAFF)
        task = TaskFactory(document=DocumentFactory(issuer=tree.board))
        task.due_on = dt.date(2024, 1, 15)
        task.save(update_fields=["due_on"])
    assert _entries(membership)[0].action == "create"
    assert _entries(task)[-1].changes == {"due_on": ["2023-10-31", "2024-01-15"]}
    assert _entries(task.document)[0].unit_path == tree.board.path


def test_logging_a_document_records_the_assignments_it_creates_in_bulk(tree, staff):
    data = DocumentInput(
        number="9-HD/BTGTU",
        issuer=tree.board,
        issued_on=dt.date(2023, 9, 1),
        subject="Hướng dẫn",
        tasks=[
            TaskInput(text="Tổ chức hội nghị", due_on=dt.date(2023, 10, 31), assignees=[AssigneeInput(tree.district_a)])
        ],
    )
    with audit.acting_as(staff):
        document = document_log(data=data, created_by=staff)
    assignment = Assignment.objects.get(task__document=document)
    entry = _entries(assignment)[0]
    assert entry.action == "create"
    assert entry.actor == staff
    assert entry.changes["due_on"] == [None, "2023-10-31"]
    assert _entries(document)[0].actor == staff


def test_a_rolled_back_change_leaves_no_entry(tree):
    assignment = AssignmentFactory(unit=tree.district_a)
    before = AuditEntry.objects.count()

    def submit_then_fail():
        with transaction.atomic():
            assignment.status = Assignment.Status.SUBMITTED
            assignment.submitted_at = dt.datetime(2023, 10, 1, tzinfo=dt.UTC)
            assignment.save()
            raise RuntimeError

    with pytest.raises(RuntimeError):
        submit_then_fail()
    assert AuditEntry.objects.count() == before


def test_changes_made_while_serving_a_request_are_attributed_to_the_signed_in_user(client, tree, leader):
    membership = MembershipFactory(organization=tree.district_a, role=Membership.Role.SECRETARY)
    client.force_login(leader)
    response = client.post(reverse("membership_remove", args=[membership.pk]), {"reason": "Chuyển công tác"})
    assert response.status_code == 302
    entries = AuditEntry.objects.filter(object_type="directives.membership", object_id=str(membership.pk))
    delete, note = entries.exclude(action="create").order_by("id")
    assert delete.action == "delete"
    assert delete.actor == leader
    assert delete.source == "web"
    assert delete.ip_address == "127.0.0.1"
    assert note.message == "Lý do gỡ: Chuyển công tác"


def test_the_trail_is_append_only_in_python(tree):
    entry = audit.record(object_type="x.y", object_id=1, message="một")
    entry.message = "hai"
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises(TypeError):
        AuditEntry.objects.filter(pk=entry.pk).update(message="hai")
    with pytest.raises(TypeError):
        AuditEntry.objects.filter(pk=entry.pk).delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
@pytest.mark.parametrize(
    "sql",
    ["UPDATE accounts_auditentry SET message = 'sửa' WHERE id = %s", "DELETE FROM accounts_auditentry WHERE id = %s"],
)
def test_the_database_refuses_to_update_or_delete_an_entry(tree, sql):
    entry = audit.record(object_type="x.y", object_id=1, message="gốc")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).message == "gốc"


def test_the_admin_shows_the_trail_read_only(tree):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    request = RequestFactory().get("/")
    request.user = root
    model_admin = site._registry[AuditEntry]
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_the_admin_page_of_an_entry_opens(client, tree):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    with audit.acting_as(root):
        assignment = AssignmentFactory(unit=tree.district_a)
    entry = _entries(assignment)[0]
    client.force_login(root)
    assert client.get(reverse("admin:accounts_auditentry_changelist")).status_code == 200
    response = client.get(reverse("admin:accounts_auditentry_change", args=[entry.pk]))
    assert response.status_code == 200
    assert "Hạn cuối" in response.content.decode()


def test_the_history_partial_shows_an_objects_changes_in_vietnamese(tree, leader):
    assignment = AssignmentFactory(unit=tree.district_a, due_on=dt.date(2023, 10, 31))
    with audit.acting_as(leader):
        assignment.due_on = dt.date(2023, 11, 15)
        assignment.status = Assignment.Status.RETURNED
        assignment.save()
    html = Template("{% load audit %}{% audit_history obj %}").render(Context({"obj": assignment}))
    assert "Lịch sử thay đổi" in html
    assert "31/10/2023" in html
    assert "15/11/2023" in html
    assert "Bị trả lại" in html
    assert "lanhdao" in html


def test_the_history_fragment_is_served_to_whoever_sees_the_object(client, tree, secretary_a, secretary_b):
    mine = AssignmentFactory(unit=tree.district_a)
    theirs = AssignmentFactory(unit=tree.district_b)
    client.force_login(secretary_a)
    url = reverse("audit_object_history", args=["directives.assignment", mine.pk])
    assert client.get(url, HTTP_HX_REQUEST="true").status_code == 200
    other = reverse("audit_object_history", args=["directives.assignment", theirs.pk])
    assert client.get(other).status_code == 404
    assert client.get(reverse("audit_object_history", args=["auth.user", 1])).status_code == 404


class TestAuditSearch:
    def test_only_admins_may_search(self, client, tree, secretary_a, leader):
        for person in (secretary_a, leader):
            client.force_login(person)
            assert client.get(reverse("audit_list")).status_code == 403

    def test_a_unit_admin_sees_only_their_subtrees_entries(self, client, tree, unit_admin):
        AssignmentFactory(unit=tree.district_a, task=TaskFactory(text="Việc trong tỉnh"))
        AssignmentFactory(unit=tree.other_province, task=TaskFactory(text="Việc tỉnh khác"))
        client.force_login(unit_admin)
        body = client.get(reverse("audit_list"), {"object_type": "directives.assignment"}).content.decode()
        assert "Huyện ủy Trảng Bom" in body
        assert "Tỉnh ủy Quảng Ngãi" not in body

    def test_filters_by_action_text_and_dates(self, client, tree, unit_admin):
        assignment = AssignmentFactory(unit=tree.district_a)
        assignment.due_on = dt.date(2024, 2, 2)
        assignment.save()
        client.force_login(unit_admin)
        response = client.get(reverse("audit_list"), {"action": "update", "q": "Trảng Bom", "date_from": "01/01/2020"})
        assert len(response.context["entries"]) == 1
        bad = client.get(reverse("audit_list"), {"date_from": "31/12/2024", "date_to": "01/01/2024"})
        assert "phải sau" in bad.content.decode()

    def test_the_list_costs_a_fixed_number_of_queries(self, client, tree, unit_admin, django_assert_num_queries):
        for _ in range(12):
            AssignmentFactory(unit=tree.district_a)
        client.force_login(unit_admin)
        client.get(reverse("audit_list"))
        # session, user, scope, count, page, unread notifications
        with django_assert_num_queries(6):
            response = client.get(reverse("audit_list"))
        assert len(response.context["entries"]) > 12

    def test_entries_of_deleted_documents_stay_searchable(self, client, tree, unit_admin):
        document = DocumentFactory(issuer=tree.board, subject="Văn bản sẽ bị xóa")
        Document.objects.filter(pk=document.pk).first().delete()
        client.force_login(unit_admin)
        response = client.get(reverse("audit_list"), {"action": "delete", "object_type": "directives.document"})
        assert len(response.context["entries"]) == 1


class TestBulkWrites:
    def test_a_queryset_update_records_each_rows_diff(self, tree, leader):
        a = AssignmentFactory(unit=tree.district_a, due_on=dt.date(2023, 10, 31))
        b = AssignmentFactory(unit=tree.district_b, due_on=dt.date(2023, 10, 31))
        with audit.acting_as(leader):
            Assignment.objects.filter(pk__in=[a.pk, b.pk]).update(due_on=dt.date(2023, 12, 1))
        for row, unit in ((a, tree.district_a), (b, tree.district_b)):
            entry = _entries(row)[-1]
            assert entry.action == "update"
            assert entry.actor == leader
            assert entry.changes == {"due_on": ["2023-10-31", "2023-12-01"]}
            assert entry.unit_path == unit.path

    def test_a_compare_and_swap_update_records_only_rows_it_changed(self, tree):
        a = AssignmentFactory(unit=tree.district_a)
        b = AssignmentFactory(unit=tree.district_a, status=Assignment.Status.RETURNED)
        Assignment.objects.filter(pk__in=[a.pk, b.pk], status="pending").update(status="returned")
        assert _entries(a)[-1].changes == {"status": ["pending", "returned"]}
        assert [e.action for e in _entries(b)] == ["create"]

    def test_bookkeeping_updates_are_not_recorded(self, tree):
        a = AssignmentFactory(unit=tree.district_a)
        before = AuditEntry.objects.count()
        Assignment.objects.filter(pk=a.pk).update(next_check_on=dt.date(2023, 10, 24))
        assert AuditEntry.objects.count() == before

    def test_bulk_update_and_bulk_create_are_recorded(self, tree):
        task = TaskFactory()
        rows = Assignment.objects.bulk_create(
            [Assignment(task=task, unit=unit, unit_path=unit.path) for unit in (tree.district_a, tree.district_b)]
        )
        assert all(_entries(r)[0].action == "create" for r in rows)
        for row in rows:
            row.due_on = dt.date(2024, 3, 1)
        Assignment.objects.bulk_update(rows, ["due_on"])
        assert all(_entries(r)[-1].changes["due_on"][1] == "2024-03-01" for r in rows)

    def test_update_bulk_update_and_bulk_create_record_one_entry_per_row_with_old_and_new_values(self, tree, leader):
        task = TaskFactory()
        units = (tree.district_a, tree.district_b, tree.commune_a)
        with audit.acting_as(leader):
            rows = Assignment.objects.bulk_create(
                [Assignment(task=task, unit=u, unit_path=u.path, due_on=dt.date(2023, 10, 31)) for u in units]
            )
            Assignment.objects.filter(pk__in=[r.pk for r in rows]).update(due_on=dt.date(2023, 11, 30))
            for day, row in enumerate(rows, start=1):
                row.due_on = dt.date(2023, 12, day)
            Assignment.objects.bulk_update(rows, ["due_on"])
        for day, (row, unit) in enumerate(zip(rows, units, strict=True), start=1):
            entries = _entries(row)
            assert [e.action for e in entries] == ["create", "update", "update"]
            assert all(e.actor == leader and e.unit_path == unit.path for e in entries)
            assert entries[0].changes["due_on"] == [None, "2023-10-31"]
            assert entries[0].changes["unit"] == [None, unit.name]
            assert entries[1].changes == {"due_on": ["2023-10-31", "2023-11-30"]}
            assert entries[2].changes == {"due_on": ["2023-11-30", f"2023-12-{day:02d}"]}

    def test_bulk_writes_of_a_model_without_a_custom_queryset_are_recorded_too(self, tree, leader):
        staff = [UserFactory(username=f"canbo{i}") for i in range(2)]
        with audit.acting_as(leader):
            rows = Membership.objects.bulk_create(
                [Membership(user=u, organization=tree.district_a, role=Membership.Role.STAFF) for u in staff]
            )
            Membership.objects.filter(pk__in=[r.pk for r in rows]).update(title="Chuyên viên")
        for row in rows:
            create, update = _entries(row)
            assert create.changes["role"] == [None, "staff"]
            assert update.changes == {"title": ["", "Chuyên viên"]}
            assert update.unit_path == tree.district_a.path

    def test_a_rolled_back_bulk_update_leaves_no_entry(self, tree):
        assignment = AssignmentFactory(unit=tree.district_a)
        before = AuditEntry.objects.count()

        def move_then_fail():
            with transaction.atomic():
                Assignment.objects.filter(pk=assignment.pk).update(due_on=dt.date(2024, 1, 1))
                raise RuntimeError

        with pytest.raises(RuntimeError):
            move_then_fail()
        assert AuditEntry.objects.count() == before

    def test_references_nulled_by_a_delete_are_recorded(self, tree, leader):
        author = UserFactory(username="tacgia")
        parent = DocumentFactory(issuer=tree.board)
        child = DocumentFactory(issuer=tree.board, primary_parent=parent, created_by=author)
        with audit.acting_as(leader):
            parent.delete()
            author.delete()
        changes = [e.changes for e in _entries(child) if e.action == "update"]
        assert changes == [{"primary_parent": [str(parent), None]}, {"created_by": ["tacgia", None]}]

    def test_a_model_that_is_not_audited_records_nothing_and_keeps_djangos_update(self, tree, leader):
        from django.db import models

        from directives.models import Notification

        queryset = Notification.objects.all()
        assert type(queryset).update is models.QuerySet.update
        assert models.QuerySet.update.__module__ == "django.db.models.query"
        before = AuditEntry.objects.count()
        rows = Notification.objects.bulk_create([Notification(recipient=leader, kind="reminder", message="x")])
        assert Notification.objects.filter(pk=rows[0].pk).update(message="y") == 1
        rows[0].message = "z"
        Notification.objects.bulk_update(rows, ["message"])
        assert AuditEntry.objects.count() == before
