"""API tokens (issue 14 item 5; ASVS 5.0 V7): they expire, end at sign-out and on a password
change by any path, are stored only as a hash, and their owner lists and revokes them."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from repm_portal.accounts.models import ApiToken, TokenRevocation
from repm_portal.accounts.tokens import api_token_issue, api_tokens_active
from repm_portal.audit.models import AuditEvent
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _token_for(user, label: str = "") -> tuple[ApiToken, APIClient]:
    token, key = api_token_issue(user=user, label=label)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return token, client


def _refused(client: APIClient, words: str) -> None:
    response = client.get("/api/v1/me/")
    assert response.status_code == 401
    error = response.json()["error"]
    assert error["code"] == "authentication_failed"
    assert words in error["message"]
    assert set(error) == {"code", "message", "fields", "request_id"}
    assert response["WWW-Authenticate"] == "Token"


def test_the_token_endpoint_answers_a_key_its_id_and_its_expiry(applicant, settings) -> None:
    settings.API_TOKEN_TTL_HOURS = 8
    before = timezone.now()
    response = APIClient().post(
        "/api/v1/auth/token/",
        {"email": applicant.email, "password": PASSWORD, "label": "ERP upload"},
    )
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"token", "id", "expires_at"}
    token = ApiToken.objects.get(pk=body["id"])
    # only the hash of the key is stored
    assert token.key_hash == hashlib.sha256(body["token"].encode()).hexdigest()
    assert body["token"] not in {token.key_hash, token.prefix}
    assert (token.prefix, token.label) == (body["token"][:8], "ERP upload")
    assert timedelta(hours=8) <= token.expires_at - before <= timedelta(hours=8, seconds=5)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {body['token']}")
    assert client.get("/api/v1/me/").json()["email"] == applicant.email
    assert AuditEvent.objects.filter(action="api_token.issue", object_id=str(token.pk)).exists()


def test_a_wrong_key_is_a_401_in_the_one_error_shape(applicant) -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-key")
    _refused(client, "not valid")


def test_an_expired_token_is_a_401(applicant) -> None:
    token, client = _token_for(applicant)
    assert client.get("/api/v1/me/").status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    _refused(client, "expired at")
    assert list(api_tokens_active(user=applicant)) == []


def test_an_expired_token_does_not_block_asking_for_a_new_one(applicant) -> None:
    token, client = _token_for(applicant)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.post("/api/v1/auth/token/", {"email": applicant.email, "password": PASSWORD})
    assert response.status_code == 200


def test_signing_out_of_the_pages_revokes_every_token(client, applicant) -> None:
    first, api_one = _token_for(applicant, "one")
    _second, api_two = _token_for(applicant, "two")
    client.force_login(applicant)
    assert client.post(reverse("web:logout")).status_code == 302
    _refused(api_one, "revoked (signed out)")
    _refused(api_two, "revoked")
    first.refresh_from_db()
    assert first.revoked_reason == TokenRevocation.SIGN_OUT
    assert AuditEvent.objects.filter(action="api_token.revoke_all").count() == 1


def test_signing_out_leaves_another_users_tokens_alone(client, applicant, rival) -> None:
    _token_for(applicant)
    _rivals, rival_api = _token_for(rival)
    client.force_login(applicant)
    client.post(reverse("web:logout"))
    assert rival_api.get("/api/v1/me/").json()["email"] == rival.email


def test_set_password_and_save_revokes_the_tokens(applicant) -> None:
    _token, api = _token_for(applicant)
    applicant.set_password("Another-Long-Passphrase-7")
    applicant.save()
    _refused(api, "password changed")


def test_the_password_reset_form_revokes_the_tokens(applicant) -> None:
    _token, api = _token_for(applicant)
    form = SetPasswordForm(
        applicant,
        {
            "new_password1": "Another-Long-Passphrase-7",
            "new_password2": "Another-Long-Passphrase-7",
        },
    )
    assert form.is_valid(), form.errors
    form.save()
    _refused(api, "password changed")


def test_the_change_password_form_revokes_the_tokens(applicant) -> None:
    # the portal's admin has no password field: the other paths are Django's two forms
    _token, api = _token_for(applicant)
    form = PasswordChangeForm(
        applicant,
        {
            "old_password": PASSWORD,
            "new_password1": "Another-Long-Passphrase-7",
            "new_password2": "Another-Long-Passphrase-7",
        },
    )
    assert form.is_valid(), form.errors
    form.save()
    _refused(api, "password changed")


def test_saving_a_user_without_a_new_password_keeps_the_tokens(applicant) -> None:
    _token, api = _token_for(applicant)
    applicant.phone = "+91 90000 00000"
    applicant.save()
    applicant.check_password(PASSWORD)  # a hash upgrade on sign-in is not a change either
    assert api.get("/api/v1/me/").status_code == 200


def test_a_user_lists_its_working_tokens_without_keys(applicant, rival) -> None:
    old, _api = _token_for(applicant, "old")
    ApiToken.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    revoked, _api = _token_for(applicant, "revoked")
    ApiToken.objects.filter(pk=revoked.pk).update(revoked_at=timezone.now())
    _token_for(rival, "rival's")
    erp, _api = _token_for(applicant, "ERP")
    current, api = _token_for(applicant, "this script")
    response = api.get("/api/v1/auth/tokens/")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [(r["id"], r["label"], r["current"]) for r in rows] == [
        (current.pk, "this script", True),
        (erp.pk, "ERP", False),
    ]
    assert set(rows[0]) == {
        "id",
        "label",
        "prefix",
        "created_at",
        "expires_at",
        "last_used_at",
        "current",
    }
    assert rows[0]["last_used_at"] is not None  # this request used it


def test_a_user_revokes_one_token_and_it_stops_working(applicant) -> None:
    erp, erp_api = _token_for(applicant, "ERP")
    _current, api = _token_for(applicant, "this script")
    assert api.delete(f"/api/v1/auth/tokens/{erp.pk}/").status_code == 204
    _refused(erp_api, "revoked (revoked by its owner)")
    assert api.get("/api/v1/me/").status_code == 200
    again = api.delete(f"/api/v1/auth/tokens/{erp.pk}/")
    assert again.status_code == 404 and again.json()["error"]["code"] == "not_found"


def test_r_acl_1_a_user_cannot_revoke_or_see_anothers_token(applicant, rival) -> None:
    rivals, rival_api = _token_for(rival)
    _mine, api = _token_for(applicant)
    response = api.delete(f"/api/v1/auth/tokens/{rivals.pk}/")
    assert response.status_code == 404
    assert rival_api.get("/api/v1/me/").status_code == 200
    assert rivals.pk not in [r["id"] for r in api.get("/api/v1/auth/tokens/").json()["results"]]


def test_the_token_list_needs_signing_in() -> None:
    assert APIClient().get("/api/v1/auth/tokens/").status_code == 401
    assert APIClient().delete("/api/v1/auth/tokens/1/").status_code == 401


def test_the_api_tokens_page_issues_lists_and_revokes(client, applicant) -> None:
    client.force_login(applicant)
    url = reverse("web:api_tokens")
    page = client.get(url)
    assert page.status_code == 200
    assert "You have no working API tokens." in page.content.decode()
    issued = client.post(url, {"label": "ERP upload"})
    html = issued.content.decode()
    token = ApiToken.objects.get(user=applicant)
    assert "shown only this once" in html and f"<code>{token.prefix}…</code>" in html
    key = html.split('id="new-key" class="form-control font-monospace" readonly value="')[1][:43]
    assert hashlib.sha256(key.encode()).hexdigest() == token.key_hash
    assert key not in client.get(url).content.decode()  # shown once
    revoke = client.post(reverse("web:api_token_revoke", args=[token.pk]), follow=True)
    assert f"The token starting {token.prefix} is revoked." in revoke.content.decode()
    token.refresh_from_db()
    assert token.revoked_reason == TokenRevocation.USER


def test_the_api_tokens_page_does_not_revoke_anothers_token(client, applicant, rival) -> None:
    rivals, rival_api = _token_for(rival)
    client.force_login(applicant)
    response = client.post(reverse("web:api_token_revoke", args=[rivals.pk]), follow=True)
    assert "no working API token with this id" in response.content.decode()
    assert rival_api.get("/api/v1/me/").status_code == 200


def test_the_api_tokens_page_needs_signing_in(client) -> None:
    response = client.get(reverse("web:api_tokens"))
    assert response.status_code == 302 and "/sign-in/" in response["Location"]
