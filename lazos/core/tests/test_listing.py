"""core/listing.py: the register lists' filter forms drawn in Python give the templates' output,
byte for byte; the per-page link and label helpers give what reverse() and get_FOO_display()
give."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.forms import ModelChoiceField
from django.forms.renderers import TemplatesSetting
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from lazos.actions.choices import Modality
from lazos.actions.filtersets import ActionFilterSet, CommitmentFilterSet
from lazos.actions.models import Action, Commitment
from lazos.agreements.filtersets import AgreementFilterSet
from lazos.agreements.models import Agreement
from lazos.api.tests.helpers import api_client
from lazos.core.listing import (
    FILTER_FORM_RENDERER,
    KeysFirstPaginator,
    ReadOnceChoices,
    choice_labels,
    pk_url_maker,
)
from lazos.core.models import Tag
from lazos.partners.filtersets import PartnerFilterSet
from lazos.partners.models import Partner
from lazos.reference.models import SdgTarget, Theme

pytestmark = pytest.mark.django_db

FILTERSETS = [
    (ActionFilterSet, Action),
    (CommitmentFilterSet, Commitment),
    (AgreementFilterSet, Agreement),
    (PartnerFilterSet, Partner),
]

# Empty, chosen values, and values the form refuses (errors drawn under the fields).
DATA: list[dict[str, Any]] = [
    {},
    {
        "q": 'water "<b>"',
        "modality": Modality.CULTURE,
        "status": "ongoing",
        "kind": "ngo",
        "year": "2023",
        "public": "true",
        "ordering": "-start_date",
        "due_after": "2025-01-01",
        "overdue": "yes",
        "expiring_within": "90",
        "dormant": "yes",
        "country": "FR",
        "is_active": "false",
    },
    {
        "modality": "nonsense<>",
        "status": "x",
        "year": "abc",
        "department": "999999",
        "partner": "abc",
        "tag": "missing",
        "theme": "0",
        "sdg": "99",
        "due_before": "not a date",
        "ordering": "bogus",
        "kind": "?",
        "country": "ZZ",
    },
]


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("data", DATA)
@pytest.mark.parametrize(("filterset_class", "model"), FILTERSETS)
def test_filter_forms_are_drawn_as_by_the_templates(
    world: Any, filterset_class: Any, model: Any, data: dict[str, Any], language: str
) -> None:
    government = world.government
    Tag.objects.create(government=government, name="Youth & <sport>", slug="youth")
    with translation.override(language):
        filterset = filterset_class(
            data or None, queryset=model.objects.for_tenant(government), government=government
        )
        form = filterset.form
        assert form.renderer is FILTER_FORM_RENDERER
        by_templates = filterset.get_form_class()(
            filterset.data, prefix=filterset.form_prefix, renderer=TemplatesSetting()
        )
        # The reference reads its choices as Django does (ModelChoiceIterator, each time).
        for field in by_templates.fields.values():
            if isinstance(field, ModelChoiceField):
                field.queryset = field.queryset
        with CaptureQueriesContext(connection) as read:
            drawn = [str(field.as_field_group()) for field in form.visible_fields()]
        expected = [str(field.as_field_group()) for field in by_templates.visible_fields()]
        # Each drop-down of model choices read its rows with one query: a form drawn again
        # reads none of them again.
        selects = [
            field
            for field in form.fields.values()
            if isinstance(getattr(field.widget, "choices", None), ReadOnceChoices)
        ]
        with CaptureQueriesContext(connection) as again:
            assert [str(field.as_field_group()) for field in form.visible_fields()] == drawn
    assert drawn == expected
    assert selects
    assert len(read) >= len(selects)
    assert len(again) <= len(read) - len(selects)
    if data and data.get("year") == "abc":
        assert any("errorlist" in html for html in drawn)


def test_filter_forms_read_no_choices_unless_drawn(world: Any) -> None:
    """The API validates the same filter forms: building and validating one reads no choices."""
    government = world.government
    filterset = ActionFilterSet(
        {"status": "ongoing"},
        queryset=Action.objects.for_tenant(government),
        government=government,
    )
    with CaptureQueriesContext(connection) as queries:
        assert filterset.is_valid()
    assert not any("reference_theme" in query["sql"] for query in queries.captured_queries)
    assert not any("governments_department" in q["sql"] for q in queries.captured_queries)


def test_pk_url_maker_gives_what_reverse_gives() -> None:
    make = pk_url_maker("actions:action-detail")
    for pk in (1, 42, 2147480009, 9_999_999_999):
        assert make(pk) == reverse("actions:action-detail", args=[pk])


def test_choice_labels_follow_the_language() -> None:
    with translation.override("es"):
        labels = choice_labels(Modality.choices)
        action = Action(modality=Modality.CULTURE)
        assert labels[Modality.CULTURE] == action.get_modality_display()


def test_api_lists_give_each_row_as_its_detail_does(world: Any) -> None:
    """The API lists read related rows from plain prefetched lists (``listed_prefetches``);
    each row of a list is the same as the object's own detail, which reads them as usual."""
    government = world.government
    themes = list(Theme.objects.order_by("pk")[:2])
    targets = list(SdgTarget.objects.order_by("pk")[:3])
    tags = [Tag.objects.create(government=government, name=n, slug=n) for n in ("b-tag", "a-tag")]
    partners = [
        Partner.objects.create(government=government, name=name, kind="civil_society", country="FR")
        for name in ("Zeta", "Alfa", "Mu")
    ]
    partners[0].tags.set(tags)
    agreement = Agreement.objects.create(
        government=government, title="Twinning", kind="twinning", lead_department=world.department
    )
    agreement.partners.set(partners[:2])
    agreement.themes.set(themes)
    agreement.sdg_targets.set(targets)
    agreement.tags.set(tags)
    for n in range(3):
        action = Action.objects.create(
            government=government,
            title=f"Action {n}",
            modality=Modality.CULTURE,
            lead_department=world.department,
            agreement=agreement,
        )
        action.partners.set(partners[n:])
        action.departments.set([world.department])
        action.themes.set(themes[:n])
        action.sdg_targets.set(targets[n:])
        action.tags.set(tags[: n + 1])
    client = api_client(world, "viewer")
    for path in ("/api/v1/actions/", "/api/v1/agreements/", "/api/v1/partners/"):
        rows = client.get(path).json()["results"]
        assert rows
        for row in rows:
            assert row == client.get(f"{path}{row['id']}/").json(), path
    action_rows = client.get("/api/v1/actions/").json()["results"]
    assert {name for row in action_rows for name in row["tags"]} == {"a-tag", "b-tag"}
    assert any(row["themes"] and row["sdg_targets"] and row["partners"] for row in action_rows)


