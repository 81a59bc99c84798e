from django.apps import AppConfig


class MilestonesConfig(AppConfig):
    name = "milestones"
    verbose_name = "Milestones and penalties"

    def ready(self) -> None:
        from repm_portal import hooks

        from . import duties  # noqa: F401  (registers the home-page provider)
        from .receivers import start_clocks_on_award

        # Runs inside the sender's transaction (repm_portal/hooks.py).
        hooks.beneficiary_awarded.connect(
            start_clocks_on_award, dispatch_uid="milestones.start_clocks_on_award"
        )
