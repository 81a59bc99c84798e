"""Bad input anywhere in the API gets a 4xx, never a 500, and every answer is one the schema
documents (its status code, content type and body): schemathesis fuzzes every operation of the
OpenAPI schema, signed in as an administrator (who may reach every endpoint)."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from repm_portal.accounts.tokens import api_token_issue
from repm_portal.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """As Django's test client does: the request signals must not close the test's connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_answers_as_its_schema_says_never_with_a_server_error(case, admin_user) -> None:
    _token, key = api_token_issue(user=admin_user)
    response = case.call(headers={"Authorization": f"Token {key}"})
    case.validate_response(
        response,
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ],
    )
