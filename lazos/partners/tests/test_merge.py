"""Merging two partners: every relation moves (found by walking the model), duplicates are
dropped, both partners' audit trails say so, and the merged partner's address redirects."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.module_loading import autodiscover_modules

from lazos.actions.tests.factories import ActionFactory, CommitmentFactory
from lazos.agreements.tests.factories import AgreementFactory, attachment_row
from lazos.core.models import Attachment, AuditEvent, Tag
from lazos.core.testing.builders import OBJECT_BUILDERS, GovernmentFactory, UserFactory
from lazos.governments.models import Government
from lazos.partners import services
from lazos.partners.merging import merge_preview, partner_relations
from lazos.partners.models import Partner, PartnerRedirect
from lazos.partners.tests.factories import ContactFactory, PartnerFactory, PartnerNoteFactory
from lazos.relationships.models import RelationshipReview

pytestmark = pytest.mark.django_db


@pytest.fixture
def government() -> Government:
    return GovernmentFactory.create()


@pytest.fixture
def user() -> Any:
    return UserFactory.create(username="coordinator")


def _review(government: Government) -> RelationshipReview:
    return RelationshipReview.objects.create(
        government=government,
        partner=PartnerFactory.create(government=government),
        reviewed_on=date(2026, 1, 1),
        decision="keep",
        reasons="Still useful",
        score=60,
        band="fair",
    )


# Models with a key to Partner whose app registers no builder (no page of their own).
EXTRA_BUILDERS: dict[type[models.Model], Callable[[Government], models.Model]] = {
    RelationshipReview: _review
}


Made = dict[str, tuple[type[models.Model], str, int]]


def _builder(model: type[models.Model]) -> Callable[[Government], models.Model]:
    builder = OBJECT_BUILDERS.get(model) or EXTRA_BUILDERS.get(model)
    assert builder is not None, f"no builder for {model} (to test the merge)"
    return builder


def _point_at(partner: Partner, government: Government) -> Made:
    """One row of every relation to ``Partner`` pointing at ``partner``, found by walking the
    model's relations (hidden ones included) on its own: model label → (model, key, row id).
    A new relation without a way to build a row fails here."""
    autodiscover_modules("tests.factories")
    made: Made = {}
    for rel in Partner._meta.get_fields(include_hidden=True):
        if isinstance(rel, models.ManyToManyRel):  # Agreement.partners…: a built owner's link
            m2m = rel.field
            assert isinstance(m2m, models.ManyToManyField)
            owner = _builder(m2m.model)(government)
            getattr(owner, m2m.name).add(partner)
            through = m2m.remote_field.through
            assert isinstance(through, type)
            assert issubclass(through, models.Model)
            key = f"{m2m.m2m_reverse_field_name()}_id"
            row = through._base_manager.get(
                **{key: partner.pk, f"{m2m.m2m_field_name()}_id": owner.pk}
            )
            made[through._meta.label] = (through, key, row.pk)
        elif isinstance(rel, models.ManyToOneRel):  # a foreign key of another model
            fk = rel.field
            model = fk.model
            if model._meta.auto_created:  # a many-to-many table: done above, or Partner's own
                continue
            row = _builder(model)(government)
            model._base_manager.filter(pk=row.pk).update(**{fk.attname: partner.pk})
            made[model._meta.label] = (model, fk.attname, row.pk)
    partner.tags.add(Tag.objects.create(government=government, name="culture", slug="culture"))
    attachment_row(partner, title="Letter").save()
    return made


def test_every_relation_moves_and_both_audit_trails_say_so(government, user):
    kept = PartnerFactory.create(government=government, name="Alcaldía de Medellín", country="CO")
    merged = PartnerFactory.create(
        government=government,
        name="Medellín",
        country="CO",
        website="https://www.medellin.gov.co",
        iati_identifier="CO-MED-1",
    )
    made = _point_at(merged, government)
    # Every relation the service knows is one the walk found, and the other way round.
    assert {r.model._meta.label for r in partner_relations() if not r.is_own} == set(made)
    preview = {count.key: count.count for count in merge_preview(merged)}
    assert preview["agreements.agreement.partners"] == 1
    assert preview["partners.partner.tags"] == 1
    assert preview["core.attachment"] == 1
    merged_id = merged.pk

    result = services.merge_partners(kept, merged, government=government, acting_user=user)

    assert not Partner.objects.filter(pk=merged_id).exists()
    for label, (model, attname, pk) in made.items():
        assert getattr(model._base_manager.get(pk=pk), attname) == kept.pk, label
        assert not model._base_manager.filter(**{attname: merged_id}).exists(), label
    assert [t.name for t in kept.tags.all()] == ["culture"]
    attachment = Attachment.objects.get(title="Letter")
    assert attachment.object_id == kept.pk
    kept.refresh_from_db()
    # The kept partner's empty fields took the merged one's values.
    assert (kept.website, kept.iati_identifier) == ("https://www.medellin.gov.co", "CO-MED-1")
    assert kept.name == "Alcaldía de Medellín"
    redirect = PartnerRedirect.objects.get(old_id=merged_id)
    assert (redirect.partner, redirect.old_name, redirect.merged_by) == (kept, "Medellín", user)
    # Audit: the merged partner's deletion and the kept partner's update, same note.
    partner_type = ContentType.objects.get_for_model(Partner)
    deleted = AuditEvent.objects.get(
        content_type=partner_type, object_id=str(merged_id), action="delete"
    )
    updated = AuditEvent.objects.for_object(kept).filter(action="update").get()
    assert deleted.note == updated.note
    assert "Medellín" in updated.note
    assert f"#{merged_id}" in updated.note
    assert updated.changes["website"]["after"] == "https://www.medellin.gov.co"
    assert len(updated.changes["tags"]["after"]) == 1
    # One event per moved row (or per owner of a moved link), with the same note.
    for model, _attname, pk in made.values():
        if model._meta.auto_created:
            continue
        assert AuditEvent.objects.for_object(model(pk=pk)).filter(note=updated.note).exists()
    assert set(result.moved) >= {"agreements.agreement.partners", "partners.contact.partner"}


def test_links_the_kept_partner_already_has_are_not_doubled(government, user):
    kept = PartnerFactory.create(government=government)
    merged = PartnerFactory.create(government=government)
    agreement = AgreementFactory.create(government=government)
    agreement.partners.set([kept, merged])
    action = ActionFactory.create(government=government)
    action.partners.set([merged])
    tag = Tag.objects.create(government=government, name="youth", slug="youth")
    kept.tags.add(tag)
    merged.tags.add(tag)
    attachment_row(kept, title="Letter").save()
    attachment_row(merged, title="Letter").save()

    result = services.merge_partners(kept, merged, government=government, acting_user=user)

    assert list(agreement.partners.all()) == [kept]
    assert list(action.partners.all()) == [kept]
    assert list(kept.tags.all()) == [tag]
    assert sorted(Attachment.objects.values_list("version", flat=True)) == [1, 2]
    assert result.deduplicated == {
        "agreements.agreement.partners": 1,
        "partners.partner.tags": 1,
    }
    event = AuditEvent.objects.for_object(agreement).filter(action="update").latest("pk")
    assert event.changes == {
        "partners": {"before": sorted([kept.pk, merged.pk]), "after": [kept.pk]}
    }


def test_values_chosen_field_by_field_and_conflicts(government, user):
    kept = PartnerFactory.create(
        government=government, name="Ville de Lyon", description="Old text", external_id="A-1"
    )
    merged = PartnerFactory.create(
        government=government, name="Lyon", description="Better text", external_id="B-2"
    )
    assert services.merge_conflicts(kept, merged) == ["name", "description", "external_id"]
    services.merge_partners(
        kept,
        merged,
        government=government,
        acting_user=user,
        values={"description": "Better text", "external_id": "B-2"},
    )
    kept.refresh_from_db()
    assert (kept.name, kept.description, kept.external_id) == (
        "Ville de Lyon",
        "Better text",
        "B-2",
    )


def test_a_chain_of_merges_redirects_to_the_last_kept_partner(government, user):
    a, b, c = (PartnerFactory.create(government=government) for _ in range(3))
    services.merge_partners(b, a, government=government, acting_user=user)
    services.merge_partners(c, b, government=government, acting_user=user)
    assert dict(PartnerRedirect.objects.values_list("old_id", "partner_id")) == {
        a.pk: c.pk,
        b.pk: c.pk,
    }


def test_refusals(government, user):
    partner = PartnerFactory.create(government=government)
    with pytest.raises(ValidationError, match="cannot be merged into itself"):
        services.merge_partners(partner, partner, government=government, acting_user=user)
    foreign = PartnerFactory.create(government=GovernmentFactory.create())
    with pytest.raises(ValidationError, match="not found"):
        services.merge_partners(partner, foreign, government=government, acting_user=user)
    with pytest.raises(ValidationError, match="not found"):
        services.merge_partners(foreign, partner, government=government, acting_user=user)
    assert Partner.objects.filter(pk__in=[partner.pk, foreign.pk]).count() == 2


def test_a_failed_merge_leaves_everything_as_it_was(government, user):
    kept = PartnerFactory.create(government=government)
    merged = PartnerFactory.create(government=government)
    contact = ContactFactory.create(partner=merged)
    PartnerNoteFactory.create(partner=merged)
    CommitmentFactory.create(government=government, partner=merged)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        services.merge_partners(
            kept, merged, government=government, acting_user=user, values={"kind": "nonsense"}
        )
    contact.refresh_from_db()
    assert contact.partner_id == merged.pk
    assert Partner.objects.filter(pk=merged.pk).exists()
    assert AuditEvent.objects.count() == events
    assert not PartnerRedirect.objects.exists()
