"""Directive-side pages. Each feature owns its own URL module, included here."""

from django.urls import include, path

urlpatterns = [
    path("", include("directives.urls_documents")),  # logging documents, the tree, search
    path("", include("directives.urls_notifications")),  # inbox, calendar feed
]
