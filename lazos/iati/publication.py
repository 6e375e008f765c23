"""The public IATI file, built by the job worker and served from storage (#13): see
``core/published_files.py``. The request computes the file's ETag (``views._etag``, three
aggregate queries) and never builds the file; a government without an IATI organisation
identifier publishes none."""

from __future__ import annotations

import logging

from lazos.core.jobs import job
from lazos.core.published_files import Published, PublishedFiles
from lazos.governments.models import Government
from lazos.iati.export import NoOrganisationIdentifier, build_file

logger = logging.getLogger(__name__)

FILES = PublishedFiles(folder="iati/published", suffix=".xml")
RETRY_AFTER = FILES.retry_after
KEY = "activities"


def current(government: Government, etag: str) -> Published | None:
    return FILES.current(government.pk, KEY, etag)


def previous(government: Government) -> Published | None:
    return FILES.previous(government.pk, KEY)


def failed(government: Government, etag: str) -> bool:
    return FILES.failed(government.pk, KEY, etag)


def request_publication(government: Government, etag: str) -> Published | None:
    return FILES.request(publish_iati_file.enqueue, government.pk, KEY, etag)


@job
def publish_iati_file(government_id: int, key: str, etag: str) -> str:
    """Build the government's file and store it under ``etag`` (the ETag the request saw:
    a change after it is published under its own ETag at the next request)."""
    government = Government.objects.get(pk=government_id)
    try:
        return FILES.publish(government_id, key, etag, lambda: build_file(government))
    except NoOrganisationIdentifier:
        return "no identifier"
    except Exception as error:
        logger.exception(
            "The IATI file of %s could not be built; visitors get a 503 page: %s",
            government.slug,
            error,
        )
        return "failed"
