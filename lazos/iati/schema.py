"""The official IATI activity schemas (2.01, 2.02, 2.03), shipped in ``standard/``.

Each version's four schema files sit in their own folder so that they include and import each
other by relative path; nothing is fetched from the network. A schema is compiled once per
thread and kept (compiling takes a few tens of milliseconds, validating an activity a
fraction of one); a compiled schema holds the log of its last validation, so threads do not
share one.
"""

from __future__ import annotations

import threading
from pathlib import Path

from django.utils.translation import gettext as _
from lxml import etree

STANDARD = Path(__file__).resolve().parent / "standard"
SUPPORTED_VERSIONS = ("2.01", "2.02", "2.03")


class UnsupportedVersion(ValueError):
    """A file declares an IATI version whose activity schema Lazos does not ship."""

    def __init__(self, version: str):
        self.version = version
        super().__init__(version_message(version))


def version_message(version: str) -> str:
    """Why a file of ``version`` cannot be read, in the active language."""
    if not version.strip():
        return _(
            "the file does not say which IATI version it follows (@version is missing); "
            "Lazos reads versions %(versions)s."
        ) % {"versions": ", ".join(SUPPORTED_VERSIONS)}
    return _(
        "IATI version “%(version)s” is not one Lazos reads; it reads versions %(versions)s."
    ) % {"version": version, "versions": ", ".join(SUPPORTED_VERSIONS)}


def is_supported(version: str) -> bool:
    return version.strip() in SUPPORTED_VERSIONS


def schema_path(version: str) -> Path:
    return STANDARD / version / "iati-activities-schema.xsd"


_local = threading.local()


def _compiled(version: str) -> etree.XMLSchema:
    cache: dict[str, etree.XMLSchema] = getattr(_local, "schemas", None) or {}
    _local.schemas = cache
    if version not in cache:
        parser = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)
        document = etree.parse(str(schema_path(version)), parser)
        cache[version] = etree.XMLSchema(document)
    return cache[version]


def activity_schema(version: str) -> etree.XMLSchema:
    """The compiled activity schema of ``version`` (this thread's copy);
    :class:`UnsupportedVersion` for any other version."""
    cleaned = version.strip()
    if cleaned not in SUPPORTED_VERSIONS:
        raise UnsupportedVersion(cleaned)
    return _compiled(cleaned)
