"""The architecture's one-way rule, checked on every run: pages are widgets in and one service
call out. A page imports nothing from storage (every write goes through a service that validates
and cleans, and reads go through the same services), and the packages below the pages import no
Streamlit, except ui/ (the glue that caches the connection) and the pages themselves.

Read from the source with the standard library's ast, so a lazy import inside a function counts
too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
PAGES = sorted((PROJECT / "pages").glob("*.py"))
BELOW_PAGES = ["accounts", "analytics", "checklists", "cli", "data", "i18n", "services", "storage"]


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, as dotted names ("storage.db", "storage" for `from storage import x`)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def test_the_rule_sees_every_kind_of_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import storage.db\nfrom storage import users\n\ndef later():\n    from storage.audit import record\n",
        encoding="utf-8",
    )
    assert {"storage.db", "storage", "storage.users", "storage.audit"} <= imported_modules(sample)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_a_page_imports_nothing_from_storage(page):
    reached = sorted(m for m in imported_modules(page) if m == "storage" or m.startswith("storage."))
    assert not reached, f"{page.name} imports {reached}: call a service instead"


@pytest.mark.parametrize("package", BELOW_PAGES)
def test_packages_below_the_pages_import_no_streamlit(package):
    offenders = [
        path.relative_to(PROJECT).as_posix()
        for path in sorted((PROJECT / package).rglob("*.py"))
        if any(m == "streamlit" or m.startswith("streamlit.") for m in imported_modules(path))
    ]
    assert not offenders, offenders
