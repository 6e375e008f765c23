"""The services of agreements: the legal life through transitions, audited; signatories."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lazos.agreements import services
from lazos.agreements.choices import AgreementStatus, RegistrationStatus, Side
from lazos.agreements.models import Agreement, AgreementTransition
from lazos.agreements.services import InvalidTransition
from lazos.agreements.tests.factories import AgreementFactory, make_partner
from lazos.core.models import AuditEvent
from lazos.reference.models import SdgTarget, Theme

pytestmark = pytest.mark.django_db


def create(world, **values):
    values.setdefault("partners", [make_partner(world.government)])
    values.setdefault("title", "Twinning with Porto")
    values.setdefault("kind", "twinning")
    return services.create_agreement(
        world.government, acting_user=world.users["coordinator"], **values
    )


def test_create_records_partners_themes_targets_tags_and_audits(world):
    porto, lyon = make_partner(world.government, "Porto"), make_partner(world.government, "Lyon")
    theme = Theme.objects.order_by("code").first()
    target = SdgTarget.objects.get(code="11.6")
    agreement = create(
        world,
        partners=[porto, lyon],
        themes=[theme] if theme else [],
        sdg_targets=[target],
        tags=["culture", "youth exchange"],
        lead_department=world.department,
        registration_required=True,
    )
    assert agreement.status == AgreementStatus.DRAFT
    assert set(agreement.partners.all()) == {porto, lyon}
    assert list(agreement.sdg_targets.all()) == [target]
    assert sorted(t.name for t in agreement.tags.all()) == ["culture", "youth exchange"]
    assert agreement.registration_status == RegistrationStatus.PENDING
    event = AuditEvent.objects.for_object(agreement).get()
    assert event.action == "create"
    assert sorted(event.changes["partners"]["after"]) == sorted([porto.pk, lyon.pk])


def test_an_agreement_needs_partners_of_its_own_government(world):
    foreign = make_partner(world.other_government, "Foreign")
    with pytest.raises(ValidationError) as error:
        create(world, partners=[])
    assert "partners" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        create(world, partners=[foreign])
    assert "partners" in error.value.message_dict
    assert not Agreement.objects.exists()


def test_status_is_not_an_editable_field(world):
    agreement = create(world)
    with pytest.raises(TypeError):
        services.update_agreement(
            agreement, acting_user=world.users["coordinator"], status=AgreementStatus.IN_FORCE
        )
    assert "status" not in services.AGREEMENT_FIELDS


def test_a_historical_agreement_can_be_recorded_in_its_current_status(world):
    agreement = create(
        world,
        status=AgreementStatus.IN_FORCE,
        signed_on=date(2015, 3, 1),
        in_force_from=date(2015, 4, 1),
    )
    assert agreement.status == AgreementStatus.IN_FORCE
    assert agreement.status_changed_on == date(2015, 4, 1)
    assert not agreement.transitions.exists()


def test_the_whole_legal_life_is_dated_recorded_and_audited(world):
    user = world.users["coordinator"]
    agreement = create(world)
    today = timezone.localdate()
    steps = [
        (AgreementStatus.NEGOTIATION, today - timedelta(days=400), "talks open"),
        (AgreementStatus.SIGNED, today - timedelta(days=380), "signed in Porto"),
        (AgreementStatus.IN_FORCE, today - timedelta(days=370), "council ratified"),
        (AgreementStatus.EXPIRED, today - timedelta(days=10), ""),
        (AgreementStatus.IN_FORCE, today, "renewed by act 12/2025"),
    ]
    for status, on, note in steps:
        kwargs = {"valid_until": today + timedelta(days=365)} if note.startswith("renewed") else {}
        agreement = services.transition_agreement(
            agreement, acting_user=user, to_status=status, on=on, note=note, **kwargs
        )
        assert agreement.status == status
        assert agreement.status_changed_on == on
    agreement.refresh_from_db()
    assert agreement.signed_on == today - timedelta(days=380)
    assert agreement.in_force_from == today - timedelta(days=370)  # kept at the renewal
    assert agreement.valid_until == today + timedelta(days=365)
    recorded = list(
        agreement.transitions.order_by("on", "id").values_list(
            "from_status", "to_status", "on", "note", "actor"
        )
    )
    assert recorded == [
        ("draft", "negotiation", today - timedelta(days=400), "talks open", user.pk),
        ("negotiation", "signed", today - timedelta(days=380), "signed in Porto", user.pk),
        ("signed", "in_force", today - timedelta(days=370), "council ratified", user.pk),
        ("in_force", "expired", today - timedelta(days=10), "", user.pk),
        ("expired", "in_force", today, "renewed by act 12/2025", user.pk),
    ]
    updates = AuditEvent.objects.for_object(agreement).filter(action="update").order_by("id")
    assert [(e.changes["status"]["before"], e.changes["status"]["after"]) for e in updates] == [
        ("draft", "negotiation"),
        ("negotiation", "signed"),
        ("signed", "in_force"),
        ("in_force", "expired"),
        ("expired", "in_force"),
    ]
    assert updates[1].note == "signed in Porto"
    assert updates[1].changes["signed_on"]["after"] == (today - timedelta(days=380)).isoformat()


def test_an_invalid_transition_is_refused_clearly_and_writes_nothing(world):
    agreement = create(world)
    events = AuditEvent.objects.count()
    with pytest.raises(InvalidTransition) as error:
        services.transition_agreement(
            agreement, acting_user=world.users["coordinator"], to_status=AgreementStatus.EXPIRED
        )
    assert error.value.messages == [
        "An agreement cannot go from draft to expired. "
        "From draft it can go to: in negotiation, terminated."
    ]
    assert isinstance(error.value, ValidationError)
    assert AuditEvent.objects.count() == events
    assert not AgreementTransition.objects.exists()
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.DRAFT


def test_a_terminated_agreement_is_final(world):
    agreement = create(world)
    agreement = services.transition_agreement(
        agreement, acting_user=world.users["coordinator"], to_status=AgreementStatus.TERMINATED
    )
    with pytest.raises(InvalidTransition, match="terminated is final"):
        services.transition_agreement(
            agreement, acting_user=world.users["coordinator"], to_status=AgreementStatus.DRAFT
        )


def test_transition_dates_cannot_be_in_the_future_or_before_the_previous_one(world):
    user = world.users["coordinator"]
    agreement = create(world)
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        services.transition_agreement(
            agreement, acting_user=user, to_status="negotiation", on=today + timedelta(days=1)
        )
    assert "on" in error.value.message_dict
    agreement = services.transition_agreement(
        agreement, acting_user=user, to_status="negotiation", on=today - timedelta(days=5)
    )
    with pytest.raises(ValidationError) as error:
        services.transition_agreement(
            agreement, acting_user=user, to_status="signed", on=today - timedelta(days=6)
        )
    assert "on" in error.value.message_dict
    assert agreement.transitions.count() == 1


def test_signatories_on_each_side(world):
    user = world.users["coordinator"]
    porto = make_partner(world.government, "Porto")
    agreement = create(world, partners=[porto])
    ours = services.add_signatory(
        agreement, acting_user=user, side=Side.OURS, name="Ana Alcaldesa", position="Mayor"
    )
    theirs = services.add_signatory(
        agreement, acting_user=user, side=Side.PARTNER, name="Rui Moreira"
    )
    assert theirs.partner == porto  # the only party
    with pytest.raises(ValidationError):
        services.add_signatory(agreement, acting_user=user, side=Side.OURS, partner=porto, name="X")
    stranger = make_partner(world.government, "Lyon")
    with pytest.raises(ValidationError):
        services.add_signatory(
            agreement, acting_user=user, side=Side.PARTNER, partner=stranger, name="Y"
        )
    services.update_signatory(ours, acting_user=user, position="Mayor of the city")
    services.delete_signatory(theirs, acting_user=user)
    assert list(agreement.signatories.values_list("position", flat=True)) == ["Mayor of the city"]
    assert AuditEvent.objects.for_object(ours).count() == 2


def test_delete_agreement_removes_its_documents_with_an_audit_record(world):
    from lazos.agreements.tests.factories import attachment_row

    agreement = AgreementFactory.create(government=world.government)
    row = attachment_row(agreement)
    row.save()
    services.delete_agreement(agreement, acting_user=world.users["coordinator"])
    assert not Agreement.objects.filter(pk=agreement.pk).exists()
    assert AuditEvent.objects.for_object(row).get().action == "delete"
