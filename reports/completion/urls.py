"""The unit's inbox and completion reports; the issuing unit's roll-up and review."""

from django.urls import path

from reports.completion import views as views_assignments
from reports.completion import views as views_reports

urlpatterns = [
    path("viec-cua-don-vi/", views_assignments.assignment_list, name="assignment_list"),
    path("viec-cua-don-vi/<int:pk>/", views_assignments.assignment_detail, name="assignment_detail"),
    path("viec-cua-don-vi/<int:pk>/van-ban/", views_assignments.assignment_document, name="assignment_document"),
    path("viec-cua-don-vi/<int:pk>/bao-cao/", views_assignments.report_edit, name="report_edit"),
    path(
        "viec-cua-don-vi/<int:pk>/khong-phat-sinh/",
        views_assignments.report_nothing_arose,
        name="report_nothing_arose",
    ),
    path("bao-cao/<int:pk>/", views_reports.report_detail, name="report_detail"),
    path("bao-cao/<int:pk>/duyet/", views_reports.report_review, name="report_review"),
    path("bao-cao/<int:pk>/tep/<int:attachment_pk>/", views_reports.attachment_download, name="attachment_download"),
    path("viec-da-giao/", views_reports.issued_task_list, name="issued_task_list"),
    path("viec-da-giao/<int:pk>/", views_reports.issued_task_detail, name="issued_task_detail"),
]
