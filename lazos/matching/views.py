"""Peer pages: suggestions for the government, for one of its actions, for a challenge.

Every member may see them (the permission is the one to view actions). Another government's
action is a 404, as everywhere; what is shown of other governments is only their public work
(see :mod:`lazos.matching.engine`).
"""

from __future__ import annotations

import hashlib
from dataclasses import astuple
from typing import Any

from django.core.cache import cache
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.views.generic import DetailView, TemplateView

from lazos.actions.models import Action
from lazos.core.views import GovernmentScopedMixin
from lazos.matching.engine import (
    FACTORS,
    MAXIMUM,
    Filters,
    Seeker,
    seeker_for_action,
    seeker_for_challenge,
    seeker_for_government,
    suggest,
)
from lazos.matching.forms import ChallengeForm, SuggestionFilterForm
from lazos.matching.profiles import instance_stamp

RESULTS_FORMAT = 1  # change when the results' template or what it is given changes
RESULTS_TIMEOUT = 24 * 3600


class Filter:
    """What ``includes/filters.html`` expects: an object with the form."""

    def __init__(self, form: SuggestionFilterForm) -> None:
        self.form = form


class PeersMixin(GovernmentScopedMixin):
    model = Action  # members who may view actions may look for peers
    form_class: type[SuggestionFilterForm] = SuggestionFilterForm
    page: str = ""

    def get_form(self) -> SuggestionFilterForm:
        return self.form_class(self.request.GET or None)

    def get_seeker(self, form: SuggestionFilterForm) -> Seeker | None:
        raise NotImplementedError  # pragma: no cover - every subclass defines it

    def seeker_key(self, form: SuggestionFilterForm) -> tuple[Any, ...] | None:
        """What names the seeker in the results' cache key (None: nothing to look for)."""
        raise NotImplementedError  # pragma: no cover - every subclass defines it

    def results_key(self, form: SuggestionFilterForm, filters: Filters) -> str | None:
        """The cache key of the results: the seeker, the filters, the language and the stamp
        of the instance's profiles and the government's register (None when a profile is
        stale or missing: the results are then computed, building it, and not cached)."""
        seeker = self.seeker_key(form)
        if seeker is None:
            return None
        stamp = instance_stamp(self.government.pk)
        if stamp is None:
            return None
        parts = (self.page, seeker, astuple(filters), get_language(), stamp)
        digest = hashlib.blake2s(repr(parts).encode(), digest_size=16).hexdigest()
        return f"lazos:matching:results:{RESULTS_FORMAT}:{self.government.pk}:{digest}"

    def get_results(self, form: SuggestionFilterForm) -> SafeString:
        """The results (ranking and partners) as HTML, from the cache when the instance's
        profiles and the government's register are as they were when it was written."""
        filters = form.filters()
        key = self.results_key(form, filters)
        if key is not None:
            cached = cache.get(key)
            if cached is not None:
                return SafeString(cached)
        seeker = self.get_seeker(form)
        if seeker is None:
            return SafeString("")
        html = render_to_string(
            "matching/includes/results.html",
            {"suggestions": suggest(seeker, filters), "maximum": MAXIMUM},
        )
        if key is not None:
            cache.set(key, str(html), RESULTS_TIMEOUT)
        return SafeString(html)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = self.get_form()
        context.update(
            form=form,
            filter=Filter(form),
            results=self.get_results(form),
            factors=FACTORS,
            maximum=MAXIMUM,
            page=self.page,
        )
        return context


class PeerSuggestionsView(PeersMixin, TemplateView):
    """Peers for the government as a whole (its whole register)."""

    template_name = "matching/suggestions.html"
    page = "government"

    def get_seeker(self, form: SuggestionFilterForm) -> Seeker:
        return seeker_for_government(self.government)

    def seeker_key(self, form: SuggestionFilterForm) -> tuple[Any, ...]:
        return ()


class ActionPeersView(PeersMixin, DetailView[Action]):
    """Peers for one of the government's actions."""

    template_name = "matching/action_peers.html"
    page = "action"

    def get_queryset(self) -> QuerySet[Action]:
        return (
            super()
            .get_queryset()
            .select_related("government")
            .prefetch_related("themes", "sdg_targets")
        )

    def get_seeker(self, form: SuggestionFilterForm) -> Seeker:
        return seeker_for_action(self.object)

    def seeker_key(self, form: SuggestionFilterForm) -> tuple[Any, ...]:
        return (self.object.pk, self.object.updated_at.timestamp())


class ChallengePeersView(PeersMixin, TemplateView):
    """Peers for a challenge typed as free text, with themes and SDG goals to choose."""

    template_name = "matching/challenge.html"
    form_class = ChallengeForm
    page = "challenge"

    def get_seeker(self, form: SuggestionFilterForm) -> Seeker | None:
        if not isinstance(form, ChallengeForm) or not form.has_challenge:
            return None
        data = form.cleaned_data
        return seeker_for_challenge(
            self.government,
            data["q"],
            themes=data["themes"],
            goals=data["goals"],
            language=getattr(self.request, "LANGUAGE_CODE", None),
        )

    def seeker_key(self, form: SuggestionFilterForm) -> tuple[Any, ...] | None:
        if not isinstance(form, ChallengeForm) or not form.has_challenge:
            return None
        data = form.cleaned_data
        return (
            data["q"],
            sorted(data["themes"]),
            sorted(str(goal) for goal in data["goals"]),
            getattr(self.request, "LANGUAGE_CODE", None),
        )
