"""REPM Scheme Portal: project package and shared kernel (money, periods, parameters, audit, roles)."""

from .celery import app as celery_app

__all__ = ["celery_app"]
