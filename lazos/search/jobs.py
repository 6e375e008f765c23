"""Background work of the search index."""

from __future__ import annotations

from django.db import transaction

from lazos.core.jobs import job


@job
def rebuild_government_index(government_id: int) -> int:
    """Rebuild a government's index (after its language changed); returns the entry count."""
    from lazos.governments.models import Government
    from lazos.search.indexing import reindex_government

    government = Government.objects.filter(pk=government_id).first()
    if government is None:
        return 0
    with transaction.atomic():
        return reindex_government(government)
