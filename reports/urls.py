"""Report-side pages. Each feature owns its own URL module, included here."""

from django.urls import include, path

urlpatterns = [
    path("", include("reports.urls_assignments")),  # the unit's inbox and completion reports
    path("", include("reports.urls_dashboard")),  # leaders' dashboard
    path("", include("reports.urls_pdf")),  # PDF compliance reports
]
