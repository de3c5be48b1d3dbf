from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Báo cáo"

    def ready(self) -> None:
        from directives.access import register_rules
        from reports.completion import access as completion_access
        from reports.dashboard import access as dashboard_access
        from reports.pdf import access as pdf_access

        # Each feature's visibility rules, in the one permission layer (`directives.access`).
        register_rules({**completion_access.RULES, **dashboard_access.RULES, **pdf_access.RULES})
