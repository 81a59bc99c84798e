"""Tests never import one another: what they share lives in fixture and factory modules
(``<app>/tests/fixtures.py``, ``factories.py``, ``tests/worker.py`` …), never in a ``test_*``
module or a conftest, so that running, moving or deleting one test module leaves the rest be."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIPPED = {".venv", "var", "node_modules", "static", ".git"}


def _python_files() -> Iterator[Path]:
    for path in sorted(ROOT.rglob("*.py")):
        if not SKIPPED & set(path.relative_to(ROOT).parts):
            yield path


def _is_test_module(dotted: str) -> bool:
    last = dotted.rsplit(".", 1)[-1]
    return last.startswith("test_") or last == "conftest"


def imports_of_a_test_module(source: str) -> list[str]:
    """Each import in ``source`` (at any depth, inside functions too) of a ``test_*`` module or
    a conftest, as written."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [f"import {a.name}" for a in node.names if _is_test_module(a.name)]
        elif isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            if node.module and _is_test_module(node.module):
                found.append(f"from {module} import …")
            found += [
                f"from {module} import {a.name}" for a in node.names if _is_test_module(a.name)
            ]
    return found


def test_no_module_imports_a_test_module_or_a_conftest() -> None:
    offences = [
        f"{path.relative_to(ROOT)}: {found}"
        for path in _python_files()
        for found in imports_of_a_test_module(path.read_text(encoding="utf-8"))
    ]
    assert not offences, "import the shared builders from a fixtures module instead:\n" + "\n".join(
        offences
    )


def test_the_check_finds_every_form_of_such_an_import() -> None:
    # Spelled apart, so that a grep for such imports passes over this file.
    conf, test = "conf" + "test", "test" + "_"
    source = f"""
import {conf}
from {conf} import PASSWORD
from incentives.tests.{test}services import GSTIN
from .{conf} import make_user
from bidding.tests import {test}api

def later():
    from incentives.tests.{test}capital import invest
"""
    assert len(imports_of_a_test_module(source)) == 6
    fine = "from incentives.tests.fixtures import GSTIN\nfrom tests.worker import stop\n"
    assert imports_of_a_test_module(fine) == []
