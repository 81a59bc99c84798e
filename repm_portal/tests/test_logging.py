"""A refused request is one line in the log; a server error keeps its traceback."""

from __future__ import annotations

import logging

import pytest
from django.core.exceptions import PermissionDenied

from repm_portal.middleware import ClientErrorsOneLine


def _record(status: int) -> logging.LogRecord:
    try:
        raise PermissionDenied("no")
    except PermissionDenied:
        import sys

        record = logging.LogRecord(
            "django.request",
            logging.WARNING,
            __file__,
            1,
            "Forbidden: %s",
            ("/x/",),
            sys.exc_info(),
        )
    record.status_code = status
    return record


@pytest.mark.parametrize(("status", "traceback"), [(403, False), (404, False), (500, True)])
def test_client_errors_are_logged_without_a_traceback(status: int, traceback: bool) -> None:
    record = _record(status)
    assert ClientErrorsOneLine().filter(record)
    text = logging.Formatter("%(message)s").format(record)
    assert text.startswith("Forbidden: /x/")
    assert ("Traceback" in text) is traceback


def test_a_refused_page_logs_one_line(client, applicant, caplog) -> None:
    client.force_login(applicant)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/audit/")
    assert response.status_code == 403
    lines = [r for r in caplog.records if r.name == "django.request"]
    assert len(lines) == 1
    assert lines[0].exc_info is None
    assert lines[0].getMessage() == "Forbidden (Permission denied): /audit/"
