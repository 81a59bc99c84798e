"""What is due or overdue for a user: each app registers a provider; the home page lists them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from repm_portal.accounts.models import User
from repm_portal.parameters.selectors import parameters_read_once

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Duty:
    title: StrOrPromise
    detail: StrOrPromise
    url: str
    due: date | None = None
    done: bool = False

    def overdue_on(self, today: date) -> bool:
        return self.due is not None and today > self.due and not self.done


Provider = Callable[[User, date], Iterable[Duty]]
_PROVIDERS: list[Provider] = []


def duty_provider(fn: Provider) -> Provider:
    _PROVIDERS.append(fn)
    return fn


def duties_for(user: User, today: date) -> list[Duty]:
    """Overdue first, then by due date; items without a date last."""
    with parameters_read_once():  # several providers ask for the parameters: one read
        items = [duty for provider in _PROVIDERS for duty in provider(user, today)]
    return sorted(items, key=lambda d: (not d.overdue_on(today), d.due or date.max))
