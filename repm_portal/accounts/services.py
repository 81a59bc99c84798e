"""Accounts: self-registration of applicants, e-mail verification, staff accounts (R-ACL)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from repm_portal.audit.services import audit_record
from repm_portal.errors import ValidationFailed

from .models import Role, User
from .roles import require_role

STAFF_ROLES = frozenset(Role.values) - {Role.APPLICANT}


def _absolute(name: str, *args: object) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + reverse(name, args=args)


def _link(name: str, user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return _absolute(name, uid, default_token_generator.make_token(user))


def _send(user: User, subject: str, body: str) -> None:
    transaction.on_commit(lambda: send_mail(subject, body, None, [user.email], fail_silently=False))


def role_group_join(user: User) -> None:
    """Put the user in the group of their role (and only that group)."""
    user.groups.set([Group.objects.get_or_create(name=user.role)[0]])


def _check_password(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except DjangoValidationError as exc:
        raise ValidationFailed(" ".join(exc.messages), field="password") from None


def applicant_register(
    *, email: str, full_name: str, organisation: str, phone: str = "", password: str
) -> User | None:
    """A new applicant account, inactive until the e-mail address is verified.

    The answer does not tell whether the address already has an account (that would let anyone
    list the portal's users): for a taken address nothing is created, and its owner is told by
    e-mail instead; the caller answers the same in both cases. Returns the new user, or None.
    """
    email = User.objects.normalize_email(email.strip()).lower()
    if not full_name.strip():
        raise ValidationFailed(_("Enter your full name."), field="full_name")
    if not organisation.strip():
        raise ValidationFailed(_("Enter the company or entity you act for."), field="organisation")
    user = User(
        email=email,
        full_name=full_name.strip(),
        organisation=organisation.strip(),
        phone=phone.strip(),
        role=Role.APPLICANT,
        is_active=False,
    )
    _check_password(password, user)  # the same errors whether or not the address is taken
    with transaction.atomic():
        existing = User.objects.filter(email=email).first()
        if existing is not None:
            _send(
                existing,
                _("Someone tried to register your e-mail address – REPM Scheme Portal"),
                _(
                    "Dear %(name)s,\n\nSomeone, perhaps you, tried to register a new account with "
                    "this e-mail address, which already has one. Nothing was changed. To sign in, "
                    "open %(sign_in)s; if you forgot your password, set a new one at %(reset)s."
                )
                % {
                    "name": existing.full_name,
                    "sign_in": _absolute("web:login"),
                    "reset": _absolute("web:password_reset"),
                },
            )
            return None
        user.set_password(password)
        user.save()
        role_group_join(user)
        audit_record(
            actor=user,
            action="user.registered",
            obj=user,
            after={"email": email, "role": Role.APPLICANT},
        )
        link = _link("web:verify_email", user)
        _send(
            user,
            _("Verify your e-mail address – REPM Scheme Portal"),
            _(
                "Dear %(name)s,\n\nOpen this link to verify your e-mail address and activate "
                "your account:\n%(link)s\n\nThe link works once and expires in %(days)s days."
            )
            % {
                "name": user.full_name,
                "link": link,
                "days": settings.EMAIL_VERIFICATION_MAX_AGE_DAYS,
            },
        )
    return user


def _user_from_link(uidb64: str, token: str) -> User:
    try:
        user = User.objects.get(pk=int(urlsafe_base64_decode(uidb64).decode()))
    except (ValueError, TypeError, OverflowError, User.DoesNotExist, UnicodeDecodeError):
        user = None
    if user is None or not default_token_generator.check_token(user, token):
        raise ValidationFailed(
            _(
                "This link is not valid or has expired. Register again, or ask the PMA help desk "
                "for a new link."
            )
        )
    return user


def email_verify(*, uidb64: str, token: str) -> User:
    """Activate the account whose verification link this is."""
    with transaction.atomic():
        user = _user_from_link(uidb64, token)
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.email_verified_at:
            return user
        user.email_verified_at = timezone.now()
        user.is_active = True
        user.save(update_fields=["email_verified_at", "is_active", "is_staff"])
        audit_record(
            actor=user,
            action="user.email_verified",
            obj=user,
            before={"is_active": False},
            after={"is_active": True},
        )
    return user


def staff_create(
    *,
    actor: User | None,
    email: str,
    full_name: str,
    role: str,
    designation: str = "",
    organisation: str = "",
) -> tuple[User, str]:
    """A staff account with no password yet; returns it and the link to set one."""
    if actor is not None:  # None: manage.py create_staff, run on the server
        require_role(
            actor, Role.ADMIN, message=_("Only a portal administrator can create staff accounts.")
        )
    if role not in STAFF_ROLES:
        raise ValidationFailed(
            _("Role must be one of: %(roles)s.") % {"roles": ", ".join(sorted(STAFF_ROLES))},
            field="role",
        )
    email = User.objects.normalize_email(email.strip()).lower()
    with transaction.atomic():
        if User.objects.filter(email=email).exists():
            raise ValidationFailed(_("An account with this e-mail address exists."), field="email")
        user = User.objects.create_user(
            email,
            None,
            full_name=full_name.strip(),
            role=role,
            designation=designation,
            organisation=organisation,
            email_verified_at=timezone.now(),
            is_superuser=role == Role.ADMIN,
        )
        role_group_join(user)
        audit_record(
            actor=actor or "manage.py",
            action="user.staff_created",
            obj=user,
            after={"email": email, "role": role},
        )
        link = _link("web:password_reset_confirm", user)
        _send(
            user,
            _("Your REPM Scheme Portal account"),
            _(
                "Dear %(name)s,\n\nAn account has been created for you as %(role)s. Set your "
                "password here:\n%(link)s"
            )
            % {"name": user.full_name, "role": user.get_role_display(), "link": link},
        )
    return user, link


def user_set_role(*, actor: User, user: User, role: str) -> User:
    require_role(actor, Role.ADMIN, message=_("Only a portal administrator can change roles."))
    if role not in Role.values:
        raise ValidationFailed(_("Unknown role %(role)s.") % {"role": role}, field="role")
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        before = user.role
        user.role = role
        user.is_superuser = role == Role.ADMIN
        user.save()
        role_group_join(user)
        audit_record(
            actor=actor,
            action="user.role_changed",
            obj=user,
            before={"role": before},
            after={"role": role},
        )
    return user
