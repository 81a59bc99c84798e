"""REPM Scheme Portal: the project package and its shared kernel.

Money, periods, parameters, audit and roles live here; the scheme's capabilities in their apps.
"""

from .celery import app as celery_app

__all__ = ["celery_app"]
