"""factory_boy factories shared by every app's tests."""

from __future__ import annotations

import functools

import factory
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from repm_portal.accounts.models import Role, User
from repm_portal.accounts.services import role_group_join

PASSWORD = "Correct-Horse-Battery-9"  # every persona's, for the tests that sign in


@functools.cache
def _password_hash() -> str:
    """Argon2 is slow on purpose; hash the shared test password once per process."""
    return make_password(PASSWORD)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.in")
    full_name = factory.Faker("name", locale="en_IN")
    role = Role.APPLICANT
    organisation = factory.Faker("company", locale="en_IN")
    email_verified_at = factory.LazyFunction(timezone.now)
    is_superuser = factory.LazyAttribute(lambda u: u.role == Role.ADMIN)
    password = factory.LazyFunction(lambda: _password_hash())

    @factory.post_generation
    def groups(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            role_group_join(self)
