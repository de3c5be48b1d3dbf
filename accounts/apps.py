from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Tài khoản và nhật ký"

    def ready(self) -> None:
        from accounts import audit, selectors  # noqa: F401  (registers the visibility rules)

        audit.connect_signals()
        audit.install_queryset_hooks()