def test_keys_first_paginator_gives_the_pages_django_gives(world: Any) -> None:
    government = world.government
    partner = Partner.objects.create(government=government, name="P", kind="university")
    actions = Action.objects.bulk_create(
        Action(
            government=government,
            title=f"Action {n % 7}",
            modality=Modality.CULTURE,
            start_date=datetime.date(2020, 1 + n % 12, 1) if n % 5 else None,
        )
        for n in range(130)
    )
    for action in actions[::3]:
        action.partners.add(partner)
    base = Action.objects.for_tenant(government)
    querysets = [
        (base.order_by("-start_date", "title", "pk"), 0),
        (base.order_by("title", "pk"), 0),
        (base.filter(partners=partner).distinct().order_by("start_date", "pk"), 0),
        (base.prefetch_related("partners").order_by("-pk"), 1),
    ]
    for queryset, prefetches in querysets:
        ours, django = KeysFirstPaginator(queryset, 50), Paginator(queryset, 50)
        assert ours.num_pages == django.num_pages
        for number in django.page_range:
            with CaptureQueriesContext(connection) as queries:
                page = [row.pk for row in ours.page(number)]
            assert page == [row.pk for row in django.page(number)]
            # The count is cached; then one query (page 1), or the keys and the rows.
            assert len(queries) == (1 if number == 1 else 2) + prefetches
