from django.apps import AppConfig


class CascadeConfig(AppConfig):
    """The project package as an app: no models; it hosts the ops and dev-tool management commands."""

    name = "cascade"
    verbose_name = "Cascade"
