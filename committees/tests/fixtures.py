"""Builders for the committees' tests (the fixtures of a sitting committee are in conftest.py)."""

from __future__ import annotations

from committees import services
from committees.models import Meeting
from repm_portal.accounts.models import User
from tests.factories import UserFactory


def make_user(**fields: object) -> User:
    """A user from the factory, typed as the model."""
    return UserFactory(**fields)


def hold_quorum(meeting: Meeting, sitting: dict[str, User]) -> Meeting:
    """All five seat holders present: 5 of 10 seats with the chair (R-COM-2)."""
    return services.attendance_record(
        actor=sitting["secretary"], meeting=meeting, present=list(sitting.values())
    )
