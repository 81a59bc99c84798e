"""API conventions: one error shape, OpenAPI schema with documented enums, and who may call what."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import get_resolver

from bidding.tests.api_matrix import MATRIX as BIDDING_MATRIX
from committees.tests.api_matrix import MEETINGS_MATRIX, OUTLAY_MATRIX, REPORTS_MATRIX
from incentives.tests.api_matrix import MATRIX as INCENTIVES_MATRIX
from milestones.tests.api_matrix import MATRIX as MILESTONES_MATRIX
from repm_portal.documents.models import DocumentKind
from repm_portal.documents.services import document_upload
from repm_portal.tests.api_matrix import MATRIX

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF\n"


def test_every_error_has_one_shape(api_for, applicant) -> None:
    api = api_for(applicant)
    responses = {
        400: api.get("/api/v1/parameters/in-force/?on=31-12-2026"),
        401: api_for(None).get("/api/v1/me/"),
        403: api.get("/api/v1/audit-events/"),
        404: api.get("/api/v1/parameters/in-force/?on=2001-01-01"),
        405: api.delete("/api/v1/parameters/1/"),
        415: api.post("/api/v1/documents/", data="{}", content_type="application/json"),
    }
    for status, response in responses.items():
        assert response.status_code == status, (status, response.content)
        error = response.json()["error"]
        assert set(error) >= {"code", "message", "fields", "request_id"}
        assert error["message"] and error["request_id"] == response["X-Request-ID"]
    assert responses[400].json()["error"]["fields"]["on"]
    assert (
        "No scheme parameters are in force on 01 Jan 2001"
        in responses[404].json()["error"]["message"]
    )


def test_malformed_json_is_a_clear_400(api_for, admin_user) -> None:
    response = api_for(admin_user).post(
        "/api/v1/users/", data="{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "parse_error"


def test_a_request_id_is_kept_from_the_caller_when_well_formed(api_for) -> None:
    api = api_for(None)
    assert (
        api.get("/api/v1/parameters/", HTTP_X_REQUEST_ID="trace-12345678")["X-Request-ID"]
        == "trace-12345678"
    )
    assert api.get("/api/v1/parameters/", HTTP_X_REQUEST_ID="<bad>")["X-Request-ID"] != "<bad>"


def test_openapi_schema_documents_every_enum_value(client) -> None:
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    enums = {name: s for name, s in schema["components"]["schemas"].items() if "enum" in s}
    assert enums, "the schema should have enums (roles, document kinds)"
    for name, enum in enums.items():
        for value in enum["enum"]:
            if value not in ("", None):
                assert f"`{value}`" in enum.get("description", ""), (name, value)
    assert "/api/v1/documents/" in schema["paths"]
    assert client.get("/api/docs/").status_code == 200


def test_lists_are_paginated_and_filterable(api_for, mhi) -> None:
    page = api_for(mhi).get("/api/v1/parameters/?authority=5800&page_size=1").json()
    assert set(page) == {"count", "next", "previous", "results"}
    assert page["count"] == 1
    assert api_for(mhi).get("/api/v1/parameters/?authority=nothing-like-this").json()["count"] == 0


@pytest.fixture
def applicant_document(applicant):
    return document_upload(
        owner=applicant, kind=DocumentKind.DPR, uploaded=SimpleUploadedFile("d.pdf", PDF)
    )


@pytest.mark.parametrize(
    ("method", "path", "expected"), MATRIX, ids=[f"{m} {p}" for m, p, _ in MATRIX]
)
def test_r_acl_who_may_call_each_endpoint(
    api_for, personas, applicant_document, method, path, expected
) -> None:
    from repm_portal.audit.services import audit_record

    audit_record(actor=personas["admin"], action="test.seed", obj=personas["admin"])
    url = path.format(doc=applicant_document.pk, applicant=personas["applicant"].pk)
    for persona, status in expected.items():
        client = api_for(personas[persona])
        response = client.post(url, {}, format="multipart") if method == "post" else client.get(url)
        assert response.status_code == status, (
            persona,
            response.status_code,
            getattr(response, "data", None),
        )


def test_the_matrix_covers_every_api_route() -> None:
    every = [
        *MATRIX,
        *BIDDING_MATRIX,
        *MILESTONES_MATRIX,
        *INCENTIVES_MATRIX,
        *REPORTS_MATRIX,
        *OUTLAY_MATRIX,
        *MEETINGS_MATRIX,
    ]
    covered = {path.split("{")[0].rstrip("/").split("/")[3] for _, path, _ in every}
    routes = set()
    for pattern in get_resolver().url_patterns:
        if str(pattern.pattern) == "api/v1/":
            for sub in pattern.url_patterns:
                text = str(sub.pattern).lstrip("^")
                if text and text[0].isalpha():
                    routes.add(text.split("/")[0])
    assert {"parameters", "documents", "users", "audit-events", "me"} <= routes
    assert routes <= covered | {"auth"}, routes - covered


def test_r_acl_1_lists_hold_only_the_callers_rows(api_for, applicant, rival) -> None:
    mine = document_upload(
        owner=applicant, kind=DocumentKind.DPR, uploaded=SimpleUploadedFile("mine.pdf", PDF)
    )
    theirs = document_upload(
        owner=rival, kind=DocumentKind.DPR, uploaded=SimpleUploadedFile("theirs.pdf", PDF)
    )
    for user, own, other in ((applicant, mine, theirs), (rival, theirs, mine)):
        ids = [d["id"] for d in api_for(user).get("/api/v1/documents/").json()["results"]]
        assert ids == [own.pk] and other.pk not in ids


def test_the_openapi_schema_generates_without_a_warning(tmp_path) -> None:
    from django.core.management import call_command

    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml")
    )
    assert (tmp_path / "schema.yaml").read_text().startswith("openapi: 3")


# --- The schema documents the error answers, and matches reality (issue 14 item 10) ----------


@pytest.fixture
def schema(client) -> dict:
    return client.get("/api/schema/", HTTP_ACCEPT="application/json").json()


def _responses(schema: dict, path: str, method: str) -> set[str]:
    return set(schema["paths"][path][method]["responses"])


def test_every_operation_documents_its_error_answers_in_the_one_shape(schema) -> None:
    error = schema["components"]["schemas"]["Error"]
    assert error["required"] == ["error"]
    assert error["properties"]["error"]["required"] == ["code", "message", "fields", "request_id"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            errors = {c: r for c, r in operation["responses"].items() if c.startswith("4")}
            assert errors, (method, path)
            for code, answer in errors.items():
                ref = answer["content"]["application/json"]["schema"]["$ref"]
                assert ref == "#/components/schemas/Error", (method, path, code)


def test_the_documented_error_codes_follow_each_view(schema) -> None:
    # a state change by a role: everything from bad input to a throttle but 429 (not throttled)
    assert _responses(schema, "/api/v1/claims/{id}/sanction/", "post") == {
        "200",
        "400",
        "401",
        "403",
        "404",
        "409",
        "422",
    }
    # a public read of one row: a bad token, or no such row
    assert _responses(schema, "/api/v1/parameters/{id}/", "get") == {"200", "401", "404"}
    # the token endpoint: wrong input, wrong credentials (401), throttle and lockout (429)
    assert _responses(schema, "/api/v1/auth/token/", "post") == {"200", "400", "401", "429"}
    # revoking a token of someone else's is a 404
    assert _responses(schema, "/api/v1/auth/tokens/{id}/", "delete") >= {"204", "401", "404"}


def test_the_schema_says_recorded_by_may_be_null_and_it_is(schema, api_for, mhi) -> None:
    prop = schema["components"]["schemas"]["ParameterVersion"]["properties"]["recorded_by"]
    assert prop.get("nullable") is True
    notified = api_for(mhi).get("/api/v1/parameters/1/").json()
    assert notified["recorded_by"] is None  # the notified version was recorded by a migration


def test_the_schema_says_the_parameter_spec_is_a_list_and_it_is(schema, api_for) -> None:
    answer = schema["paths"]["/api/v1/parameters/spec/"]["get"]["responses"]["200"]
    assert answer["content"]["application/json"]["schema"]["type"] == "array"
    params = schema["paths"]["/api/v1/parameters/spec/"]["get"].get("parameters", [])
    assert [p["name"] for p in params] == []  # neither paginated nor filtered
    body = api_for(None).get("/api/v1/parameters/spec/").json()
    assert isinstance(body, list) and {"key", "rule"} <= set(body[0])


def test_an_address_under_api_that_matches_nothing_answers_in_the_error_shape(client) -> None:
    response = client.get("/api/v1/bids/0.5/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "not_found"
    assert "/api/docs/" in response.json()["error"]["message"]
    page = client.get("/no-such-page/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")


def test_r_gov_2_the_api_docs_say_in_hindi_that_the_console_is_english(client) -> None:
    """Swagger UI's own buttons stay English (no fork of it); the portal's frame says so in the
    reader's language, and the schema's description follows the request's language."""
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "hi"
    page = client.get("/api/docs/").content.decode()
    assert "नीचे दिया गया इंटरैक्टिव कंसोल अंग्रेज़ी में है" in page
    assert 'id="swagger-ui" class="api-docs" lang="en"' in page
    assert 'el.lang = "hi"' in page  # the description at its top is marked as Hindi

    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    assert schema["info"]["title"] == "REPM Scheme Portal API"  # a name, kept as it is
    assert schema["info"]["description"].startswith("सिंटर्ड रेयर अर्थ परमानेंट मैग्नेट")
    yaml = client.get("/api/schema/").content.decode()
    assert "सिंटर्ड रेयर अर्थ परमानेंट मैग्नेट" in yaml

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    assert schema["info"]["description"].startswith("API of the Scheme to Promote")
    assert "el.lang" not in client.get("/api/docs/").content.decode()
