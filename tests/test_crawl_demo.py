"""A crawler over the demo (R-GOV-3, R-ACL-1…3): for each demo user, follow every same-site
link from the home page (bounded), and fail on

- any 4xx or 5xx reached from a link that was shown (a link leads somewhere, or is not shown),
  and on a redirect to the sign-in page for someone signed in;
- any page that renders for a user who may not use it: a page another user reached that this
  user was never shown a link to must be refused, unless ``MAY_USE_UNLINKED`` says the user may
  use it (each entry is an access decision, with its reason).

It prints the pages and links it followed for each user. Runs in both modes of ``.ci/run``.
"""

from __future__ import annotations

import io
import time
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.http import HttpResponse
from django.test import Client
from django.urls import Resolver404, resolve

from repm_portal.accounts.models import User
from repm_portal.management.commands.seed_demo import DEMO_USERS

pytestmark = pytest.mark.django_db(transaction=False)

MAX_PAGES = 400  # per user: the bound of the crawl
SKIPPED = ("/admin/", "/i18n/", "/static/", "/media/", "/api/")
NOT_PAGES = {"document_download"}  # files: readable per document, checked by status only
# url name → the demo users who may use the page though the demo links it only for others.
EVERYONE = {"applicant", "rival", "pma", "tc", "smc", "mhi", "ie", "admin"}
MAY_USE_UNLINKED: dict[str, set[str]] = {
    # Each signed-in user keeps its own documents and reads those shared with it.
    "documents": EVERYONE,
    # A published round is public to every signed-in user, as its RFP is (R-ACL-1…3).
    "rounds": EVERYONE,
    "round": EVERYONE,
}


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href") if tag == "a" else None
        if href:
            self.hrefs.append(href)


def same_site(base: str, href: str) -> str | None:
    url = urljoin(base, href.split("#")[0])
    parts = urlsplit(url)
    if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    if not path.startswith("/") or path.startswith(SKIPPED):
        return None
    return path


def url_name(path: str) -> str:
    try:
        return resolve(urlsplit(path).path).url_name or ""
    except Resolver404:
        return ""


@dataclass
class Crawl:
    user: str
    pages: dict[str, int] = field(default_factory=dict)  # url → status
    links: int = 0
    broken: list[str] = field(default_factory=list)


def crawl(client: Client, user: str) -> Crawl:
    result = Crawl(user)
    queue: deque[tuple[str, str]] = deque([("/", "(home)")])
    while queue and len(result.pages) < MAX_PAGES:
        url, source = queue.popleft()
        if url in result.pages:
            continue
        response = client.get(url)
        result.pages[url] = response.status_code
        if response.status_code >= 400:
            result.broken.append(f"{user}: {url} ({response.status_code}) linked from {source}")
            continue
        if response.status_code in (301, 302):
            location = same_site(url, response["Location"])
            if location and location.startswith("/sign-in/"):
                result.broken.append(
                    f"{user}: {url} sends a signed-in user to sign in, from {source}"
                )
            elif location:
                queue.append((location, url))
            continue
        for target in page_links(url, response):
            result.links += 1
            if target not in result.pages:
                queue.append((target, url))
    return result


def page_links(url: str, response: HttpResponse) -> list[str]:
    """The same-site links of an HTML page, as paths."""
    if "text/html" not in response.get("Content-Type", ""):
        return []
    parser = Links()
    parser.feed(response.content.decode())
    return [target for href in parser.hrefs if (target := same_site(url, href)) is not None]


def reached_pages(crawls: dict[str, Crawl]) -> tuple[dict[str, set[str]], dict[str, str]]:
    """Which page names each user reached through links; one example URL of each."""
    reached: dict[str, set[str]] = {key: set() for key in crawls}
    example: dict[str, str] = {}
    for key, result in crawls.items():
        for url, status in result.pages.items():
            name = url_name(url)
            if status == 200 and name and name not in NOT_PAGES and "format=" not in url:
                reached[key].add(name)
                example.setdefault(name, url)
    return reached, example


def test_r_acl_the_demo_crawled_by_every_role_has_no_dead_link_and_no_open_door(
    capsys: pytest.CaptureFixture[str],
) -> None:
    started = time.monotonic()
    call_command("seed_demo", stdout=io.StringIO())
    users = {email.split("@")[0]: User.objects.get(email=email) for _r, email, *_ in DEMO_USERS}
    clients: dict[str, Client] = {}
    crawls: dict[str, Crawl] = {}
    for key, user in users.items():
        clients[key] = Client()
        clients[key].force_login(user)
        crawls[key] = crawl(clients[key], key)

    reached, example = reached_pages(crawls)
    open_doors = []
    for name, url in sorted(example.items()):
        for key in users:
            if name in reached[key] or key in MAY_USE_UNLINKED.get(name, set()):
                continue
            status = clients[key].get(url).status_code
            if status == 200:
                open_doors.append(f"{key} may open {url} ({name}), never linked for it")

    with capsys.disabled():
        print("\ncrawl of the demo: pages and links followed per user")
        for key, result in crawls.items():
            print(f"  {key:10} {len(result.pages):4} pages  {result.links:5} links")
        print(f"  {len(example)} page names cross-checked in {time.monotonic() - started:.0f} s")
    broken = [line for result in crawls.values() for line in result.broken]
    assert not broken, "\n".join(broken)
    assert not open_doors, "\n".join(open_doors)
    for key, result in crawls.items():
        assert len(result.pages) < MAX_PAGES, f"{key}: the crawl hit its bound"
        assert len(result.pages) > 10, key
