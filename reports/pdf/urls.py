"""PDF compliance reports: a unit's report, the aggregated report, the dashboard print, render jobs."""

from django.urls import path

from reports.pdf import views as views_pdf

urlpatterns = [
    path("bao-cao-pdf/", views_pdf.pdf_index, name="pdf_index"),
    path("bao-cao-pdf/bao-cao-ket-qua/<int:pk>/", views_pdf.report_pdf, name="report_pdf"),
    path("bao-cao-pdf/tong-hop/<int:document_id>/", views_pdf.aggregate_report, name="aggregate_report"),
    path("bao-cao-pdf/bang-theo-doi/<int:document_id>/", views_pdf.dashboard_pdf, name="dashboard_pdf"),
    path("bao-cao-pdf/ban-in/<int:pk>/", views_pdf.render_status, name="pdf_render_status"),
    path("bao-cao-pdf/ban-in/<int:pk>/tai-ve/", views_pdf.render_download, name="pdf_render_download"),
]
