from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from repm_portal.audit.services import audit_record
from repm_portal.errors import ValidationFailed

from .models import Feedback


def feedback_send(*, name: str, email: str, page: str, message: str, user: Any) -> Feedback:
    """Keep a visitor's feedback for the help desk; audited (who sent it, from which page)."""
    if not message.strip():
        raise ValidationFailed(_("Write your feedback."), field="message")
    with transaction.atomic():
        feedback = Feedback.objects.create(
            name=name.strip(),
            email=email.strip().lower(),
            page=page.strip(),
            message=message.strip(),
            user=user if getattr(user, "is_authenticated", False) else None,
        )
        audit_record(
            actor=user if getattr(user, "is_authenticated", False) else "visitor",
            action="feedback.received",
            obj=feedback,
            after={"page": feedback.page, "email": feedback.email},
        )
    return feedback
