"""Report-side pages. Each feature owns its own URL module, included here."""

from django.urls import include, path

urlpatterns = [
    path("", include("reports.completion.urls")),  # the unit's inbox and completion reports
    path("", include("reports.dashboard.urls")),  # leaders' dashboard
    path("", include("reports.pdf.urls")),  # PDF compliance reports
]
