"""The floors of the house: ``core`` builds on the foundation only, never on a feature app."""

from __future__ import annotations

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[1]
# The tenant (governments) and the people (accounts) are the foundation core's base models,
# permissions and test kit are about; every other app is a feature built on core.
FOUNDATION = {"core", "governments", "accounts"}


def lazos_imports(path: Path) -> set[str]:
    """The ``lazos.<app>`` packages a module imports, at any depth (function bodies too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "lazos" and len(parts) > 1:
                found.add(parts[1])
    return found


def test_core_imports_no_feature_app():
    offending = {}
    for path in sorted(CORE.rglob("*.py")):
        if "tests" in path.relative_to(CORE).parts:
            continue  # core's own tests exercise the whole project
        apps = lazos_imports(path) - FOUNDATION
        if apps:
            offending[str(path.relative_to(CORE))] = sorted(apps)
    assert offending == {}, f"core imports feature apps: {offending}"


def test_the_check_sees_imports_inside_functions(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from lazos.portal.views import X\nimport lazos.iati.export\n")
    assert lazos_imports(module) == {"portal", "iati"}


LAZOS = CORE.parent
ARCHITECTURE = LAZOS.parent / "docs" / "architecture.md"


def mutual_imports() -> set[frozenset[str]]:
    """The pairs of apps that import each other, outside tests and migrations."""
    imports: dict[str, set[str]] = {}
    for path in LAZOS.rglob("*.py"):
        parts = path.relative_to(LAZOS).parts
        if len(parts) < 2 or "tests" in parts or "migrations" in parts:
            continue
        imports.setdefault(parts[0], set()).update(lazos_imports(path) - {parts[0]})
    return {
        frozenset((app, other))
        for app, others in imports.items()
        for other in others
        if app in imports.get(other, set())
    }


def documented_pairs(text: str) -> set[frozenset[str]]:
    """The pairs of the "Apps that still import each other" table: a cell lists clauses
    separated by ";", each either pairs ``a ↔ b, c ↔ d`` or groups ``a, b ↔ c, d``."""
    start = text.index("Apps that still import each other")
    pairs: set[frozenset[str]] = set()
    for line in text[start:].splitlines()[1:]:
        if pairs and not line.startswith("|"):
            break
        if not line.startswith("| ") or "↔" not in line:
            continue
        for clause in line.split("|")[1].split(";"):
            if clause.count("↔") > 1:
                sides = [segment.split("↔") for segment in clause.split(",")]
            else:
                sides = [clause.split("↔")]
            for left, right in sides:
                for a in left.split(","):
                    for b in right.split(","):
                        pairs.add(frozenset((a.strip(" `"), b.strip(" `"))))
    return pairs


def test_the_architecture_lists_every_pair_of_apps_that_import_each_other():
    text = ARCHITECTURE.read_text(encoding="utf-8")
    actual = mutual_imports()
    documented = documented_pairs(text)
    assert {tuple(sorted(p)) for p in actual - documented} == set(), "undocumented pairs"
    assert {tuple(sorted(p)) for p in documented - actual} == set(), "pairs no longer there"
    assert f"({len(actual)} pairs" in text


def test_the_table_reader_reads_both_forms():
    table = (
        "Apps that still import each other (3 pairs):\n\n| pairs | why |\n|---|---|\n"
        "| a ↔ b, c ↔ d | x |\n| e, f ↔ g; h ↔ i | y |\n\nAfter.\n| j ↔ k | z |\n"
    )
    assert documented_pairs(table) == {
        frozenset(p) for p in [("a", "b"), ("c", "d"), ("e", "g"), ("f", "g"), ("h", "i")]
    }
