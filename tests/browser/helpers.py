"""Helpers shared by the Chromium tests (tests never import each other's test modules)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.factories import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")  # Debian's: Playwright never downloads a browser


def sign_in(page, base, email, password=PASSWORD):
    page.goto(f"{base}/sign-in/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")


@contextmanager
def signed_in_page(browser: Any, base: str, email: str, *, width: int = 1366) -> Iterator[Any]:
    """A page of a fresh browser context ``width`` pixels wide, in India's locale and time zone,
    signed in as ``email``; the context is closed afterwards."""
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale="en-IN", timezone_id="Asia/Kolkata"
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        sign_in(page, base, email)
        yield page
    finally:
        context.close()


def read_in(page: Any, base: str, language: str) -> None:
    """From now on the portal answers ``page`` in ``language`` (its language cookie)."""
    page.context.add_cookies([{"name": "django_language", "value": language, "url": base}])


def flash(page, text):
    """Wait for the page's status message saying ``text``."""
    page.get_by_role("status").filter(has_text=text).wait_for()


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()


def serious_violations(page: object) -> list[str]:
    """axe-core's serious and critical violations on the page, as readable lines."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def pdf_text(path: Path) -> str:
    """The PDF's text as pdftotext reads it, whitespace collapsed (lines wrap anywhere)."""
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(out.split())
