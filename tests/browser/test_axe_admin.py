"""Chromium + axe: the Django admin pages a superuser and an MHI officer reach in the demo, in
English and Hindi, at a desktop's and a phone's width, have no serious or critical violation
(R-GOV-1, R-GOV-2)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from repm_portal.audit.models import AuditEvent
from repm_portal.audit.services import audit_record
from repm_portal.feedback.models import Feedback
from repm_portal.parameters.models import ParameterVersion
from tests.browser.helpers import read_in, serious_violations, signed_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _admin_pages(admin_user, mhi) -> list[str]:
    version = ParameterVersion.objects.order_by("pk").first()
    assert version is not None
    event = AuditEvent.objects.order_by("seq").last()
    assert event is not None
    return [
        reverse("admin:index"),
        reverse("admin:accounts_user_changelist"),
        reverse("admin:accounts_user_change", args=[mhi.pk]),
        reverse("admin:accounts_user_add"),
        reverse("admin:parameters_parameterversion_changelist"),
        reverse("admin:parameters_parameterversion_change", args=[version.pk]),
        reverse("admin:parameters_parameterversion_add"),
        reverse("admin:audit_auditevent_changelist"),
        reverse("admin:audit_auditevent_change", args=[event.pk]),
        reverse("admin:feedback_feedback_changelist"),
        reverse("admin:documents_document_changelist"),
        reverse("admin:django_celery_beat_periodictask_changelist"),
        reverse("admin:django_celery_beat_periodictask_add"),
        reverse("admin:password_change"),
    ]


@pytest.mark.parametrize("who", ["admin_user", "mhi"])
def test_r_gov_1_the_admin_pages_pass_axe(live_server, browser, request, who, mhi) -> None:
    admin_user = request.getfixturevalue("admin_user")
    admin_user.is_superuser = True
    admin_user.save(update_fields=["is_superuser"])
    Feedback.objects.create(name="Asha", email="asha@example.in", page="/", message="Fine.")
    audit_record(actor=admin_user, action="accounts.role_changed", obj=mhi, after={"role": "mhi"})
    user = request.getfixturevalue(who)
    base = live_server.url
    paths = _admin_pages(admin_user, mhi)
    found = {}
    checked: set[str] = set()
    for width in (1366, 375):
        with signed_in_page(browser, base, user.email, width=width) as page:
            for language in ("en", "hi"):
                read_in(page, base, language)
                for path in paths:
                    response = page.goto(base + path)
                    if response is None or response.status == 403:
                        continue  # not this role's page
                    assert response.status == 200, (path, response.status)
                    checked.add(path)
                    violations = serious_violations(page)
                    if violations:
                        found[(width, language, path)] = violations
    # the superuser reaches them all; MHI the parameter versions (R-PARAM-1) and the audit trail
    mhi_reaches = {"/admin/", "/admin/password_change/"} | {
        p for p in paths if p.startswith(("/admin/parameters/", "/admin/audit/"))
    }
    assert checked == (set(paths) if who == "admin_user" else mhi_reaches)
    assert found == {}
