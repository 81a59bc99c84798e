"""Users and their roles (R-ACL-1…3)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from repm_portal.periods import today_ist

from .seating import SEATED_ROLES, holds_seat


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
        # set_password() leaves the new raw password here until the save: a password change by
        # any path (reset link, admin, manage.py changepassword) ends the user's API tokens.
        password_changed = getattr(self, "_password", None) is not None and self.pk is not None
        super().save(*args, **kwargs)
        if password_changed:
            from .tokens import api_tokens_revoke_all

            api_tokens_revoke_all(user=self, reason=TokenRevocation.PASSWORD_CHANGE)

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def has_role(self, *roles: str) -> bool:
        """The user acts in one of ``roles``. A TC or SMC role counts only while the user holds
        a seat of that committee today (R-COM-3); the answer is kept for this instance, i.e. for
        the request."""
        if not (self.is_authenticated and self.is_active and self.role in roles):
            return False
        if self.role not in SEATED_ROLES:
            return True
        today = today_ist()
        cached = getattr(self, "_seated_on", None)
        if cached is None or cached[0] != today:
            cached = (today, holds_seat(self.pk, self.role, today))
            self._seated_on = cached
        return cached[1]


class TokenRevocation(models.TextChoices):
    SIGN_OUT = "sign_out", _("signed out")
    PASSWORD_CHANGE = "password_change", _("password changed")
    USER = "user", _("revoked by its owner")


class ApiToken(models.Model):
    """An API token. Only the SHA-256 of its key is stored: the key is shown once, when issued.

    A token works until it expires (``API_TOKEN_TTL_HOURS``) or is revoked: by its owner, at
    sign-out, or when the owner's password changes.
    """

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(
        _("key starts with"), max_length=8, help_text=_("To tell the user's tokens apart.")
    )
    label = models.CharField(
        _("label"), max_length=100, blank=True, help_text=_("Where the token is used.")
    )
    created_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.CharField(
        _("why revoked"), max_length=20, choices=TokenRevocation.choices, blank=True
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        indexes = [models.Index(fields=["user", "revoked_at"])]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user_id})"
