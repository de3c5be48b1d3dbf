from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Tài khoản và nhật ký"

    def ready(self) -> None:
        from accounts import audit, selectors
        from accounts.models import Invitation
        from cascade.lib.audit import register
        from directives.access import register_rules

        register_rules(selectors.RULES)
        register(Invitation, unit_path="organization__path")
        audit.install()
