"""Services of good practices: validation with field-named messages, audit rows, refusals."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from lazos.actions.tests.factories import ActionFactory
from lazos.core.models import AuditEvent
from lazos.core.testing.builders import DepartmentFactory, GovernmentFactory
from lazos.practices import services
from lazos.practices.choices import PracticeStatus, TransferKind
from lazos.practices.models import GoodPractice, PracticeIndicator, PracticeTransfer
from lazos.practices.tests.factories import IndicatorFactory, make_practice, make_transfer
from lazos.reference.models import SdgTarget, Theme

pytestmark = pytest.mark.django_db


def events_of(obj) -> list[AuditEvent]:
    return list(AuditEvent.objects.for_object(obj).order_by("pk"))


def test_create_practice_is_a_draft_with_its_relations_and_is_audited(world):
    action = ActionFactory.create(government=world.government)
    practice = services.create_practice(
        world.government,
        acting_user=world.users["coordinator"],
        title="Huertos urbanos",
        summary="Huertos en azoteas escolares.",
        department=world.department,
        themes=[Theme.objects.get(code="food")],
        sdg_targets=[SdgTarget.objects.get(code="2.4")],
        actions=[action],
        translations={"en": {"title": "Urban gardens", "summary": ""}},
        material_languages=["es", "en", "es"],
        cost=1200,
    )
    assert practice.status == PracticeStatus.DRAFT
    assert practice.published_at is None
    assert list(practice.actions.all()) == [action]
    assert practice.translations == {"en": {"title": "Urban gardens"}}
    assert practice.material_languages == ["es", "en"]
    assert practice.currency == world.government.currency
    (event,) = events_of(practice)
    assert event.action == "create"
    assert event.actor == world.users["coordinator"]
    assert event.changes["themes"]["after"] == ["food"]


def test_linked_actions_and_department_must_be_of_the_same_government(world):
    foreign_action = ActionFactory.create(government=world.other_government)
    with pytest.raises(ValidationError) as caught:
        services.create_practice(
            world.government, acting_user=None, title="T", summary="S", actions=[foreign_action]
        )
    assert "actions" in caught.value.message_dict
    foreign_department = DepartmentFactory.create(government=world.other_government)
    with pytest.raises(ValidationError) as caught:
        services.create_practice(
            world.government,
            acting_user=None,
            title="T",
            summary="S",
            department=foreign_department,
        )
    assert "department" in caught.value.message_dict
    assert not GoodPractice.objects.exists()


def test_translations_refuse_unknown_languages_and_fields(world):
    for translations in ({"xx": {"title": "T"}}, {"en": {"context": "C"}}, "text"):
        with pytest.raises(ValidationError) as caught:
            services.create_practice(
                world.government,
                acting_user=None,
                title="T",
                summary="S",
                translations=translations,
            )
        assert "translations" in caught.value.message_dict


def test_publish_names_every_missing_part_in_the_visitors_language(world):
    practice = make_practice(world.government, summary="", context="", solution="", results="")
    with translation.override("es"), pytest.raises(ValidationError) as caught:
        services.publish_practice(practice, acting_user=world.users["coordinator"])
    errors = caught.value.message_dict
    assert set(errors) == {"summary", "context", "solution", "results", "themes"}
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.DRAFT
    assert events_of(practice) == []


def test_publish_sets_the_date_and_unpublish_goes_back_to_draft(world):
    practice = make_practice(world.government, themes=("waste",))
    services.publish_practice(practice, acting_user=world.users["coordinator"])
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.PUBLISHED
    assert practice.published_at is not None
    with pytest.raises(ValidationError):
        services.publish_practice(practice, acting_user=None)
    services.unpublish_practice(practice, acting_user=world.users["coordinator"])
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.DRAFT
    assert practice.published_at is None
    with pytest.raises(ValidationError):
        services.unpublish_practice(practice, acting_user=None)
    changes = [e.changes["status"]["after"] for e in events_of(practice)]
    assert changes == ["published", "draft"]


def test_a_published_practice_must_stay_complete(world):
    practice = make_practice(world.government, published=True, themes=("waste",))
    with pytest.raises(ValidationError) as caught:
        services.update_practice(
            practice, acting_user=world.users["coordinator"], themes=[], results="  "
        )
    assert set(caught.value.message_dict) == {"themes", "results"}
    practice.refresh_from_db()
    assert practice.results == "What changed."
    assert list(practice.themes.values_list("code", flat=True)) == ["waste"]
    # A draft may be left incomplete.
    draft = make_practice(world.government)
    services.update_practice(draft, acting_user=world.users["coordinator"], results="")
    assert GoodPractice.objects.get(pk=draft.pk).results == ""


def test_delete_is_refused_once_another_government_marked_it(world):
    practice = make_practice(world.government, published=True, themes=("waste",))
    make_transfer(world.other_government, practice)
    with pytest.raises(ValidationError):
        services.delete_practice(practice, acting_user=world.users["coordinator"])
    assert GoodPractice.objects.filter(pk=practice.pk).exists()
    free = make_practice(world.government)
    IndicatorFactory.create(practice=free)
    free_pk = free.pk
    services.delete_practice(free, acting_user=world.users["coordinator"])
    assert not GoodPractice.objects.filter(pk=free_pk).exists()
    assert not PracticeIndicator.objects.exists()
    assert AuditEvent.objects.filter(action="delete", object_id=str(free_pk)).exists()


def test_save_indicators_adds_updates_removes_and_numbers_them(world):
    practice = make_practice(world.government)
    kept = IndicatorFactory.create(practice=practice, name="Households served", position=0)
    dropped = IndicatorFactory.create(practice=practice, name="Old", position=1)
    dropped_pk = dropped.pk
    kept.achieved = "4500"
    services.save_indicators(
        practice,
        acting_user=world.users["coordinator"],
        rows=[
            (None, {"name": "Tonnes recycled", "achieved": "320", "unit": "t"}),
            (kept, {"name": "Households served", "achieved": "4500"}),
        ],
        remove=[dropped],
    )
    rows = list(
        practice.indicators.order_by("position").values_list("name", "achieved", "position")
    )
    assert rows == [("Tonnes recycled", "320", 0), ("Households served", "4500", 1)]
    assert AuditEvent.objects.filter(action="delete", object_id=str(dropped_pk)).exists()
    assert AuditEvent.objects.filter(
        action="update", object_id=str(kept.pk), content_type__model="practiceindicator"
    ).exists()


def test_an_indicator_needs_what_was_achieved(world):
    practice = make_practice(world.government)
    with pytest.raises(ValidationError) as caught:
        services.add_indicator(practice, acting_user=None, name="Trees planted", achieved="")
    assert "achieved" in caught.value.message_dict
    assert not PracticeIndicator.objects.exists()


def test_indicators_of_another_practice_are_refused(world):
    practice = make_practice(world.government)
    other = IndicatorFactory.create(practice=make_practice(world.government))
    with pytest.raises(ValidationError):
        services.save_indicators(practice, acting_user=None, remove=[other])
    with pytest.raises(ValidationError):
        services.save_indicators(
            practice, acting_user=None, rows=[(other, {"name": "x", "achieved": "1"})]
        )
    assert PracticeIndicator.objects.filter(pk=other.pk, name=other.name).exists()


# --- Marks ---------------------------------------------------------------------------------------


def test_mark_a_published_practice_of_another_government(world):
    practice = make_practice(world.other_government, published=True, themes=("waste",))
    action = ActionFactory.create(government=world.government, title="Nuestro reciclaje")
    user = world.users["coordinator"]
    transfer = services.mark_practice(
        world.government,
        practice=practice,
        kind=TransferKind.ADAPTED,
        acting_user=user,
        note="  We adapted it in two districts. ",
        action=action,
    )
    assert transfer.government == world.government
    assert transfer.recorded_by == user
    assert transfer.note == "We adapted it in two districts."
    (event,) = events_of(transfer)
    assert event.government_id == world.government.pk
    assert event.action == "create"
    # Marking again with the same kind changes the note; it does not add a second mark.
    services.mark_practice(
        world.government,
        practice=practice,
        kind=TransferKind.ADAPTED,
        acting_user=user,
        note="Now city-wide.",
    )
    assert PracticeTransfer.objects.get().note == "Now city-wide."
    services.mark_practice(
        world.government, practice=practice, kind=TransferKind.INTERESTED, acting_user=user
    )
    assert PracticeTransfer.objects.count() == 2


@pytest.mark.parametrize("case", ["own", "draft", "foreign_action", "bad_kind"])
def test_marking_is_refused(world, case):
    other_published = make_practice(world.other_government, published=True, themes=("waste",))
    values: dict[str, Any] = {
        "practice": other_published,
        "kind": TransferKind.INTERESTED,
        "action": None,
    }
    if case == "own":
        values["practice"] = make_practice(world.government, published=True, themes=("waste",))
    elif case == "draft":
        values["practice"] = make_practice(world.other_government)
    elif case == "foreign_action":
        values["action"] = ActionFactory.create(government=world.other_government)
    else:
        values["kind"] = "loved"
    with pytest.raises(ValidationError):
        services.mark_practice(world.government, acting_user=None, **values)
    assert not PracticeTransfer.objects.exists()


def test_unmark_removes_only_our_mark_of_that_kind(world):
    practice = make_practice(world.other_government, published=True, themes=("waste",))
    third = GovernmentFactory.create()
    ours_pk = make_transfer(world.government, practice, TransferKind.INTERESTED).pk
    make_transfer(world.government, practice, TransferKind.ADAPTED)
    theirs = make_transfer(third, practice, TransferKind.INTERESTED)
    services.unmark_practice(
        world.government,
        practice=practice,
        kind=TransferKind.INTERESTED,
        acting_user=world.users["coordinator"],
    )
    remaining = set(PracticeTransfer.objects.values_list("government_id", "kind"))
    assert remaining == {(world.government.pk, "adapted"), (third.pk, "interested")}
    assert AuditEvent.objects.filter(action="delete", object_id=str(ours_pk)).exists()
    assert PracticeTransfer.objects.filter(pk=theirs.pk).exists()
    # Nothing to remove: nothing happens.
    services.unmark_practice(
        world.government,
        practice=practice,
        kind=TransferKind.INTERESTED,
        acting_user=world.users["coordinator"],
    )


def test_search_terms_follow_every_change_and_stay_out_of_the_audit(world):
    from lazos.matching.text import terms

    (picker,) = terms("catadores", "pt")
    (compost,) = terms("compostagem", "pt")
    practice = services.create_practice(
        world.government, acting_user=None, title="Coleta", summary="Catadores", language="pt"
    )
    assert practice.search_terms is not None
    assert picker in practice.search_terms["pt"]
    services.update_practice(
        practice,
        acting_user=world.users["coordinator"],
        summary="Compostagem",
        translations={"es": {"title": "Recolección"}},
    )
    stored = GoodPractice.objects.get(pk=practice.pk).search_terms
    assert stored is not None
    assert picker not in stored["pt"]
    assert compost in stored["pt"]
    assert set(stored) == {"pt", "es"}
    assert all("search_terms" not in event.changes for event in events_of(practice))
    GoodPractice.objects.filter(pk=practice.pk).update(search_terms=None)
    assert services.reindex_practices() == 1
    assert GoodPractice.objects.get(pk=practice.pk).search_terms == stored
    assert services.reindex_practices() == 0
