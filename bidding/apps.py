from django.apps import AppConfig


class BiddingConfig(AppConfig):
    name = "bidding"
    verbose_name = "Tenders and award"

    def ready(self) -> None:
        from . import duties  # noqa: F401  (registers the home-page provider)
