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
