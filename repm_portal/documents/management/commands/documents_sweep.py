"""``manage.py documents_sweep``: remove private files that no document row names."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from repm_portal.documents.services import SWEEP_GRACE, documents_sweep


class Command(BaseCommand):
    help = (
        "Remove the private files no document names (left by a rolled-back transaction), "
        "once older than the grace period. Beat runs it daily."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--older-than-hours",
            type=float,
            default=SWEEP_GRACE.total_seconds() / 3600,
            help="Spare files younger than this (their transaction may still be running).",
        )

    def handle(self, *args: Any, older_than_hours: float, **options: Any) -> None:
        removed = documents_sweep(older_than=timedelta(hours=older_than_hours))
        self.stdout.write(f"Removed {len(removed)} orphan file(s).")
        for name in removed:
            self.stdout.write(f"  {name}")
