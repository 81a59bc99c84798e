"""Pages: a home per role, the site-information pages (R-GOV-3), the policy page, no dead links."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from repm_portal.web.pages import FOOTER_PAGES

pytestmark = pytest.mark.django_db

HOME_WORDS = {
    "applicant": "Upload and keep your documents",
    "pma": "you examine claims",
    "tc": "evaluate technical bids",
    "smc": "Periodic review meetings of the SMC",
    "mhi": "Record an amendment of scheme parameters",
    "ie": "only the claims assigned to you",
    "admin": "Create a staff account",
}


@pytest.mark.parametrize("role", list(HOME_WORDS))
def test_each_role_has_its_home_page(client, personas, role) -> None:
    user = personas[role if role != "tc" else "tc"]
    client.force_login(user)
    page = client.get(reverse("web:home")).content.decode()
    assert HOME_WORDS[role] in page
    assert user.full_name in page and "Due and overdue" in page


def test_the_home_page_needs_signing_in(client) -> None:
    response = client.get(reverse("web:home"))
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")


def test_mhi_home_shows_an_unchecked_audit_chain_as_due(client, mhi) -> None:
    client.force_login(mhi)
    assert "Check the audit chain" in client.get(reverse("web:home")).content.decode()


def test_a_broken_audit_chain_shows_as_overdue_on_the_admin_home(client, admin_user, applicant):
    from django.db import connection

    from repm_portal.audit.services import audit_check_run, audit_record

    audit_record(actor=applicant, action="test.one", obj=applicant)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET action = 'forged' WHERE seq = 1")
    audit_check_run()
    client.force_login(admin_user)
    page = client.get(reverse("web:home")).content.decode()
    assert "The audit chain is broken" in page and "Entry 1" in page


@pytest.mark.parametrize(("slug", "label"), FOOTER_PAGES)
def test_r_gov_3_site_information_pages(client, slug, label) -> None:
    page = client.get(reverse("web:page", args=[slug])).content.decode()
    assert "<h1" in page and str(label).split()[0] in page
    assert "under construction" not in page.lower() and "lorem" not in page.lower()
    assert "Ministry of Heavy Industries" in page  # R-GOV-3: the ministry's name on every page
    assert 'href="/about/contact/"' in page  # and a contact link


def test_an_unknown_page_is_a_404(client) -> None:
    assert client.get("/about/nothing-here/").status_code == 404


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href") if tag == "a" else None
        if href and href.startswith("/") and not href.startswith("//"):
            self.links.add(href.split("#")[0])


@pytest.mark.parametrize("role", ["outsider", "applicant", "pma", "mhi", "admin"])
def test_r_gov_3_no_broken_links(client, personas, role) -> None:
    if personas[role]:
        client.force_login(personas[role])
    seen: set[str] = set()
    queue = ["/", "/sign-in/", "/about/sitemap/"]
    while queue:
        url = queue.pop()
        if url in seen or url.startswith(("/admin/", "/i18n/")) or "format=csv" in url:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code in (200, 302), (role, url, response.status_code)
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            parser = _Links()
            parser.feed(response.content.decode())
            queue.extend(parser.links - seen)
    assert len(seen) > 10


def test_r_gov_2_switching_to_hindi(client) -> None:
    response = client.post("/i18n/setlang/", {"language": "hi", "next": "/about/help/"})
    assert response.status_code == 302
    page = client.get("/about/help/").content.decode()
    assert '<html lang="hi">' in page
    assert "भारत सरकार" in page


def test_pages_carry_security_headers(client) -> None:
    response = client.get("/sign-in/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_domain_error_in_a_page_is_a_clear_page_not_a_500(client) -> None:
    response = client.get("/parameters/?on=2020-01-01")
    assert response.status_code == 404
    assert "No scheme parameters are in force on 01 Jan 2020" in response.content.decode()
    assert client.get("/parameters/?on=not-a-date").status_code == 200


def test_the_health_check(client) -> None:
    assert client.get("/healthz/").json() == {"status": "ok"}


def test_signed_in_pages_and_api_answers_are_not_stored(client, applicant, api_for) -> None:
    public = client.get("/about/help/")
    assert "no-store" not in public.get("Cache-Control", "")  # public pages may be cached
    client.force_login(applicant)
    page = client.get("/")
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"] and "private" in page["Cache-Control"]
    answer = api_for(applicant).get("/api/v1/me/")
    assert answer.status_code == 200
    assert "no-store" in answer["Cache-Control"]


def test_the_admin_has_a_content_security_policy(client) -> None:
    response = client.get("/admin/login/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
