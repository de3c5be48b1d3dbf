from django.urls import path

from directives.notifications import views

urlpatterns = [
    path("thong-bao/", views.notification_list, name="notification_list"),
    path("thong-bao/<int:pk>/mo/", views.notification_open, name="notification_open"),
    path("thong-bao/<int:pk>/da-doc/", views.notification_mark_read, name="notification_mark_read"),
    path("thong-bao/da-doc-tat-ca/", views.notification_mark_all_read, name="notification_mark_all_read"),
    path("lich-han/", views.calendar_feeds, name="calendar_feeds"),
    path("lich-han/<str:token>/<slug:code>.ics", views.calendar_feed, name="calendar_feed"),
]
