"""Coordination across departments: related work and likely duplicates."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lazos.actions.coordination import compare_titles, likely_duplicates, related_work, title_words
from lazos.actions.tests.factories import ActionFactory, make_agreement, make_partner
from lazos.core.testing.builders import DepartmentFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

TITLE = "Intercambio técnico en gestión de residuos"
SIMILAR = "Intercambio tecnico sobre gestion de residuos solidos"


def test_titles_are_normalised():
    assert title_words(TITLE) == ["intercambio", "tecnico", "gestion", "residuos"]
    assert compare_titles(TITLE, SIMILAR).is_similar
    assert not compare_titles(TITLE, "Festival de cine latinoamericano").is_similar
    assert not compare_titles(TITLE, "Misión de intercambio técnico a Rosario").is_similar
    assert compare_titles("Festival de jazz", "Festivall de jazz").is_similar  # typo


@pytest.fixture
def setting(world):
    rosario = make_partner(world.government, "Rosario")
    lyon = make_partner(world.government, "Lyon")
    environment = DepartmentFactory.create(government=world.government, name="Environment")
    existing = ActionFactory.create(
        government=world.government,
        title=TITLE,
        lead_department=environment,
        start_date=date(2025, 3, 1),
        end_date=date(2025, 3, 10),
    )
    existing.partners.set([rosario])
    return rosario, lyon, environment, existing


def test_likely_duplicates(world, setting):
    rosario, lyon, _environment, existing = setting
    found = likely_duplicates(
        world.government,
        partner_ids=[rosario.pk],
        title=SIMILAR,
        start_date=date(2025, 3, 5),
        end_date=date(2025, 3, 6),
    )
    assert found == [existing]
    assert compare_titles(SIMILAR, found[0].title).is_similar
    # Close dates (within 60 days) and missing dates still count.
    assert likely_duplicates(
        world.government, partner_ids=[rosario.pk], title=SIMILAR, start_date=date(2025, 4, 30)
    ) == [existing]
    assert likely_duplicates(world.government, partner_ids=[rosario.pk], title=SIMILAR) == [
        existing
    ]
    # A different partner, dates a year apart, another title, itself: no.
    assert not likely_duplicates(
        world.government, partner_ids=[lyon.pk], title=SIMILAR, start_date=date(2025, 3, 5)
    )
    assert not likely_duplicates(
        world.government,
        partner_ids=[rosario.pk],
        title=SIMILAR,
        start_date=date(2026, 3, 5),
        end_date=date(2026, 3, 10),
    )
    assert not likely_duplicates(
        world.government, partner_ids=[rosario.pk], title="Festival de cine latinoamericano"
    )
    assert not likely_duplicates(
        world.government, partner_ids=[rosario.pk], title=SIMILAR, exclude_pk=existing.pk
    )
    # Another government never sees ours.
    assert not likely_duplicates(world.other_government, partner_ids=[rosario.pk], title=SIMILAR)


def test_related_work_groups_by_department_in_fixed_queries(world, setting):
    rosario, _lyon, environment, existing = setting
    culture = world.department
    for n in range(4):
        action = ActionFactory.create(
            government=world.government,
            title=f"Culture {n}",
            lead_department=culture,
            start_date=date(2024, 1, n + 1),
        )
        action.partners.set([rosario])
    no_department = ActionFactory.create(government=world.government, title="Loose")
    no_department.partners.set([rosario])
    make_agreement(world.government, [rosario], title="Twinning", lead_department=environment)

    with CaptureQueriesContext(connection) as few:
        work = related_work(world.government, [rosario.pk])
    groups = {g.department_name: g for g in work.departments}
    assert list(groups) == ["Environment", culture.name, ""]
    assert groups["Environment"].action_count == 1
    assert groups["Environment"].agreement_count == 1
    assert [a.title for a in groups["Environment"].latest_agreements] == ["Twinning"]
    assert groups[culture.name].action_count == 4
    assert [a.title for a in groups[culture.name].latest_actions] == [
        "Culture 3",
        "Culture 2",
        "Culture 1",
    ]
    assert work.action_count == 6

    for n in range(20):
        more = ActionFactory.create(
            government=world.government, title=f"More {n}", lead_department=environment
        )
        more.partners.set([rosario])
    with CaptureQueriesContext(connection) as many:
        related_work(world.government, [rosario.pk])
    assert len(few.captured_queries) == len(many.captured_queries) <= 5

    others = related_work(
        world.government, [rosario.pk], exclude_action=existing, exclude_department=culture
    )
    names = [g.department_name for g in others.departments]
    assert culture.name not in names
    environment_group = next(g for g in others.departments if g.department_id == environment.pk)
    assert environment_group.action_count == 20
    assert related_work(world.other_government, [rosario.pk]).is_empty


def test_a_second_department_sees_the_duplicate_warning(world, setting):
    rosario, _lyon, _environment, existing = setting
    # An editor of Culture (world.department) records the same thing Environment already did.
    client = world.client_for("editor")
    url = reverse("actions:coordination")
    response = client.get(
        url,
        {
            "partners": [rosario.pk],
            "title": SIMILAR,
            "start_date": "2025-03-04",
            "end_date": "",
            "lead_department": world.department.pk,
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert 'class="warning" role="status"' in content
    assert "Possible duplicate" in content
    assert existing.get_absolute_url() in content
    assert "Environment" in content

    # Without JavaScript: the form re-displayed after an error shows the same panel.
    form = client.post(
        reverse("actions:action-create"),
        {
            "title": SIMILAR,
            "modality": "",
            "status": "planned",
            "partners": [rosario.pk],
            "lead_department": world.department.pk,
            "start_date": "2025-03-04",
        },
    )
    assert form.status_code == 200
    page = form.content.decode()
    assert 'id="coordination-panel"' in page
    assert "Possible duplicate" in page
    # And the fields that refresh it say so to htmx.
    blank = client.get(reverse("actions:action-create")).content.decode()
    assert f'hx-get="{url}"' in blank
    assert 'hx-target="#coordination-panel"' in blank


def test_no_warning_for_a_different_partner(world, setting):
    _rosario, lyon, _environment, _existing = setting
    response = world.client_for("editor").get(
        reverse("actions:coordination"),
        {"partners": [lyon.pk], "title": SIMILAR, "start_date": "2025-03-04"},
    )
    assert "Possible duplicate" not in response.content.decode()


def test_the_coordination_panel_ignores_another_governments_ids(world, setting):
    rosario, *_ = setting
    outsider = UserFactory.create(username="other-editor")
    MembershipFactory.create(government=world.other_government, user=outsider, role="editor")
    from django.test import Client

    client = Client()
    client.force_login(outsider)
    response = client.get(
        reverse("actions:coordination"), {"partners": [rosario.pk], "title": SIMILAR}
    )
    assert response.status_code == 200
    assert "Possible duplicate" not in response.content.decode()
    assert "Rosario" not in response.content.decode()
