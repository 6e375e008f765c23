"""/api/v1/peer-suggestions/ (for the government as a whole), …/{id}/ (for one of its
actions) and …/challenge/ (for a challenge typed as text): read-only, the same ranking,
reasons and points as the peer pages. Every member may read them (the permission to view
actions, like the pages); of other governments, only their public work counts and shows
(:mod:`lazos.matching.engine`)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from lazos.actions.models import Action
from lazos.api.base import TenantGenericViewSet
from lazos.api.schema import AutoSchema
from lazos.dashboards.regions import REGIONS
from lazos.matching.api.serializers import SuggestionsSerializer
from lazos.matching.engine import (
    CITY,
    FACTORS,
    GOVERNMENT,
    MAXIMUM,
    POPULATION_BANDS,
    Seeker,
    goal_choices,
    seeker_for_action,
    seeker_for_challenge,
    seeker_for_government,
    suggest,
    theme_choices,
)
from lazos.matching.forms import ChallengeForm, SuggestionFilterForm

NO_CHALLENGE = _("Describe the challenge: give words (q), themes or SDG goals.")

FILTERS = [
    OpenApiParameter(
        "kind", OpenApiTypes.STR, enum=[GOVERNMENT, CITY], description="Only this kind."
    ),
    OpenApiParameter("region", OpenApiTypes.STR, enum=list(REGIONS), description="Only here."),
    OpenApiParameter(
        "band",
        OpenApiTypes.INT,
        enum=list(range(len(POPULATION_BANDS))),
        description=(
            "Only this population band: "
            + "; ".join(
                f"{index} {label}" for index, (_limit, label) in enumerate(POPULATION_BANDS)
            )
        ),
    ),
    OpenApiParameter(
        "theme",
        OpenApiTypes.STR,
        enum=[code for code, _label in theme_choices()],
        description="Only candidates with public work on this theme.",
    ),
]
CHALLENGE = [
    OpenApiParameter(
        "q",
        OpenApiTypes.STR,
        description="The challenge in a few sentences, in Spanish, English, French or Portuguese.",
    ),
    OpenApiParameter(
        "themes",
        OpenApiTypes.STR,
        many=True,
        explode=True,
        enum=[code for code, _label in theme_choices()],
        description="Themes of the challenge (repeat the parameter for several).",
    ),
    OpenApiParameter(
        "goals",
        OpenApiTypes.INT,
        many=True,
        explode=True,
        enum=[int(number) for number, _label in goal_choices()],
        description="SDG goals of the challenge (repeat the parameter for several).",
    ),
]


class OneAnswerSchema(AutoSchema):
    """The list of suggestions is one object (a ranking with its totals), not a page."""

    def _is_list_view(self, serializer: Any = None) -> bool:
        return False


class PeerSuggestionViewSet(TenantGenericViewSet):
    """Peers to learn from or work with: governments on this instance and other cities,
    ranked by a score whose reasons (points and evidence) are listed; existing partners
    apart."""

    model = Action  # members who may view actions may look for peers, as on the pages
    serializer_class = SuggestionsSerializer
    filter_backends: list[Any] = []
    schema = OneAnswerSchema()

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Action.objects.none()
        return (
            Action.objects.for_tenant(self.government)
            .select_related("government")
            .prefetch_related("themes", "sdg_targets")
        )

    def answer(self, seeker: Seeker, form: SuggestionFilterForm) -> Response:
        if form.is_bound and not form.is_valid():
            raise ValidationError(form.errors.as_data())
        found = suggest(seeker, form.filters())
        data = {
            "mode": seeker.mode,
            "subject": seeker.subject,
            "maximum": MAXIMUM,
            "total": found.total,
            "ranking": found.ranking,
            "partners": found.partners,
            "factors": FACTORS,
        }
        return Response(SuggestionsSerializer(data).data)

    @extend_schema(
        summary="Peers for your government",
        description=(
            "Peers for your government's whole register (its actions and practices, public "
            "or not), ranked best first."
        ),
        operation_id="peer_suggestions_for_government",
        parameters=FILTERS,
    )
    def list(self, request: Request) -> Response:
        form = SuggestionFilterForm(request.query_params)
        return self.answer(seeker_for_government(self.government), form)

    @extend_schema(
        summary="Peers for one of your actions",
        description=(
            "Peers for one of your government's actions, `id` (another government's action: "
            "404), ranked best first."
        ),
        operation_id="peer_suggestions_for_action",
        parameters=[
            OpenApiParameter(
                "id",
                OpenApiTypes.INT,
                location=OpenApiParameter.PATH,
                description="The id of one of your actions.",
            ),
            *FILTERS,
        ],
    )
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        subject = self.get_object()
        form = SuggestionFilterForm(request.query_params)
        return self.answer(seeker_for_action(subject), form)

    @extend_schema(
        summary="Peers for a challenge",
        description=(
            "Peers for a challenge typed as text, with themes and SDG goals to choose: "
            "governments writing in another language are found through shared themes and SDGs."
        ),
        operation_id="peer_suggestions_for_challenge",
        parameters=[*CHALLENGE, *FILTERS],
    )
    @action(detail=False, methods=["get"])
    def challenge(self, request: Request) -> Response:
        form = ChallengeForm(request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors.as_data())
        if not form.has_challenge:
            raise ValidationError(NO_CHALLENGE)
        data = form.cleaned_data
        seeker = seeker_for_challenge(
            self.government,
            data["q"],
            themes=data["themes"],
            goals=data["goals"],
            language=get_language(),
        )
        return self.answer(seeker, form)
