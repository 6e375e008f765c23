"""Audit events in words (core/history.py): labels, names, yes/no, dates, in the reader's
language, and one query per linked model for a whole page of events."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from lazos.agreements.choices import AgreementStatus
from lazos.agreements.tests.factories import AgreementFactory, make_partner
from lazos.core import audit
from lazos.core.audit import AuditAction, Channel
from lazos.core.history import actor_name, describe_events
from lazos.core.models import AuditEvent
from lazos.core.testing.builders import DepartmentFactory

pytestmark = pytest.mark.django_db


def _event(agreement, changes, *, actor=None):
    return audit.write_event(agreement, action=AuditAction.UPDATE, actor=actor, changes=changes)


def test_changes_read_as_labels_and_names_in_the_readers_language(world):
    agreement = AgreementFactory.create(government=world.government, title="Hermanamiento")
    department = DepartmentFactory.create(government=world.government, name="Cultura")
    gone = DepartmentFactory.create(government=world.government, name="Deporte")
    gone_id = gone.pk
    gone.delete()
    partner = make_partner(world.government, "Oporto")
    _event(
        agreement,
        {
            "status": {"before": AgreementStatus.SIGNED, "after": AgreementStatus.IN_FORCE},
            "lead_department_id": {"before": gone_id, "after": department.pk},
            "partners": {"before": [], "after": [partner.pk]},
            "registration_required": {"before": False, "after": True},
            "signed_on": {"before": None, "after": "2026-03-09"},
            "disaggregations": {"before": None, "after": "not a field"},
        },
        actor=world.users["editor"],
    )
    events = AuditEvent.objects.for_object(agreement).with_related()
    with translation.override("pt"):
        [item] = describe_events(events)
        rows = {row.name: (row.label, row.before, row.after) for row in item.rows}
        signed = AgreementStatus.SIGNED.label
        in_force = AgreementStatus.IN_FORCE.label
        assert rows["status"] == ("situação", str(signed), str(in_force))
        assert str(in_force) != AgreementStatus.IN_FORCE.value
        assert rows["lead_department_id"][1:] == ("departamento (excluído)", "Cultura")
        assert rows["partners"][1:] == ("—", "Oporto")
        assert rows["registration_required"][1:] == ("não", "sim")
        assert rows["signed_on"][2] == "09/03/2026"
        assert rows["disaggregations"] == ("disaggregations", "—", "not a field")
    assert item.actor_name == world.users["editor"].username


def test_a_job_is_named_in_the_readers_language(world):
    agreement = AgreementFactory.create(government=world.government)
    with audit.channel(Channel.JOB):
        event = _event(agreement, {"status": {"before": "draft", "after": "negotiation"}})
    assert event.actor_label == "background job"  # written when no person acted
    with translation.override("es"):
        assert actor_name(event) == str(Channel.JOB.label) != "background job"


def test_one_query_per_linked_model_for_a_page_of_events(world):
    agreements = [AgreementFactory.create(government=world.government) for _ in range(5)]
    for agreement in agreements:
        department = DepartmentFactory.create(government=world.government)
        partner = make_partner(world.government, f"Socio {agreement.pk}")
        _event(
            agreement,
            {
                "lead_department_id": {"before": None, "after": department.pk},
                "partners": {"before": [], "after": [partner.pk]},
            },
        )
    events = list(AuditEvent.objects.filter(government=world.government).with_related())
    with CaptureQueriesContext(connection) as queries:
        described = describe_events(events, with_objects=True)
    # departments, partners, and the agreements named as they are now
    assert len(queries) == 3
    by_id = {int(item.event.object_id): item.object_name for item in described}
    assert by_id == {agreement.pk: str(agreement) for agreement in agreements}
