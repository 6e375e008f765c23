"""Partner services: validation, tenant checks and the audit record of every write."""

import pytest
from django.core.exceptions import ValidationError

from lazos.core.models import AuditEvent
from lazos.core.testing.builders import DepartmentFactory, GovernmentFactory, UserFactory
from lazos.partners import services
from lazos.partners.choices import PartnerKind
from lazos.partners.models import Contact, Partner, PartnerNote
from lazos.partners.tests.factories import PartnerFactory, make_city

pytestmark = pytest.mark.django_db


@pytest.fixture
def government():
    return GovernmentFactory.create()


@pytest.fixture
def user():
    return UserFactory.create(username="coordinator")


def test_create_partner_is_audited_with_its_tags(government, user):
    partner = services.create_partner(
        government,
        acting_user=user,
        tags=["culture", "Youth exchange"],
        name="Ciudad de Rosario",
        kind=PartnerKind.LOCAL_GOVERNMENT,
        country="AR",
        languages=["es"],
    )
    assert sorted(t.name for t in partner.tags.all()) == ["Youth exchange", "culture"]
    event = AuditEvent.objects.for_object(partner).get()
    assert (event.action, event.actor_id) == ("create", user.pk)
    assert event.changes["name"] == {"before": None, "after": "Ciudad de Rosario"}
    assert len(event.changes["tags"]["after"]) == 2


def test_the_country_comes_from_the_place_when_left_empty(government, user):
    paris = make_city()
    partner = services.create_partner(
        government, acting_user=user, name="Ville de Paris", kind="local_government", place=paris
    )
    assert partner.country == "FR"
    # A country given explicitly is kept.
    other = services.create_partner(
        government,
        acting_user=user,
        name="Embassy",
        kind="national_government",
        place=paris,
        country="ES",
    )
    assert other.country == "ES"


def test_update_partner_records_before_and_after(government, user):
    partner = services.create_partner(
        government, acting_user=user, tags=["culture"], name="Lyon", kind="local_government"
    )
    services.update_partner(partner, acting_user=user, tags=["economy"], name="Métropole de Lyon")
    event = AuditEvent.objects.for_object(partner).filter(action="update").get()
    assert event.changes["name"] == {"before": "Lyon", "after": "Métropole de Lyon"}
    assert event.changes["tags"]["before"] != event.changes["tags"]["after"]
    # tags=None leaves the tags alone
    services.update_partner(partner, acting_user=user, description="Twin city")
    assert [t.name for t in partner.tags.all()] == ["economy"]


def test_unknown_field_is_refused(government, user):
    with pytest.raises(TypeError):
        services.create_partner(government, acting_user=user, name="X", kind="other", bogus=1)


def test_duplicate_external_id_is_refused_and_nothing_is_written(government, user):
    services.create_partner(government, acting_user=user, name="A", kind="other", external_id="P-1")
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        services.create_partner(
            government, acting_user=user, name="B", kind="other", external_id="P-1"
        )
    assert "Another partner already has this external id." in str(error.value)
    assert AuditEvent.objects.count() == before
    assert Partner.objects.for_tenant(government).count() == 1


def test_delete_partner_is_audited(government, user):
    partner = PartnerFactory.create(government=government)
    pk = partner.pk
    services.delete_partner(partner, acting_user=user)
    assert not Partner.objects.filter(pk=pk).exists()
    event = AuditEvent.objects.for_object(Partner(), pk=pk).get()
    assert event.action == "delete"
    assert event.changes["name"]["before"] == partner.name


def test_contacts_are_audited(government, user):
    partner = PartnerFactory.create(government=government)
    contact = services.add_contact(
        partner, acting_user=user, name="Ana Ruiz", role="Director", email="ana@example.org"
    )
    assert contact.government_id == government.pk
    services.update_contact(contact, acting_user=user, phone="+34 600 000 000")
    pk = contact.pk
    services.delete_contact(contact, acting_user=user)
    actions = list(
        AuditEvent.objects.for_object(Contact(), pk=pk)
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["create", "update", "delete"]
    with pytest.raises(ValidationError):
        services.add_contact(partner, acting_user=user, name="Bad", email="not-an-email")


def test_journal_note_is_signed_dated_and_audited(government, user):
    partner = PartnerFactory.create(government=government)
    department = DepartmentFactory.create(government=government)
    note = services.add_partner_note(
        partner, acting_user=user, text="Phone call with the mayor", department=department
    )
    assert note.author == user
    assert note.date is not None
    event = AuditEvent.objects.for_object(note).get()
    assert event.changes["text"]["after"] == "Phone call with the mayor"
    pk = note.pk
    services.delete_partner_note(note, acting_user=user)
    assert AuditEvent.objects.for_object(PartnerNote(), pk=pk).filter(action="delete").exists()


def test_journal_note_refuses_another_governments_department(government, user):
    partner = PartnerFactory.create(government=government)
    foreign = DepartmentFactory.create(government=GovernmentFactory.create())
    with pytest.raises(ValidationError):
        services.add_partner_note(partner, acting_user=user, text="x", department=foreign)
    assert not PartnerNote.objects.exists()


def test_empty_note_is_refused(government, user):
    partner = PartnerFactory.create(government=government)
    with pytest.raises(ValidationError):
        services.add_partner_note(partner, acting_user=user, text="")
