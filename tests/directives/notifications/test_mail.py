"""The e-mail outbox: one digest per person and day, urgent mail for escalations, never empty, never lost."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from directives.models import Assignment, EmailDelivery, Notification
from directives.notifications.mail import DeliveryFailed, email_delivery_send, outbox_fill
from directives.watcher.sweep import deadlines_sweep
from tests.directives.deadline_helpers import at, scheduled_assignment
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
D = dt.date
DUE = D(2023, 11, 15)


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://cascade.example.vn"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def send_all() -> list[str]:
    return [
        email_delivery_send(delivery_id=pk) for pk in EmailDelivery.objects.order_by("pk").values_list("pk", flat=True)
    ]


def test_the_secretary_gets_one_digest_with_separate_sections(tree, secretary_a):
    scheduled_assignment(unit=tree.district_a, due_on=D(2023, 11, 14))  # due today on the 14th
    scheduled_assignment(unit=tree.district_a, due_on=D(2023, 11, 15))  # 1-day reminder on the 14th
    scheduled_assignment(unit=tree.district_a, due_on=D(2023, 11, 13))  # overdue on the 14th
    deadlines_sweep(now=at(D(2023, 11, 14), 0, 5))  # just after midnight: notices
    digest = EmailDelivery.objects.get()
    assert (digest.kind, digest.day) == (EmailDelivery.Kind.DIGEST, D(2023, 11, 14))
    assert outbox_fill(now=at(D(2023, 11, 14), 6, 59)) == []  # not before the digest hour
    assert outbox_fill(now=at(D(2023, 11, 14), 7, 0)) == [digest.pk]
    assert send_all() == ["sent"]
    (message,) = mail.outbox
    assert message.to == [secretary_a.email]
    assert message.subject == "[Cascade] Việc cần báo cáo ngày 14/11/2023: 3 nhiệm vụ (1 quá hạn)"
    body = message.body
    assert body.index("ĐẾN HẠN HÔM NAY (1)") < body.index("SẮP ĐẾN HẠN (1)") < body.index("QUÁ HẠN (1)")
    assert "còn 1 ngày làm việc" in body
    assert "https://cascade.example.vn/thong-bao/" in body
    html = message.alternatives[0][0]
    assert "Đến hạn hôm nay (1)" in html
    assert set(Notification.objects.values_list("email_error", flat=True)) == {""}
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_a_second_sweep_the_same_day_sends_no_second_digest(tree, secretary_a):
    scheduled_assignment(unit=tree.district_a, due_on=DUE)
    deadlines_sweep(now=at(D(2023, 11, 14), 6))
    deadlines_sweep(now=at(D(2023, 11, 14), 7))
    send_all()
    deadlines_sweep(now=at(D(2023, 11, 14), 9))
    assert send_all() == ["not-pending"]
    assert len(mail.outbox) == 1


def test_notices_made_after_the_digest_hour_wait_for_the_next_mornings_digest(tree, secretary_a):
    scheduled_assignment(unit=tree.district_a, due_on=DUE)
    deadlines_sweep(now=at(D(2023, 11, 14), 10))  # e.g. a document logged mid-morning
    assert EmailDelivery.objects.get().day == D(2023, 11, 15)
    assert outbox_fill(now=at(D(2023, 11, 14), 11)) == []


def test_no_digest_on_a_weekend_the_notices_wait_for_monday(tree, secretary_a):
    scheduled_assignment(unit=tree.district_a, due_on=D(2023, 11, 10))  # overdue on Saturday 11/11
    deadlines_sweep(now=at(D(2023, 11, 11), 8))
    assert EmailDelivery.objects.get().day == D(2023, 11, 13)
    assert outbox_fill(now=at(D(2023, 11, 12), 8)) == []
    assert len(outbox_fill(now=at(D(2023, 11, 13), 7))) == 1
    assert send_all() == ["sent"]
    assert "QUÁ HẠN (1)" in mail.outbox[0].body


def test_never_an_empty_email_when_the_unit_reported_in_the_meantime(tree, secretary_a):
    assignment = scheduled_assignment(unit=tree.district_a, due_on=DUE)
    deadlines_sweep(now=at(D(2023, 11, 14), 6))
    Assignment.objects.filter(pk=assignment.pk).update(
        status=Assignment.Status.SUBMITTED, submitted_at=at(D(2023, 11, 14), 7, 5), submitted_on=D(2023, 11, 14)
    )
    assert send_all() == ["skipped"]
    assert mail.outbox == []
    note = Notification.objects.get()
    assert note.emailed_at is not None
    assert "đã báo cáo" in note.email_error


def test_escalations_go_out_at_once_in_one_urgent_email_per_leader(tree, secretary_a, leader):
    for _ in range(2):
        scheduled_assignment(unit=tree.district_a, due_on=DUE, issuer=tree.board)
    deadlines_sweep(now=at(D(2023, 11, 21), 0, 5))  # before the digest hour
    urgent = EmailDelivery.objects.get(kind=EmailDelivery.Kind.URGENT)
    assert urgent.recipient == leader
    assert urgent.queued_at == at(D(2023, 11, 21), 0, 5)  # enqueued by that sweep, not at 07:00
    assert EmailDelivery.objects.get(kind=EmailDelivery.Kind.DIGEST).queued_at is None
    assert email_delivery_send(delivery_id=urgent.pk) == "sent"
    (message,) = mail.outbox
    assert message.subject == "[Cascade] Khẩn: 2 nhiệm vụ của đơn vị cấp dưới quá hạn"
    assert "Huyện ủy Trảng Bom" in message.body
    assert "quá hạn 4 ngày làm việc" in message.body


def test_a_failing_mail_server_keeps_the_email_pending_with_the_error(tree, secretary_a, settings):
    scheduled_assignment(unit=tree.district_a, due_on=DUE)
    deadlines_sweep(now=at(D(2023, 11, 14), 6))
    delivery = EmailDelivery.objects.get()
    settings.EMAIL_BACKEND = "tests.directives.flaky_mail.BrokenBackend"
    with pytest.raises(DeliveryFailed, match="Connection refused"):
        email_delivery_send(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == EmailDelivery.Status.PENDING
    assert delivery.claimed_until is None
    assert "ConnectionRefusedError" in delivery.last_error
    note = Notification.objects.get()
    assert note.emailed_at is None
    assert "Connection refused" in note.email_error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert email_delivery_send(delivery_id=delivery.pk) == "sent"
    assert len(mail.outbox) == 1


def test_a_lost_send_task_is_enqueued_again_once_stale(tree, secretary_a):
    scheduled_assignment(unit=tree.district_a, due_on=DUE)
    deadlines_sweep(now=at(D(2023, 11, 14), 6))
    assert len(outbox_fill(now=at(D(2023, 11, 14), 7))) == 1
    assert outbox_fill(now=at(D(2023, 11, 14), 7, 30)) == []  # queued 30 min ago: leave it
    assert len(outbox_fill(now=at(D(2023, 11, 14), 8, 5))) == 1  # an hour on: again


def test_a_person_without_an_email_address_gets_the_inbox_only(tree):
    user = UserFactory(username="khongthu", email="")
    from directives.models import Membership
    from tests.factories import MembershipFactory

    MembershipFactory(user=user, organization=tree.district_b, role=Membership.Role.SECRETARY)
    scheduled_assignment(unit=tree.district_b, due_on=DUE)
    deadlines_sweep(now=at(D(2023, 11, 14), 6))
    assert Notification.objects.filter(recipient=user).count() == 1
    assert send_all() == ["skipped"]
    assert mail.outbox == []
    assert Notification.objects.get(recipient=user).email_error == "Người nhận không có địa chỉ thư điện tử."


def test_notices_left_out_of_a_full_email_get_the_next_one(tree, leader, monkeypatch):
    monkeypatch.setattr("directives.notifications.mail.MAX_ITEMS", 1)
    for _ in range(2):
        scheduled_assignment(unit=tree.district_a, due_on=DUE, issuer=tree.board)
    deadlines_sweep(now=at(D(2023, 11, 21), 8))
    first = EmailDelivery.objects.get(kind=EmailDelivery.Kind.URGENT)
    assert email_delivery_send(delivery_id=first.pk) == "sent"
    follow_up = EmailDelivery.objects.get(kind=EmailDelivery.Kind.URGENT, status=EmailDelivery.Status.PENDING)
    assert email_delivery_send(delivery_id=follow_up.pk) == "sent"
    assert [m.subject for m in mail.outbox] == ["[Cascade] Khẩn: 1 nhiệm vụ của đơn vị cấp dưới quá hạn"] * 2
    assert not Notification.objects.filter(recipient=leader, emailed_at__isnull=True).exists()


def test_a_notice_no_pending_email_carries_gets_one_at_the_digest_hour(tree, secretary_a):
    scheduled_assignment(unit=tree.district_a, due_on=DUE)
    deadlines_sweep(now=at(D(2023, 11, 14), 6))
    EmailDelivery.objects.all().delete()  # as if lost in a race with a sender
    assert outbox_fill(now=at(D(2023, 11, 14), 6, 30)) == []
    assert len(outbox_fill(now=at(D(2023, 11, 14), 19))) == 0  # only the digest hour looks
    ids = outbox_fill(now=at(D(2023, 11, 15), 7))
    assert EmailDelivery.objects.get(pk__in=ids).recipient == secretary_a
