"""Filters of the community lists. They span governments, so they start from the sharing
QuerySets (``visible_to``, ``published``) and only offer governments found there."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lazos.community.access import Reader
from lazos.community.choices import QuestionStatus, expert_language_choices
from lazos.community.models import Answer, ExpertProfile, Question
from lazos.core.filtersets import LazosFilterSet
from lazos.governments.models import Government
from lazos.matching.text import concepts
from lazos.reference.models import Theme

if TYPE_CHECKING:
    from lazos.community.querysets import ExpertProfileQuerySet


def _words_condition(value: str, fields: tuple[str, ...]) -> Q:
    condition = Q()
    for word in value.split():
        term = Q()
        for field in fields:
            term |= Q(**{f"{field}__icontains": word})
        condition &= term
    return condition


class CommunityFilterSet(LazosFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"), field_name="themes", queryset=Theme.objects.order_by("name_en")
    )
    government = django_filters.ModelChoiceFilter(
        label=_("Government"), queryset=Government.objects.none()
    )

    def __init__(self, *args: Any, reader: Reader, **kwargs: Any) -> None:
        self.reader = reader
        super().__init__(*args, **kwargs)
        for filter_ in self.filters.values():
            filter_.__dict__.pop("_field", None)
        self.filters["government"].queryset = Government.objects.filter(
            pk__in=self.shared_rows().values("government_id")
        ).order_by("name")

    def shared_rows(self) -> QuerySet[Any]:
        raise NotImplementedError  # pragma: no cover - every subclass defines it


class QuestionFilterSet(CommunityFilterSet):
    """Questions: words of the title or details, or a theme named in any language
    ("residuos" finds a question tagged "Solid waste management")."""

    status = django_filters.ChoiceFilter(label=_("Status"), choices=QuestionStatus.choices)
    mine = django_filters.ChoiceFilter(
        label=pgettext_lazy("community filter", "Mine"),
        choices=[("asked", _("Asked by me")), ("answered", _("Answered by me"))],
        method="filter_mine",
    )

    class Meta:
        model = Question
        fields = ["q", "theme", "status", "government", "mine"]

    def shared_rows(self) -> QuerySet[Question]:
        return Question.objects.visible_to(self.reader)

    def search(self, queryset: QuerySet[Question], name: str, value: str) -> QuerySet[Question]:
        condition = _words_condition(value, ("title", "body"))
        themes = concepts(value).themes
        if themes:
            tagged = Question.themes.through.objects.filter(theme_id__in=sorted(themes))
            condition |= Q(pk__in=tagged.values("question_id"))
        return queryset.filter(condition)

    def filter_mine(
        self, queryset: QuerySet[Question], name: str, value: str
    ) -> QuerySet[Question]:
        if value == "asked":
            return queryset.filter(author_id=self.reader.user_id)
        if value == "answered":
            answered = Answer.objects.filter(author_id=self.reader.user_id)
            return queryset.filter(pk__in=answered.values("question_id"))
        return queryset


class ExpertFilterSet(CommunityFilterSet):
    language = django_filters.ChoiceFilter(
        label=_("Speaks"), choices=expert_language_choices, method="filter_language"
    )

    class Meta:
        model = ExpertProfile
        fields = ["q", "theme", "language", "government"]

    def shared_rows(self) -> QuerySet[ExpertProfile]:
        return ExpertProfile.objects.published()

    def search(
        self, queryset: QuerySet[ExpertProfile], name: str, value: str
    ) -> QuerySet[ExpertProfile]:
        condition = _words_condition(
            value, ("headline", "expertise", "user__first_name", "user__last_name")
        )
        themes = concepts(value).themes
        if themes:
            tagged = ExpertProfile.themes.through.objects.filter(theme_id__in=sorted(themes))
            condition |= Q(pk__in=tagged.values("expertprofile_id"))
        return queryset.filter(condition)

    def filter_language(
        self, queryset: ExpertProfileQuerySet, name: str, value: str
    ) -> ExpertProfileQuerySet:
        return queryset.with_language(value) if value else queryset
