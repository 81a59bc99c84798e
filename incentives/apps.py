from django.apps import AppConfig


class IncentivesConfig(AppConfig):
    name = "incentives"
    verbose_name = "Incentive claims"

    def ready(self) -> None:
        from repm_portal import hooks

        # Registered by importing: the home-page provider, the disbursements for refunds.
        from . import duties, selectors  # noqa: F401
        from .receivers import release_held_claims

        # Runs inside the sender's transaction (repm_portal/hooks.py).
        hooks.capacity_fully_commissioned.connect(
            release_held_claims, dispatch_uid="incentives.release_held_claims"
        )
