"""The audit trail's client address: behind our proxies, the one they appended to
X-Forwarded-For, never the left-most entry, which the client writes itself (R-ACL-4)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from repm_portal.audit.models import AuditEvent
from repm_portal.middleware import client_ip

FORGED = "203.0.113.66"  # what a client claims to be
REAL = "198.51.100.7"  # what our proxy saw


def _request(forwarded: str | None, remote: str = "10.0.0.2"):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, f"{FORGED}, {REAL}", "10.0.0.2"),  # no proxy of ours: the header is ignored
        (1, f"{FORGED}, {REAL}", REAL),  # one proxy: the entry it appended
        (1, REAL, REAL),
        (2, f"{FORGED}, {REAL}, 10.0.0.9", REAL),  # two: the outer one's entry
        (2, REAL, REAL),  # fewer entries than proxies: all were appended by ours
        (1, None, "10.0.0.2"),  # no header: the connection's address
        (1, " , ", "10.0.0.2"),
    ],
)
def test_r_acl_4_client_ip_is_the_one_our_proxy_appended(
    settings, proxies, forwarded, expected
) -> None:
    settings.TRUSTED_PROXIES = proxies
    assert client_ip(_request(forwarded)) == expected


@pytest.mark.django_db
def test_r_acl_4_a_forged_forwarded_header_does_not_reach_the_audit_trail(
    settings, client, applicant
) -> None:
    settings.TRUSTED_PROXIES = 1
    client.force_login(applicant)
    pdf = SimpleUploadedFile("dpr.pdf", b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n%%EOF\n")
    response = client.post(
        "/documents/",
        {"file": pdf, "kind": "dpr", "title": "DPR"},
        HTTP_X_FORWARDED_FOR=f"{FORGED}, {REAL}",
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="document.uploaded")
    assert event.ip == REAL
