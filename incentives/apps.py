from django.apps import AppConfig


class IncentivesConfig(AppConfig):
    name = "incentives"
    verbose_name = "Incentive claims"

    def ready(self) -> None:
        from repm_portal import hooks

        from . import duties  # noqa: F401  (registers the home-page provider)
        from .receivers import release_held_claims

        # Runs inside the sender's transaction (repm_portal/hooks.py).
        hooks.capacity_fully_commissioned.connect(
            release_held_claims, dispatch_uid="incentives.release_held_claims"
        )
