"""The kernel's list pages (audit trail, documents, notifications, feedback received, scheme
parameters) read in a number of queries that does not grow with their rows."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from repm_portal.audit.services import audit_record
from repm_portal.documents.models import DocumentKind
from repm_portal.documents.services import document_upload
from repm_portal.documents.tests.fixtures import PDF
from repm_portal.feedback.models import Feedback
from repm_portal.notifications.models import Notification
from tests.queries import page_queries

# What rendering a page costs: none is served kept (page_cache.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pages_rendered")]

LIST_MAX = 8  # a ceiling, so a page that gains queries shows even if its count stays flat


def grow(personas, n: int) -> None:
    applicant, mhi = personas["applicant"], personas["mhi"]
    for i in range(n):
        audit_record(actor=mhi, action="test.event", obj=applicant, after={"i": i})
        for owner in (applicant, mhi):
            document_upload(
                owner=owner, kind=DocumentKind.DPR, uploaded=SimpleUploadedFile(f"d{i}.pdf", PDF)
            )
    for user in personas.values():
        if user is not None:
            Notification.objects.bulk_create(
                Notification(user=user, title=f"Note {i}", url="/") for i in range(n)
            )
    Feedback.objects.bulk_create(
        Feedback(name=f"Visitor {i}", email=f"v{i}@example.in", message="Hello", user=applicant)
        for i in range(n)
    )


PAGES = [
    ("web:audit", "mhi"),
    ("web:audit", "admin"),
    ("web:documents", "applicant"),
    ("web:documents", "mhi"),
    ("web:notifications", "applicant"),
    ("web:notifications", "pma"),
    ("web:feedback_list", "pma"),
    ("web:feedback_list", "admin"),
    ("web:parameters", "applicant"),
]


@pytest.mark.parametrize(("page", "who"), PAGES)
def test_list_queries_do_not_grow_from_2_to_20_rows(
    client, personas, page, who, django_assert_max_num_queries
) -> None:
    grow(personas, 2)
    client.force_login(personas[who])
    url = reverse(page)
    small = page_queries(client, url)
    grow(personas, 18)
    assert Notification.objects.filter(user=personas[who]).count() == 20
    assert small <= LIST_MAX
    with django_assert_max_num_queries(small):
        client.get(url)
    assert page_queries(client, url) <= small  # an empty page may take one query more
