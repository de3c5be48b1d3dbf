"""Accounts: signing in and out, passwords, unit members and invitations, the audit trail."""

from django.urls import path

from accounts import views

urlpatterns = [
    path("dang-nhap/", views.login_view, name="login"),
    path("dang-xuat/", views.logout_view, name="logout"),
    path("tai-khoan/", views.account, name="account"),
    path("tai-khoan/doi-mat-khau/", views.password_change_view, name="password_change"),
    path("tai-khoan/doi-mat-khau/xong/", views.password_change_done_view, name="password_change_done"),
    path("quen-mat-khau/", views.password_reset_view, name="password_reset"),
    path("quen-mat-khau/da-gui/", views.password_reset_done_view, name="password_reset_done"),
    path("dat-lai-mat-khau/<uidb64>/<token>/", views.password_reset_confirm_view, name="password_reset_confirm"),
    path("dat-lai-mat-khau/xong/", views.password_reset_complete_view, name="password_reset_complete"),
    path("don-vi/<int:org_id>/thanh-vien/", views.unit_members, name="unit_members"),
    path("don-vi/<int:org_id>/moi-thanh-vien/", views.invitation_create, name="invitation_create"),
    path("loi-moi/<int:pk>/thu-hoi/", views.invitation_revoke, name="invitation_revoke"),
    path("loi-moi/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("thanh-vien/<int:pk>/go/", views.membership_remove, name="membership_remove"),
    path("nhat-ky/", views.audit_list, name="audit_list"),
    path("nhat-ky/<str:object_type>/<str:object_id>/", views.audit_object_history, name="audit_object_history"),
]
