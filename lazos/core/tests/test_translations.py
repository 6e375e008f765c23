"""Every UI string is translated into es, fr and pt, and the catalogs are current."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

# What this checks does not depend on the database engine: CI runs it once, in the SQLite pass.
pytestmark = pytest.mark.engine_independent

PACKAGE = Path(__file__).resolve().parents[2]
LANGUAGES = ("es", "fr", "pt")


def _po(language: str, root: Path = PACKAGE) -> polib.POFile:
    return polib.pofile(str(root / "locale" / language / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_is_complete_and_not_fuzzy(language):
    catalog = _po(language)
    assert len(catalog) > 100
    assert [e.msgid for e in catalog.untranslated_entries()] == []
    assert [e.msgid for e in catalog.fuzzy_entries() if not e.obsolete] == []
    for entry in catalog:
        if entry.msgid_plural:
            assert all(entry.msgstr_plural.values()), entry.msgid


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalog_matches_the_source(language):
    mo = polib.mofile(str(PACKAGE / "locale" / language / "LC_MESSAGES" / "django.mo"))
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, dict(e.msgstr_plural)) for e in mo}
    for entry in _po(language).translated_entries():
        stored = compiled.get((entry.msgctxt, entry.msgid))
        assert stored is not None, (
            f"{language}: {entry.msgid!r} is not compiled (run make messages)"
        )
        if entry.msgid_plural:
            assert {int(k): v for k, v in stored[1].items()} == {
                int(k): v for k, v in entry.msgstr_plural.items()
            }
        else:
            assert stored[0] == entry.msgstr, entry.msgid


def test_catalogs_hold_every_string_of_the_code(tmp_path):
    """Extract the strings again from a copy of the code: none may be missing."""
    if shutil.which("xgettext") is None:
        pytest.skip("needs GNU gettext (xgettext): apt-get install gettext")
    copy = tmp_path / "lazos"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "es",
            "--no-obsolete",
            "--settings=lazos.settings",
        ],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "PYTHONPATH": str(tmp_path), "LAZOS_VAR_DIR": str(tmp_path / "var")},
    )
    assert result.returncode == 0, result.stderr
    fresh = {(e.msgctxt, e.msgid) for e in _po("es", copy) if not e.obsolete}
    committed = {(e.msgctxt, e.msgid) for e in _po("es") if not e.obsolete}
    missing = sorted(str(m[1]) for m in fresh - committed)
    assert missing == [], f"strings not in the catalogs (run make messages): {missing}"
