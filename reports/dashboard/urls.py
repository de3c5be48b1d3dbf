"""Leaders' dashboard: directive picker, cascade, overdue units, backlog, heatmap, charts, latency."""

from django.urls import path

from reports.dashboard import views

urlpatterns = [
    path("bang-dieu-khien/", views.dashboard, name="dashboard"),
    path("bang-dieu-khien/van-ban/<int:document_id>/", views.cascade, name="dashboard_cascade"),
    path("bang-dieu-khien/van-ban/<int:document_id>/ban-do-nhiet/", views.heatmap_view, name="dashboard_heatmap"),
    path("bang-dieu-khien/van-ban/<int:document_id>/bieu-do/", views.charts, name="dashboard_charts"),
    path("bang-dieu-khien/van-ban/<int:document_id>/do-tre/", views.latency, name="dashboard_latency"),
    path("bang-dieu-khien/qua-han/", views.overdue, name="dashboard_overdue"),
    path("bang-dieu-khien/qua-han/xuat.<str:fmt>", views.overdue_export, name="dashboard_overdue_export"),
    path("bang-dieu-khien/no-dong/", views.backlog, name="dashboard_backlog"),
    path("bang-dieu-khien/no-dong/xuat.<str:fmt>", views.backlog_export, name="dashboard_backlog_export"),
    path("bang-dieu-khien/don-vi/<int:unit_id>/", views.unit_detail, name="dashboard_unit"),
]
