"""Accounts: registration with e-mail verification, staff accounts, argon2, lockout."""

import re

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from repm_portal.accounts.models import Role, User
from repm_portal.accounts.services import applicant_register, staff_create, user_set_role
from repm_portal.audit.models import AuditEvent
from repm_portal.errors import NotAllowed

pytestmark = pytest.mark.django_db
GOOD = {
    "full_name": "Ananya Rao",
    "organisation": "Bharat Magnetics Ltd",
    "email": "Ananya@BharatMagnetics.in",
    "phone": "+91 98765 43210",
    "password": "Magnets-Visakhapatnam-2026",
    "password_again": "Magnets-Visakhapatnam-2026",
}


def link_in(message: str) -> str:
    return re.search(r"http://\S+", message).group(0).replace("http://127.0.0.1:8000", "")


def test_an_applicant_registers_verifies_and_signs_in(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("web:register"), GOOD)
    assert response.status_code == 200
    assert "ananya@bharatmagnetics.in" in response.content.decode()
    user = User.objects.get(email="ananya@bharatmagnetics.in")
    assert (user.role, user.is_active, user.email_verified_at) == (Role.APPLICANT, False, None)
    assert user.password.startswith("argon2")
    assert list(user.groups.values_list("name", flat=True)) == ["applicant"]
    [message] = mail.outbox
    assert message.to == ["ananya@bharatmagnetics.in"]
    link = link_in(message.body)

    # Not active yet: signing in fails with the ordinary message.
    refused = client.post(
        reverse("web:login"), {"username": user.email, "password": GOOD["password"]}
    )
    assert refused.status_code == 200 and "correct" in refused.content.decode()
    assert client.get(link).status_code == 200  # a page with a button; GET changes nothing
    user.refresh_from_db()
    assert not user.is_active
    assert client.post(link).status_code == 302
    user.refresh_from_db()
    assert user.is_active and user.email_verified_at is not None
    actions = list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))
    assert actions == ["user.registered", "user.email_verified"]

    signed_in = client.post(
        reverse("web:login"), {"username": user.email, "password": GOOD["password"]}
    )
    assert signed_in.status_code == 302
    assert client.get(reverse("web:home")).status_code == 200


def test_a_forged_verification_link_is_refused_clearly(client, applicant) -> None:
    response = client.post("/verify/MQ/forged-token/")
    assert response.status_code == 400
    assert "not valid or has expired" in response.content.decode()


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"password": "short", "password_again": "short"}, "password", "too short"),
        (
            {"password": "1234567890123", "password_again": "1234567890123"},
            "password",
            "entirely numeric",
        ),
        ({"password_again": "different-Passw0rd-2026"}, "password_again", "differ"),
        ({"email": "not-an-email"}, "email", "valid email"),
        ({"phone": "call me"}, "phone", "10 to 15 digits"),
        ({"organisation": ""}, "organisation", "required"),
    ],
)
def test_bad_registrations_are_explained_and_nothing_is_saved(client, change, field, words):
    response = client.post(reverse("web:register"), {**GOOD, **change})
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get(field, []))
    assert words in errors
    assert not User.objects.exists() and not mail.outbox


def test_a_taken_email_gets_the_same_answer_and_its_owner_an_email(
    client, applicant, django_capture_on_commit_callbacks
) -> None:
    """The page does not reveal that an address is registered: the same answer as for a new
    one, nothing saved, and the address's owner is told by e-mail."""
    users_before = User.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        taken = client.post(
            reverse("web:register"),
            {**GOOD, "email": applicant.email.upper(), "full_name": "Someone Else"},
        )
        new = client.post(reverse("web:register"), GOOD)
    assert taken.status_code == new.status_code == 200
    assert taken.templates[0].name == new.templates[0].name == "registration/register_done.html"

    def status(page) -> str:
        return re.search(r'<p role="status">(.*?)</p>', page.content.decode(), re.S).group(1)

    assert status(taken).replace(applicant.email, GOOD["email"].lower()) == status(new)
    assert User.objects.count() == users_before + 1  # only the new address
    owner_mail, new_mail = mail.outbox
    assert owner_mail.to == [applicant.email]
    assert "already has one" in owner_mail.body and "/password/reset/" in owner_mail.body
    assert new_mail.to == [GOOD["email"].lower()]
    assert (
        applicant_register(
            email=applicant.email, full_name="X", organisation="Y", password="Another-Good-Passw0rd"
        )
        is None
    )


def test_the_api_answers_the_same_for_a_taken_email(api_for, applicant) -> None:
    client = api_for(None)
    body = {k: v for k, v in GOOD.items() if k != "password_again"}
    taken = client.post("/api/v1/auth/register/", {**body, "email": applicant.email})
    new = client.post("/api/v1/auth/register/", body)
    assert taken.status_code == new.status_code == 202
    assert taken.json()["detail"] == new.json()["detail"]
    assert set(taken.json()) == set(new.json()) == {"email", "detail"}


def test_registration_page_is_throttled_like_the_api(client, monkeypatch, settings) -> None:
    from rest_framework.throttling import ScopedRateThrottle

    # The throttle's own logic, counted in this process (the outage tests cover Redis).
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"registration": "2/hour"})
    answers = [
        client.post(reverse("web:register"), {**GOOD, "email": f"a{i}@example.in"})
        for i in range(3)
    ]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert int(answers[2]["Retry-After"]) > 0
    assert "Too many registrations" in answers[2].content.decode()
    assert User.objects.filter(email__startswith="a").count() == 2


