"""The project's catalogue of rule ids (``repm_portal.rules_catalogue``) against the code: every
id the repository names is catalogued, every catalogued id is proved by a test (or honestly
listed as not yet), each is applied where the catalogue says, and the policy page explains every
decision. Nothing here reads outside the repository."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from repm_portal.rules_catalogue import CATALOGUE, NOT_YET_PROVED, decisions
from repm_portal.web.policy import DECISIONS

ROOT = Path(settings.BASE_DIR)
SKIPPED_DIRS = {".git", ".venv", "var", "locale", "node_modules", "static", "__pycache__"}
SUFFIXES = {".py", ".html", ".txt", ".md", ".toml"}
# An id, or a run of them: R-SLI-3, R-UNIT-1…3, R-ACL-2/3, R-COM-1...4
NAMED = re.compile(r"\bR-([A-Z]+)-(\d+)((?:\s*(?:…|\.\.\.|–)\s*\d+)|(?:/\d+)+)?")
TEST_NAME = re.compile(r"\bdef test_r_([a-z]+)_(\d+)_")


def ids_in(text: str) -> set[str]:
    """The rule ids a text names, ranges and slashes expanded (R-UNIT-1…3 names three)."""
    found = set()
    for match in NAMED.finditer(text):
        family, first, tail = match.group(1), int(match.group(2)), match.group(3) or ""
        numbers = {first}
        if "/" in tail:
            numbers |= {int(n) for n in tail.split("/")[1:]}
        elif tail:
            numbers |= set(range(first, int(re.findall(r"\d+", tail)[0]) + 1))
        found |= {f"R-{family}-{n}" for n in numbers}
    for match in TEST_NAME.finditer(text):
        found.add(f"R-{match.group(1).upper()}-{match.group(2)}")
    return found


def repository_files() -> list[Path]:
    files = []
    for path in ROOT.rglob("*"):
        relative = path.relative_to(ROOT).parts
        if any(part in SKIPPED_DIRS or part.startswith(".") for part in relative[:-1]):
            continue
        if path.is_file() and path.suffix in SUFFIXES:
            files.append(path)
    return files


def is_test(path: Path) -> bool:
    parts = path.relative_to(ROOT).parts
    return "tests" in parts or path.name.startswith("test_") or path.name == "conftest.py"


def named(tests: bool) -> dict[str, set[str]]:
    """Rule id → the files naming it, among the tests (or the rest of the repository)."""
    by_id: dict[str, set[str]] = {}
    for path in repository_files():
        if is_test(path) != tests or path.name == "test_rules_catalogue.py":
            continue
        for rule in ids_in(path.read_text(encoding="utf-8")):
            by_id.setdefault(rule, set()).add(str(path.relative_to(ROOT)))
    return by_id


def test_the_id_pattern_expands_runs_and_test_names() -> None:
    assert ids_in("R-UNIT-1…3, R-ACL-2/3 and R-COM-1...4; R-SLI-10") == {
        "R-UNIT-1",
        "R-UNIT-2",
        "R-UNIT-3",
        "R-ACL-2",
        "R-ACL-3",
        "R-COM-1",
        "R-COM-2",
        "R-COM-3",
        "R-COM-4",
        "R-SLI-10",
    }
    assert ids_in("def test_r_sli_7_held_claims_are_released(") == {"R-SLI-7"}


def test_every_rule_id_named_in_the_repository_is_catalogued() -> None:
    everywhere = named(tests=False) | named(tests=True)
    unknown = {rule: sorted(files) for rule, files in everywhere.items() if rule not in CATALOGUE}
    assert not unknown, f"add these ids to repm_portal/rules_catalogue.py: {unknown}"
    assert len(CATALOGUE) >= 55  # the scheme's rules, none dropped


def test_every_catalogued_rule_is_named_by_a_test_or_honestly_listed_as_not_yet() -> None:
    proved = set(named(tests=True))
    unproved = set(CATALOGUE) - proved - NOT_YET_PROVED
    assert not unproved, f"no test names these rules: {sorted(unproved)}"
    stale = NOT_YET_PROVED & proved
    assert not stale, f"tests name these now: take them out of NOT_YET_PROVED: {sorted(stale)}"
    assert set(CATALOGUE) >= NOT_YET_PROVED


def test_each_rule_is_applied_where_the_catalogue_says() -> None:
    for rule in CATALOGUE.values():
        assert rule.id == f"R-{rule.id.split('-')[1]}-{int(rule.id.split('-')[2])}"
        assert rule.statement.strip().endswith("."), rule.id
        for module in rule.applied_in:
            spec = importlib.util.find_spec(module)
            assert spec is not None and spec.origin, (rule.id, module)
            source = Path(spec.origin).read_text(encoding="utf-8")
            assert rule.id in ids_in(source), f"{module} does not name {rule.id}"


def test_policy_page_explains_every_decision_of_the_catalogue(client, db) -> None:
    decided = {rule.id for rule in decisions()}
    assert decided == {
        "R-UNIT-3",
        "R-UNIT-4",
        "R-PARAM-2",
        "R-BID-7",
        "R-BID-8",
        "R-SLI-7",
        "R-SLI-8",
        "R-SLI-10",
        "R-MS-4",
        "R-MS-5",
    }
    explained = {rule for rule, _title, _text in DECISIONS}
    assert decided <= explained, decided - explained
    assert explained <= set(CATALOGUE), explained - set(CATALOGUE)
    page = client.get(reverse("web:policy")).content.decode()
    for rule in sorted(decided):
        assert rule in page, rule


def test_no_code_or_test_reads_outside_the_repository() -> None:
    outside = re.compile(r"\.\./" + "shared|[\"']shared[\"']\\s*/")
    offenders = [
        str(path.relative_to(ROOT))
        for path in repository_files()
        if path.suffix == ".py" and outside.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
