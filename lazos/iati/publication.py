"""The public IATI file, built by the job worker and served from storage (#13).

Building a government's file takes seconds for thousands of activities, so no web request
builds it. The request computes the file's ETag (three aggregate queries, see
``views._etag``): a file already published under that ETag is served at once; otherwise
:func:`publish_iati_file` is queued and the request serves the previous file while the new
one is prepared, or, when there is none yet, a 503 page asking to come back shortly. A file
that cannot be built is never served in part: the failure is logged and remembered (in the
cache shared with the worker) for as long as the page tells visitors to wait.

Files live in the default storage under ``iati/published/<government id>/``, named by their
ETag; publishing a new one removes the older ones.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.core.cache import caches
from django.core.files import File
from django.core.files.storage import default_storage

from lazos.core.jobs import job
from lazos.governments.models import Government
from lazos.iati.export import NoOrganisationIdentifier, build_file

logger = logging.getLogger(__name__)

FOLDER = "iati/published"
# How long a failure is remembered (and the 503 page's Retry-After) before building again.
RETRY_AFTER = 600
QUEUED_FOR = 600


@dataclass(frozen=True)
class Published:
    name: str  # in the default storage
    etag: str  # with its quotes, as HTTP sends it


def _folder(government_id: int) -> str:
    return f"{FOLDER}/{government_id}"


def _name(government_id: int, etag: str) -> str:
    return f"{_folder(government_id)}/{etag.strip(chr(34))}.xml"


def _failure_key(government_id: int, etag: str) -> str:
    return f"lazos:iati-file-failed:{government_id}:{etag}"


def _queued_key(government_id: int, etag: str) -> str:
    return f"lazos:iati-file-queued:{government_id}:{etag}"


def current(government: Government, etag: str) -> Published | None:
    name = _name(government.pk, etag)
    return Published(name, etag) if default_storage.exists(name) else None


def previous(government: Government) -> Published | None:
    """The file published last for this government (an older ETag), if any."""
    try:
        _folders, files = default_storage.listdir(_folder(government.pk))
    except FileNotFoundError:
        return None
    names = sorted(
        (default_storage.get_modified_time(f"{_folder(government.pk)}/{f}"), f)
        for f in files
        if f.endswith(".xml")
    )
    if not names:
        return None
    latest = names[-1][1]
    return Published(f"{_folder(government.pk)}/{latest}", f'"{latest.removesuffix(".xml")}"')


def failed(government: Government, etag: str) -> bool:
    return bool(caches["progress"].get(_failure_key(government.pk, etag)))


def request_publication(government: Government, etag: str) -> None:
    """Queue the building of the file of ``etag``, once while it is waiting."""
    if caches["progress"].add(_queued_key(government.pk, etag), True, QUEUED_FOR):
        publish_iati_file.enqueue(government.pk, etag)


@job
def publish_iati_file(government_id: int, etag: str) -> str:
    """Build the government's file and store it under ``etag`` (the ETag the request saw:
    a change after it is published under its own ETag at the next request)."""
    government = Government.objects.get(pk=government_id)
    name = _name(government_id, etag)
    progress = caches["progress"]
    try:
        if default_storage.exists(name):
            return "published"
        try:
            built = build_file(government)
        except NoOrganisationIdentifier:
            return "no identifier"
        except Exception as error:
            logger.exception(
                "The IATI file of %s could not be built; visitors get a 503 page: %s",
                government.slug,
                error,
            )
            progress.set(_failure_key(government_id, etag), True, RETRY_AFTER)
            return "failed"
        with built:
            stored = default_storage.save(name, File(built))
        if stored != name:  # another worker published the same ETag meanwhile: keep theirs
            default_storage.delete(stored)
            return "published"
        for other in default_storage.listdir(_folder(government_id))[1]:
            if f"{_folder(government_id)}/{other}" != stored:
                default_storage.delete(f"{_folder(government_id)}/{other}")
        return "published"
    finally:
        progress.delete(_queued_key(government_id, etag))
