from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Tài khoản và nhật ký"

    def ready(self) -> None:
        from accounts import audit, selectors
        from directives.access import register_rules

        register_rules(selectors.RULES)
        audit.connect_signals()
        audit.install_queryset_hooks()
