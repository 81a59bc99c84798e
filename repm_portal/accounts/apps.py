from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "repm_portal.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import tokens  # noqa: F401  (revokes API tokens at sign-out)
        from .roles import sync_role_groups

        # After every app: permissions of apps migrated later must exist before groups get them.
        post_migrate.connect(sync_role_groups, dispatch_uid="accounts.sync_role_groups")
