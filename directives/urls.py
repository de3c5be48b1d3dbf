"""Directive-side pages. Each feature owns its own URL module, included here."""

from django.urls import include, path

urlpatterns = [
    path("", include("directives.documents.urls")),  # logging documents, the tree, search
    path("", include("directives.notifications.urls")),  # inbox, calendar feed
]
