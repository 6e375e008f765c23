"""Peer pages: suggestions for the government, for one of its actions, for a challenge.

Every member may see them (the permission is the one to view actions). Another government's
action is a 404, as everywhere; what is shown of other governments is only their public work
(see :mod:`lazos.matching.engine`).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.views.generic import DetailView, TemplateView

from lazos.actions.models import Action
from lazos.core.views import GovernmentScopedMixin
from lazos.matching.engine import (
    FACTORS,
    MAXIMUM,
    Seeker,
    seeker_for_action,
    seeker_for_challenge,
    seeker_for_government,
    suggest,
)
from lazos.matching.forms import ChallengeForm, SuggestionFilterForm


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

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = self.get_form()
        seeker = self.get_seeker(form)
        context.update(
            form=form,
            filter=Filter(form),
            suggestions=suggest(seeker, form.filters()) if seeker is not None else None,
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
