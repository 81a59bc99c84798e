from django.apps import AppConfig


class MilestonesConfig(AppConfig):
    name = "milestones"
    verbose_name = "Milestones and penalties"

    def ready(self) -> None:
        from . import duties  # noqa: F401  (registers the home-page provider)
