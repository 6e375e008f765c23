"""What a reviewer needs to judge an indicator update, gathered in a fixed number of queries:
the value against the period's target and the baseline, the values of the previous periods,
the narrative, the disaggregation and the evidence (the update's own file and the documents
attached to the update, plus the documents of kind "evidence" of the indicator's action)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q

from lazos.core.models import Attachment, AttachmentKind
from lazos.results.choices import Measure
from lazos.results.models import Indicator, IndicatorUpdate
from lazos.results.progress import IndicatorProgress, PeriodProgress, percent_reached, progress_of

if TYPE_CHECKING:
    from lazos.governments.models import Government


@dataclass(frozen=True)
class ReviewDossier:
    update: IndicatorUpdate
    indicator: Indicator
    # The value reported, as a share of the way to the period's target (None: cannot tell).
    percent: int | None
    # The value approved for the same period so far, if any (this update would replace it).
    current: PeriodProgress | None
    # The periods before this one, oldest first, with their targets and approved values.
    previous: IndicatorProgress
    # Latest versions only, the update's own documents first.
    update_documents: list[Attachment]
    action_documents: list[Attachment]

    @property
    def is_numeric(self) -> bool:
        return self.indicator.measure != Measure.QUALITATIVE

    @property
    def has_evidence(self) -> bool:
        return bool(self.update.evidence or self.update_documents or self.action_documents)


def _latest_versions(documents: list[Attachment]) -> list[Attachment]:
    """The latest version of each title (``documents`` are ordered by title, newest first)."""
    seen: set[str] = set()
    latest = []
    for document in documents:
        if document.title not in seen:
            seen.add(document.title)
            latest.append(document)
    return latest


def evidence_documents(
    government: Government, update: IndicatorUpdate
) -> tuple[list[Attachment], list[Attachment]]:
    """The documents attached to ``update`` and the evidence documents of its indicator's
    action (latest versions), in one query."""
    action_id = update.period.indicator.action_id
    on_update = Q(
        content_type__app_label="results",
        content_type__model="indicatorupdate",
        object_id=update.pk,
    )
    on_action = Q(
        content_type__app_label="actions",
        content_type__model="action",
        object_id=action_id,
        kind=AttachmentKind.EVIDENCE,
    )
    rows = list(
        Attachment.objects.for_tenant(government)
        .filter(on_update | on_action if action_id else on_update)
        .select_related("content_type", "uploaded_by")
        .order_by("title", "-version")
    )
    own = [row for row in rows if row.content_type.model == "indicatorupdate"]
    of_action = [row for row in rows if row.content_type.model == "action"]
    return _latest_versions(own), _latest_versions(of_action)


def review_dossier(government: Government, update: IndicatorUpdate) -> ReviewDossier:
    """Everything the review page shows about ``update`` (loaded with ``with_related`` and its
    ``disaggregations`` prefetched): a fixed number of queries whatever the number of periods,
    approved values, disaggregated values or documents."""
    indicator = update.period.indicator
    progress = progress_of([indicator])[0]
    period = update.period
    current = next((row for row in progress.periods if row.period.pk == period.pk), None)
    previous = [row for row in progress.periods if row.period.start < period.start]
    percent = None
    if indicator.measure != Measure.QUALITATIVE and update.value is not None:
        percent = percent_reached(
            update.value,
            period.target_value,
            baseline=indicator.baseline_value,
            ascending=indicator.ascending,
        )
    own, of_action = evidence_documents(government, update)
    return ReviewDossier(
        update=update,
        indicator=indicator,
        percent=percent,
        current=current if current is not None and current.actual.exists else None,
        previous=IndicatorProgress(indicator=indicator, periods=previous),
        update_documents=own,
        action_documents=of_action,
    )
