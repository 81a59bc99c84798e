"""Users and their roles (R-ACL-1…3)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    APPLICANT = "applicant", _("Applicant / Beneficiary")
    PMA = "pma", _("Project Management Agency (PMA)")
    TC = "tc", _("Technical Committee member")
    SMC = "smc", _("Scheme Monitoring Committee member")
    MHI = "mhi", _("Ministry of Heavy Industries officer")
    IE = "ie", _("Independent Engineer")
    ADMIN = "admin", _("Portal administrator")


# Roles that use Django's admin site: MHI records parameter amendments there (R-PARAM-1).
ADMIN_SITE_ROLES = frozenset({Role.MHI, Role.ADMIN})


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)  # None gives an unusable password
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(role=Role.ADMIN, is_superuser=True, is_staff=True)
        return self.create_user(email, password, **extra)


class User(AbstractUser):
    """A person. Applicants register themselves; staff are created by an administrator."""

    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.APPLICANT)
    organisation = models.CharField(
        _("organisation"),
        max_length=200,
        blank=True,
        help_text=_("Company, ministry, agency or firm the person acts for."),
    )
    designation = models.CharField(_("designation"), max_length=120, blank=True)
    phone = models.CharField(_("mobile number"), max_length=20, blank=True)
    email_verified_at = models.DateTimeField(_("e-mail verified at"), null=True, blank=True)
    language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the portal's notifications and e-mails to this person."),
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["full_name"]

    objects = UserManager()  # type: ignore[assignment,misc]

    class Meta:
        ordering = ["full_name", "email"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="user_role_valid"
            ),
            # Only administrators may hold Django's all-permissions flag.
            models.CheckConstraint(
                condition=models.Q(is_superuser=False) | models.Q(role=Role.ADMIN),
                name="user_superuser_is_admin",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} <{self.email}>"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.email = self.email.lower()
        self.is_staff = self.role in ADMIN_SITE_ROLES
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def has_role(self, *roles: str) -> bool:
        return self.is_authenticated and self.is_active and self.role in roles
