"""The open-data files (the data package as a zip, its descriptor, each CSV table), built by
the job worker and served from storage, never built in a request (#13): see
``core/published_files.py``. The request computes the package's freshness (one aggregate
query per kind of content); each file is named by its ETag."""

from __future__ import annotations

import json
import logging

from django.urls import reverse

from lazos.core.jobs import job
from lazos.core.links import absolute_url
from lazos.core.published_files import PublishedFiles
from lazos.governments.models import Government
from lazos.opendata.datapackage import (
    TABLES_BY_NAME,
    Freshness,
    Table,
    build_zip,
    descriptor,
    freshness,
)

logger = logging.getLogger(__name__)

FILES = PublishedFiles(folder="opendata/published", suffix=".data")
ZIP, DESCRIPTOR, CSV = "zip", "json", "csv-"


def build(government: Government, key: str, fresh: Freshness) -> bytes:
    """The file of ``key``: the zip, the descriptor (whose resources point to the CSV files'
    addresses) or one table's CSV (``csv-<table>``)."""
    if key == ZIP:
        return build_zip(government, created=fresh.last_modified)
    if key == DESCRIPTOR:

        def path_for(table: Table) -> str:
            return absolute_url(
                reverse(
                    "opendata:csv",
                    kwargs={"government_slug": government.slug, "table": table.name},
                )
            )

        spec = descriptor(government, path_for=path_for, created=fresh.last_modified)
        return json.dumps(spec, ensure_ascii=False, indent=2).encode("utf-8")
    return TABLES_BY_NAME[key.removeprefix(CSV)].csv_bytes(government)


@job
def publish_open_data_file(government_id: int, key: str, etag: str) -> str:
    """Build one open-data file of the government and store it under its current ETag (the
    one the request saw, unless the data changed since)."""
    government = Government.objects.get(pk=government_id)
    fresh = freshness(government)
    try:
        return FILES.publish(government_id, key, fresh.etag, lambda: build(government, key, fresh))
    except Exception as error:
        logger.exception(
            "The open-data file %s of %s could not be built; visitors get a 503 page: %s",
            key,
            government.slug,
            error,
        )
        return "failed"
