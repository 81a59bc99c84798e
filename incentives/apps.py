from django.apps import AppConfig


class IncentivesConfig(AppConfig):
    name = "incentives"
    verbose_name = "Incentive claims"

    def ready(self) -> None:
        from . import duties  # noqa: F401  (registers the home-page provider)
