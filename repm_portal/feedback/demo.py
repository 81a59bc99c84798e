"""Demo feedback for the PMA's help desk (safe to run again)."""

from __future__ import annotations

from .models import Feedback

DEMO = [
    (
        "Ritu Sharma, Deccan Magnets",
        "ritu.sharma@deccanmagnets.in",
        "/claims/",
        "The invoice register template should say whether the quantity is in kg or tonnes.",
    ),
    (
        "A. Visitor",
        "visitor@example.in",
        "/parameters/",
        "Please add the Gazette notification's PDF next to the notified values.",
    ),
]


def seed_feedback() -> None:
    for name, email, page, message in DEMO:
        Feedback.objects.get_or_create(
            email=email, message=message, defaults={"name": name, "page": page}
        )
