from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Báo cáo"

    def ready(self) -> None:
        # Register the PDF and dashboard models' visibility rules in the permission layer.
        from reports import access_dashboard, access_pdf  # noqa: F401
