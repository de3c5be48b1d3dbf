"""Signing in, brute-force lockout, passwords, invitations and unit members — as people use them."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from accounts import services
from accounts.models import Invitation
from directives.models import Membership
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


class TestLogin:
    def test_signing_in_and_out(self, client, secretary_a):
        response = client.post(reverse("login"), {"username": "thuky_a", "password": "mat-khau-dai-1"})
        assert response.status_code == 302
        assert response["Location"] == reverse("home")
        response = client.post(reverse("logout"))
        assert response.status_code == 302
        assert response["Location"] == reverse("login")
        assert client.get(reverse("home")).status_code == 302

    def test_a_wrong_password_keeps_the_username_and_says_so_in_vietnamese(self, client, secretary_a):
        response = client.post(reverse("login"), {"username": "thuky_a", "password": "sai"})
        body = response.content.decode()
        assert response.status_code == 200
        assert "Tên đăng nhập hoặc mật khẩu không đúng" in body
        assert 'value="thuky_a"' in body

    def test_five_wrong_passwords_lock_the_account_from_that_address_in_vietnamese(self, client, secretary_a):
        for _ in range(4):
            assert client.post(reverse("login"), {"username": "thuky_a", "password": "sai"}).status_code == 200
        locked = client.post(reverse("login"), {"username": "thuky_a", "password": "sai"})
        assert locked.status_code == 429
        body = locked.content.decode()
        assert "Tạm khóa đăng nhập" in body
        assert "15 phút" in body
        assert locked["Retry-After"] == "900"
        # Even the right password is refused while locked.
        again = client.post(reverse("login"), {"username": "thuky_a", "password": "mat-khau-dai-1"})
        assert again.status_code == 429

    def test_the_lock_is_per_address_and_lifts_after_the_cool_off(self, client, secretary_a):
        for _ in range(5):
            client.post(reverse("login"), {"username": "thuky_a", "password": "sai"})
        other = client.post(
            reverse("login"), {"username": "thuky_a", "password": "mat-khau-dai-1"}, REMOTE_ADDR="10.0.0.9"
        )
        assert other.status_code == 302
        client.post(reverse("logout"))
        with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(minutes=16)):
            later = client.post(reverse("login"), {"username": "thuky_a", "password": "mat-khau-dai-1"})
        assert later.status_code == 302

    def test_signing_in_without_a_request_still_works_for_tests_and_commands(self, client, secretary_a):
        assert client.login(username="thuky_a", password="mat-khau-dai-1")
        assert not client.login(username="thuky_a", password="sai")

    def test_an_inactive_account_cannot_sign_in(self, client, secretary_a):
        secretary_a.is_active = False
        secretary_a.save()
        response = client.post(reverse("login"), {"username": "thuky_a", "password": "mat-khau-dai-1"})
        assert response.status_code == 200
        assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


class TestPasswords:
    def test_changing_ones_password(self, client, secretary_a):
        client.force_login(secretary_a)
        url = reverse("password_change")
        weak = client.post(url, {"old_password": "mat-khau-dai-1", "new_password1": "123", "new_password2": "123"})
        assert "Mật khẩu quá ngắn: cần ít nhất 8 ký tự." in weak.content.decode()
        response = client.post(
            url,
            {"old_password": "mat-khau-dai-1", "new_password1": "Trang-Bom-2024!", "new_password2": "Trang-Bom-2024!"},
        )
        assert response.status_code == 302
        secretary_a.refresh_from_db()
        assert secretary_a.check_password("Trang-Bom-2024!")

    def test_resetting_a_forgotten_password_by_email(self, client, secretary_a):
        response = client.post(reverse("password_reset"), {"email": secretary_a.email})
        assert response.status_code == 302
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.subject == "Đặt lại mật khẩu Cascade"
        assert "đặt mật khẩu mới" in message.body
        link = re.search(r"http://[^\s]+/dat-lai-mat-khau/[^\s]+/", message.body).group(0)
        path = link.split("testserver", 1)[1]
        form_page = client.get(path, follow=True)
        assert "Đặt mật khẩu mới" in form_page.content.decode()
        done = client.post(
            form_page.redirect_chain[-1][0], {"new_password1": "Bien-Hoa-2024!", "new_password2": "Bien-Hoa-2024!"}
        )
        assert done.status_code == 302
        secretary_a.refresh_from_db()
        assert secretary_a.check_password("Bien-Hoa-2024!")

    def test_an_unknown_address_gets_the_same_answer_and_no_mail(self, client, secretary_a):
        response = client.post(reverse("password_reset"), {"email": "khong-ai@example.vn"})
        assert response.status_code == 302
        assert mail.outbox == []

    def test_reset_requests_are_rate_limited_per_address(self, client, secretary_a):
        for _ in range(5):
            client.post(reverse("password_reset"), {"email": secretary_a.email})
        response = client.post(reverse("password_reset"), {"email": secretary_a.email})
        assert response.status_code == 429
        assert "thao tác quá nhanh" in response.content.decode()
        assert len(mail.outbox) == 5


class TestInvitations:
    def test_a_leader_invites_someone_who_creates_an_account_and_joins(
        self, client, tree, leader, django_capture_on_commit_callbacks
    ):
        client.force_login(leader)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("invitation_create", args=[tree.district_a.pk]),
                {"email": "moi@example.vn", "role": "secretary", "title": "Chánh Văn phòng"},
            )
        assert response.status_code == 302
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == ["moi@example.vn"]
        assert "Huyện ủy Trảng Bom" in mail.outbox[0].subject
        path = re.search(r"/loi-moi/[^\s]+/", mail.outbox[0].body).group(0)
        client.post(reverse("logout"))

        page = client.get(path)
        assert "Tạo tài khoản để nhận lời mời" in page.content.decode()
        response = client.post(
            path,
            {
                "username": "nguyenmoi",
                "last_name": "Nguyễn Văn",
                "first_name": "Mới",
                "password1": "Trang-Bom-2024!",
                "password2": "Trang-Bom-2024!",
            },
        )
        assert response.status_code == 302
        membership = Membership.objects.get(user__username="nguyenmoi")
        assert (membership.organization, membership.role, membership.title) == (
            tree.district_a,
            "secretary",
            "Chánh Văn phòng",
        )
        assert membership.user.email == "moi@example.vn"
        assert client.get(path).status_code == 404  # used up

    def test_one_person_may_hold_roles_in_several_units(self, client, tree, leader, secretary_a):
        issued = services.invitation_create(
            organization=tree.district_b, email=secretary_a.email, role="staff", invited_by=leader
        )
        client.force_login(secretary_a)
        assert client.post(issued.path).status_code == 302
        roles = set(Membership.objects.filter(user=secretary_a).values_list("organization__code", "role"))
        assert roles == {("hu-tb", "secretary"), ("hu-bh", "staff")}

    def test_an_existing_account_must_sign_in_to_accept(self, client, tree, leader, secretary_a):
        issued = services.invitation_create(
            organization=tree.district_b, email=secretary_a.email, role="staff", invited_by=leader
        )
        page = client.get(issued.path)
        assert "đã có tài khoản" in page.content.decode()
        client.post(issued.path, {"username": "x"})
        assert not Membership.objects.filter(user=secretary_a, organization=tree.district_b).exists()

    def test_someone_else_signed_in_cannot_use_the_invitation(self, client, tree, leader, secretary_b):
        issued = services.invitation_create(
            organization=tree.district_a, email="nguoi-khac@example.vn", role="leader", invited_by=leader
        )
        client.force_login(secretary_b)
        response = client.post(issued.path)
        assert response.status_code == 400
        assert "nguoi-khac@example.vn" in response.content.decode()
        assert not Membership.objects.filter(user=secretary_b, organization=tree.district_a).exists()

    def test_expired_and_revoked_invitations_say_so(self, client, tree, leader):
        issued = services.invitation_create(
            organization=tree.district_a, email="a@example.vn", role="staff", invited_by=leader
        )
        with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(days=8)):
            assert "hết hạn" in client.get(issued.path).content.decode()
        client.force_login(leader)
        client.post(reverse("invitation_revoke", args=[issued.invitation.pk]))
        client.logout()
        assert "thu hồi" in client.get(issued.path).content.decode()
        assert client.get("/loi-moi/khong-co-that/").status_code == 404

    def test_inviting_again_replaces_the_open_invitation(self, tree, leader):
        first = services.invitation_create(
            organization=tree.district_a, email="b@example.vn", role="staff", invited_by=leader
        )
        services.invitation_create(organization=tree.district_a, email="B@example.vn", role="staff", invited_by=leader)
        first.invitation.refresh_from_db()
        assert first.invitation.revoked_at is not None
        assert Invitation.objects.filter(revoked_at=None).count() == 1

    def test_secretaries_and_staff_cannot_invite(self, client, tree, staff, secretary_a):
        for person in (staff, secretary_a):
            client.force_login(person)
            url = reverse("invitation_create", args=[tree.district_a.pk])
            assert client.post(url, {"email": "c@example.vn", "role": "leader"}).status_code == 403
        assert Invitation.objects.count() == 0

    def test_a_bad_form_keeps_what_was_typed(self, client, tree, leader):
        client.force_login(leader)
        response = client.post(
            reverse("invitation_create", args=[tree.district_a.pk]), {"email": "khong-hop-le", "role": "admin"}
        )
        assert response.status_code == 400
        body = response.content.decode()
        assert 'value="khong-hop-le"' in body
        assert Invitation.objects.count() == 0


class TestMembers:
    def test_the_members_page_lists_members_invitations_and_sub_units(self, client, tree, leader, secretary_a):
        services.invitation_create(organization=tree.district_a, email="d@example.vn", role="staff", invited_by=leader)
        client.force_login(leader)
        body = client.get(reverse("unit_members", args=[tree.district_a.pk])).content.decode()
        assert "thuky_a" in body
        assert "d@example.vn" in body
        assert "Đảng ủy xã Bắc Sơn" in body

    def test_the_members_page_costs_a_fixed_number_of_queries(self, client, tree, leader, django_assert_num_queries):
        for i in range(5):
            MembershipFactory(organization=tree.district_a, user=UserFactory(username=f"tv{i}"))
        client.force_login(leader)
        client.get(reverse("unit_members", args=[tree.district_a.pk]))
        # session, user, scope, unit, members, invitations, children, ancestors, unread notifications
        with django_assert_num_queries(9):
            client.get(reverse("unit_members", args=[tree.district_a.pk]))

    def test_removing_a_member_takes_their_access_away(self, client, tree, leader, secretary_a):
        membership = secretary_a.memberships.get()
        client.force_login(leader)
        confirm = client.get(reverse("membership_remove", args=[membership.pk]))
        assert "Gỡ vai trò" in confirm.content.decode()
        response = client.post(reverse("membership_remove", args=[membership.pk]), {"reason": ""})
        assert response.status_code == 302
        assert not secretary_a.memberships.exists()

    def test_nobody_removes_their_own_role_here(self, client, tree, leader):
        client.force_login(leader)
        response = client.post(reverse("membership_remove", args=[leader.memberships.get().pk]))
        assert response.status_code == 403
        assert leader.memberships.exists()

    def test_a_leader_cannot_manage_another_province(self, client, tree, leader, outsider):
        client.force_login(leader)
        assert client.get(reverse("unit_members", args=[tree.other_province.pk])).status_code == 404
        membership = outsider.memberships.get()
        assert client.post(reverse("membership_remove", args=[membership.pk])).status_code == 404

    def test_the_account_page_shows_roles_and_what_one_manages(self, client, tree, leader, unit_admin, secretary_a):
        client.force_login(leader)
        body = client.get(reverse("account")).content.decode()
        assert "Thành viên của Tỉnh ủy Đồng Nai" in body
        assert "Nhật ký thay đổi" not in body
        client.force_login(unit_admin)
        assert "Nhật ký thay đổi" in client.get(reverse("account")).content.decode()
        client.force_login(secretary_a)
        assert "Bạn không có quyền quản lý đơn vị nào" in client.get(reverse("account")).content.decode()


def test_the_remove_page_shows_the_memberships_history(client, tree, leader, secretary_a):
    membership = secretary_a.memberships.get()
    client.force_login(leader)
    body = client.get(reverse("membership_remove", args=[membership.pk])).content.decode()
    assert "Lịch sử thay đổi" in body
    assert "Tạo mới" in body
