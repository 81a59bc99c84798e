"""Deployment checks of the audit trail's anchors (R-ACL-4): ``manage.py check --deploy``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def audit_officer_is_named(app_configs: Any, **kwargs: Any) -> list[Warning]:
    if settings.AUDIT_OFFICER_EMAIL:
        return []
    return [
        Warning(
            "AUDIT_OFFICER_EMAIL is empty: the daily audit checkpoint is e-mailed to nobody.",
            hint="Set it to the audit officer's address, a copy of the anchor out of the "
            "servers' reach.",
            id="audit.W001",
        )
    ]