@pytest.mark.parametrize("field", ["full_name", "organisation"])
def test_a_password_like_the_name_or_organisation_is_refused(client, field) -> None:
    like = {"full_name": "Ananya Raghunathan", "organisation": "Visakhapatnammagnetics"}[field]
    response = client.post(
        reverse("web:register"),
        {**GOOD, field: like, "password": like + "1", "password_again": like + "1"},
    )
    assert response.status_code == 200
    assert "too similar" in " ".join(response.context["form"].errors["password"])
    assert not User.objects.exists()


def test_lockout_after_five_failed_sign_ins(client, applicant) -> None:
    for _ in range(4):
        response = client.post(
            reverse("web:login"), {"username": applicant.email, "password": "wrong-password"}
        )
        assert response.status_code == 200
    fifth = client.post(
        reverse("web:login"), {"username": applicant.email, "password": "wrong-password"}
    )
    assert fifth.status_code == 429
    locked = client.post(
        reverse("web:login"), {"username": applicant.email, "password": "Correct-Horse-Battery-9"}
    )
    assert locked.status_code == 429
    assert "Too many failed sign-in attempts" in locked.content.decode()


def test_lockout_applies_to_api_tokens_too(api_for, applicant) -> None:
    api = api_for(None)
    for _ in range(4):
        bad = api.post("/api/v1/auth/token/", {"email": applicant.email, "password": "nope"})
        assert bad.status_code == 401
        assert bad.json()["error"]["message"] == "E-mail or password is wrong."
    fifth = api.post("/api/v1/auth/token/", {"email": applicant.email, "password": "nope"})
    assert fifth.status_code == 429
    assert fifth.json()["error"]["code"] == "locked_out"
    good = api.post(
        "/api/v1/auth/token/", {"email": applicant.email, "password": "Correct-Horse-Battery-9"}
    )
    assert good.status_code == 429


def test_token_authentication(api_for, applicant) -> None:
    response = api_for(None).post(
        "/api/v1/auth/token/", {"email": applicant.email, "password": "Correct-Horse-Battery-9"}
    )
    assert response.status_code == 200
    client = api_for(None)
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert client.get("/api/v1/me/").json()["email"] == applicant.email


def test_staff_are_created_by_the_command_with_a_password_link(capsys, mailoutbox) -> None:
    call_command(
        "create_staff",
        "--email",
        "Examiner@PMA.in",
        "--name",
        "Meera Iyer",
        "--role",
        "pma",
        "--designation",
        "Senior Consultant",
    )
    out = capsys.readouterr().out
    assert "Created examiner@pma.in" in out and "/password/set/" in out
    user = User.objects.get(email="examiner@pma.in")
    assert (user.role, user.is_active, user.has_usable_password()) == ("pma", True, False)
    assert list(user.groups.values_list("name", flat=True)) == ["pma"]
    with pytest.raises(CommandError, match="exists"):
        call_command("create_staff", "--email", "examiner@pma.in", "--name", "X", "--role", "pma")


def test_staff_are_created_on_the_admin_page(
    client, admin_user, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:accounts_user_add"),
            {
                "email": "us@mhi.gov.in",
                "full_name": "Rajesh Kumar",
                "role": "mhi",
                "designation": "Under Secretary",
                "organisation": "MHI",
            },
        )
    assert response.status_code == 302
    user = User.objects.get(email="us@mhi.gov.in")
    assert user.role == "mhi" and user.is_staff and not user.is_superuser
    assert mailoutbox[0].to == ["us@mhi.gov.in"]
    # the set-password link works
    link = link_in(mailoutbox[0].body)
    form = client.get(link, follow=True)
    assert form.status_code == 200 and form.context["validlink"]


def test_only_admins_create_staff_or_change_roles(pma, applicant) -> None:
    with pytest.raises(NotAllowed):
        staff_create(actor=pma, email="x@y.in", full_name="X", role=Role.MHI)
    with pytest.raises(NotAllowed):
        user_set_role(actor=pma, user=applicant, role=Role.MHI)


def test_applicants_never_reach_the_admin_site(client, applicant) -> None:
    client.force_login(applicant)
    assert client.get("/admin/").status_code == 302  # to the admin's sign-in, not in


def test_a_role_change_moves_the_group_and_is_audited(admin_user, applicant) -> None:
    user_set_role(actor=admin_user, user=applicant, role=Role.IE)
    applicant.refresh_from_db()
    assert list(applicant.groups.values_list("name", flat=True)) == ["ie"]
    event = AuditEvent.objects.get(action="user.role_changed")
    assert (event.before, event.after) == ({"role": "applicant"}, {"role": "ie"})


def test_an_account_changed_on_the_admin_page_is_audited(client, admin_user, applicant) -> None:
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:accounts_user_change", args=[applicant.pk]),
        {
            "full_name": applicant.full_name,
            "organisation": "Bharat Magnetics Private Ltd",
            "designation": applicant.designation,
            "phone": applicant.phone,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="user.changed")
    assert event.object_id == str(applicant.pk)
    assert event.after == {"organisation": "Bharat Magnetics Private Ltd"}
    assert event.before == {"organisation": applicant.organisation}
