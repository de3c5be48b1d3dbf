from django.apps import AppConfig


class DirectivesConfig(AppConfig):
    name = "directives"
    verbose_name = "Văn bản chỉ đạo"

    def ready(self) -> None:
        from cascade.lib.audit import register
        from directives.models import Assignment, Document, Membership, Reference, Task

        # The audit trail records every change to these; `unit_path` says whose subtree may read it.
        register(Document, unit_path="issuer__path", exclude={"text"})
        register(Reference, unit_path="child__issuer__path")
        register(Task, unit_path="document__issuer__path")
        register(Assignment, unit_path="unit_path")
        register(Membership, unit_path="organization__path")
