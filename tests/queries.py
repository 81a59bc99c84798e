"""How many queries a page takes: the query-count tests' one measure (issue 16.8)."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def page_queries(client: Client, url: str) -> int:
    """The number of queries ``client`` costs fetching ``url``, which must answer 200."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(captured)
