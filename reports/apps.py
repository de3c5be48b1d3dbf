from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Báo cáo"

    def ready(self) -> None:
        from cascade.lib.audit import register
        from directives.access import register_rules
        from reports.completion import access as completion_access
        from reports.dashboard import access as dashboard_access
        from reports.models import Attachment, CompletionReport
        from reports.pdf import access as pdf_access

        # Each feature's visibility rules, in the one permission layer (`directives.access`).
        register_rules({**completion_access.RULES, **dashboard_access.RULES, **pdf_access.RULES})

        # The audit trail records every change to these; `unit_path` says whose subtree may read it.
        register(CompletionReport, unit_path="assignment__unit_path")
        register(Attachment, unit_path="report__assignment__unit_path")
