"""The unit's inbox and completion reports; the issuing unit's roll-up and review."""

from django.urls import path

from reports.completion import views

urlpatterns = [
    path("viec-cua-don-vi/", views.assignment_list, name="assignment_list"),
    path("viec-cua-don-vi/<int:pk>/", views.assignment_detail, name="assignment_detail"),
    path("viec-cua-don-vi/<int:pk>/van-ban/", views.assignment_document, name="assignment_document"),
    path("viec-cua-don-vi/<int:pk>/bao-cao/", views.report_edit, name="report_edit"),
    path(
        "viec-cua-don-vi/<int:pk>/khong-phat-sinh/",
        views.report_nothing_arose,
        name="report_nothing_arose",
    ),
    path("bao-cao/<int:pk>/", views.report_detail, name="report_detail"),
    path("bao-cao/<int:pk>/duyet/", views.report_review, name="report_review"),
    path("bao-cao/<int:pk>/tep/<int:attachment_pk>/", views.attachment_download, name="attachment_download"),
    path("viec-da-giao/", views.issued_task_list, name="issued_task_list"),
    path("viec-da-giao/<int:pk>/", views.issued_task_detail, name="issued_task_detail"),
]
