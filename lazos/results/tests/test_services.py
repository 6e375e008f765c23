"""Services of the results framework: indicators, periods, target revisions and the approval
path of updates, with their refusals and audit records."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from lazos.core.models import AuditEvent
from lazos.results import services
from lazos.results.choices import Measure, RollupRule, UpdateStatus
from lazos.results.models import IndicatorUpdate, TargetRevision, UpdateDisaggregation
from lazos.results.tests.factories import (
    make_action,
    make_indicator,
    make_objective,
    make_period,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="evidence.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def messages_of(error):
    return " ".join(error.value.messages)


def test_create_update_delete_indicator_are_audited_and_validated(world):
    user = world.users["coordinator"]
    objective = make_objective(world.government)
    indicator = services.create_indicator(
        world.government,
        acting_user=user,
        objective=objective,
        title="Residents trained",
        measure=Measure.NUMBER,
        disaggregations=["Sex", " district ", "sex"],
    )
    assert indicator.disaggregations == ["sex", "district"]
    services.update_indicator(indicator, acting_user=user, unit="people")
    events = AuditEvent.objects.for_object(indicator).order_by("id")
    assert [e.action for e in events] == ["create", "update"]
    assert events[1].changes == {"unit": {"before": "", "after": "people"}}

    with pytest.raises(ValidationError) as error:
        services.create_indicator(
            world.government,
            acting_user=user,
            objective=objective,
            action=make_action(world.government),
            title="Both",
        )
    assert "one objective or one action" in messages_of(error)
    with pytest.raises(ValidationError) as error:
        services.create_indicator(
            world.government,
            acting_user=user,
            objective=objective,
            title="Quality",
            measure=Measure.QUALITATIVE,
        )
    assert "needs a rubric" in messages_of(error)
    with pytest.raises(ValidationError) as error:
        services.create_indicator(
            world.government,
            acting_user=user,
            objective=make_objective(world.other_government),
            title="Foreign",
        )
    assert "This objective was not found." in messages_of(error)  # as for a missing one
    with pytest.raises(ValidationError) as error:
        services.create_indicator(
            world.government,
            acting_user=user,
            objective=objective,
            title="Levels",
            measure=Measure.QUALITATIVE,
            rubric="low\nhigh",
            rollup_rule=RollupRule.SUM,
        )
    assert "only take the latest" in messages_of(error)
    pk = indicator.pk
    services.delete_indicator(indicator, acting_user=user)
    assert AuditEvent.objects.filter(object_id=str(pk), action="delete").exists()


def test_measure_is_frozen_once_values_are_reported(world):
    user = world.users["coordinator"]
    indicator = make_indicator(world.government)
    period = make_period(indicator)
    services.record_indicator_update(period, acting_user=user, value=5)
    with pytest.raises(ValidationError) as error:
        services.update_indicator(indicator, acting_user=user, measure=Measure.PERCENTAGE)
    assert "measure cannot change" in messages_of(error)


def test_action_indicator_rolls_up_only_to_an_objective_indicator_of_the_same_measure(world):
    user = world.users["coordinator"]
    objective_indicator = make_indicator(world.government, rollup_rule=RollupRule.SUM)
    action = make_action(world.government)
    contributor = services.create_indicator(
        world.government,
        acting_user=user,
        action=action,
        title="Trained by the project",
        contributes_to=objective_indicator,
    )
    assert contributor.contributes_to == objective_indicator
    with pytest.raises(ValidationError) as error:
        services.create_indicator(
            world.government,
            acting_user=user,
            action=action,
            title="Share",
            measure=Measure.PERCENTAGE,
            contributes_to=objective_indicator,
        )
    assert "same measure" in messages_of(error)
    with pytest.raises(ValidationError) as error:
        services.create_indicator(
            world.government,
            acting_user=user,
            action=action,
            title="To an action",
            contributes_to=contributor,
        )
    assert "one of your objectives" in messages_of(error)


def test_periods_targets_and_revisions(world):
    user = world.users["coordinator"]
    indicator = make_indicator(world.government)
    period = services.add_period(
        indicator,
        acting_user=user,
        start=date(2024, 1, 1),
        end=date(2024, 12, 31),
        target_value=Decimal(100),
    )
    with pytest.raises(ValidationError) as error:
        services.add_period(
            indicator,
            acting_user=user,
            start=date(2024, 6, 1),
            end=date(2025, 5, 31),
            target_value=Decimal(50),
        )
    assert "overlaps another period" in messages_of(error)
    with pytest.raises(ValidationError) as error:
        services.add_period(
            indicator, acting_user=user, start=date(2026, 1, 1), end=date(2025, 1, 1)
        )
    assert "cannot end before it starts" in messages_of(error)

    # A target never changes silently.
    with pytest.raises(ValidationError) as error:
        services.update_period(period, acting_user=user, target_value=Decimal(120))
    assert "revising it, with the reason" in messages_of(error)
    services.update_period(
        period, acting_user=user, target_value=Decimal(100), target_comment="first estimate"
    )
    period.refresh_from_db()
    assert period.target_comment == "first estimate"
    assert period.target_value == Decimal(100)

    with pytest.raises(ValidationError) as error:
        services.revise_target(period, acting_user=user, new_value=120, reason="  ")
    assert "Say why the target changes." in messages_of(error)
    with pytest.raises(ValidationError) as error:
        services.revise_target(period, acting_user=user, new_value=100, reason="same")
    assert "same as the current one" in messages_of(error)
    assert not TargetRevision.objects.exists()

    revision = services.revise_target(
        period, acting_user=user, new_value="120", reason="A second donor joined the project."
    )
    period.refresh_from_db()
    assert period.target_value == Decimal(120)
    assert (revision.previous_value, revision.new_value) == (Decimal(100), Decimal(120))
    assert revision.revised_by == user
    assert revision.reason == "A second donor joined the project."
    event = AuditEvent.objects.for_object(period).order_by("-id")[0]
    assert event.note == "A second donor joined the project."
    assert event.changes["target_value"] == {"before": "100.0000", "after": "120"}


def test_qualitative_targets_and_values_use_the_rubric(world):
    user = world.users["coordinator"]
    indicator = make_indicator(
        world.government, measure=Measure.QUALITATIVE, rubric="none\nbasic\nadvanced"
    )
    with pytest.raises(ValidationError) as error:
        services.add_period(
            indicator,
            acting_user=user,
            start=date(2024, 1, 1),
            end=date(2024, 12, 31),
            target_comment="excellent",
        )
    assert "levels of the indicator's rubric" in messages_of(error)
    period = services.add_period(
        indicator,
        acting_user=user,
        start=date(2024, 1, 1),
        end=date(2024, 12, 31),
        target_value=None,
        target_comment="advanced",
    )
    with pytest.raises(ValidationError) as error:
        services.record_indicator_update(period, acting_user=user, qualitative_value="great")
    assert "levels of the indicator's rubric" in messages_of(error)
    update = services.record_indicator_update(period, acting_user=user, qualitative_value="basic")
    assert update.qualitative_value == "basic"


def test_record_update_validates_value_evidence_and_disaggregation(world):
    user = world.users["editor"]
    indicator = make_indicator(
        world.government, measure=Measure.PERCENTAGE, disaggregations=["sex", "district"]
    )
    period = make_period(indicator, target_value=Decimal(60))
    with pytest.raises(ValidationError) as error:
        services.record_indicator_update(period, acting_user=user)
    assert "Enter the value reached." in messages_of(error)
    with pytest.raises(ValidationError) as error:
        services.record_indicator_update(period, acting_user=user, value=130)
    assert "between 0 and 100" in messages_of(error)
    fake = SimpleUploadedFile("report.pdf", b"not a pdf at all", content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        services.record_indicator_update(period, acting_user=user, value=40, evidence=fake)
    assert "does not look like a .pdf file" in messages_of(error)
    exe = SimpleUploadedFile("tool.exe", b"MZ", content_type="application/octet-stream")
    with pytest.raises(ValidationError) as error:
        services.record_indicator_update(period, acting_user=user, value=40, evidence=exe)
    assert "files of this type are not accepted" in messages_of(error)
    with pytest.raises(ValidationError) as error:
        services.record_indicator_update(
            period, acting_user=user, value=40, disaggregations=[("age_group", "15-24", 3)]
        )
    assert "“age_group” is not a disaggregation of this indicator" in messages_of(error)
    with pytest.raises(ValidationError) as error:
        services.record_indicator_update(
            period, acting_user=user, value=40, disaggregations=[("sex", "women", 3)]
        )
    assert "“women” is not a category of “sex”" in messages_of(error)
    with pytest.raises(ValidationError) as error:
        services.record_indicator_update(
            period,
            acting_user=user,
            value=40,
            disaggregations=[("district", "North", 3), ("district", "North", 4)],
        )
    assert "given twice" in messages_of(error)
    assert not IndicatorUpdate.objects.exists()

    update = services.record_indicator_update(
        period,
        acting_user=user,
        value="42.5",
        narrative="Survey of 400 households.",
        evidence=pdf(),
        disaggregations=[
            ("sex", "female", 45),
            ("sex", "male", 40),
            ("district", "Old town", "39.5"),
        ],
    )
    assert update.status == UpdateStatus.DRAFT
    assert update.reported_by == user
    assert update.evidence_name == "evidence.pdf"
    assert update.evidence.name.startswith(f"evidence/{world.government.pk}/")
    rows = list(UpdateDisaggregation.objects.filter(update=update).values_list("category", "value"))
    assert ("Old town", Decimal("39.5")) in rows
    assert len(rows) == 3
    created = AuditEvent.objects.for_object(update).get()
    assert created.note == "Recorded as a draft"
    assert "sex=female: 45" in created.changes["disaggregations"]["after"]


def test_the_whole_approval_path_is_in_the_history(world):
    coordinator, administrator = world.users["coordinator"], world.users["administrator"]
    indicator = make_indicator(world.government, disaggregations=["sex"])
    period = make_period(indicator)
    update = services.record_indicator_update(period, acting_user=coordinator, value=30)
    with pytest.raises(ValidationError) as error:
        services.approve_update(update, acting_user=administrator)
    assert "Only a submitted update can be reviewed; this one is draft." in messages_of(error)
    services.submit_update(update, acting_user=coordinator)
    assert update.status == UpdateStatus.SUBMITTED
    assert update.submitted_at is not None
    with pytest.raises(ValidationError) as error:
        services.edit_indicator_update(update, acting_user=coordinator, value=31)
    assert "Only a draft or a returned update can be edited" in messages_of(error)
    with pytest.raises(ValidationError) as error:
        services.return_update(update, acting_user=administrator, reason="")
    assert "Say why the update is returned." in messages_of(error)
    services.return_update(update, acting_user=administrator, reason="Attach the attendance lists.")
    assert update.status == UpdateStatus.RETURNED
    assert update.return_reason == "Attach the attendance lists."
    services.resubmit_update(
        update,
        acting_user=coordinator,
        value=32,
        evidence=pdf("attendance.pdf"),
        disaggregations=[("sex", "female", 20), ("sex", "male", 12)],
    )
    assert update.status == UpdateStatus.SUBMITTED
    services.approve_update(update, acting_user=administrator)
    update.refresh_from_db()
    assert update.status == UpdateStatus.APPROVED
    assert update.reviewed_by == administrator
    assert update.value == Decimal(32)

    events = list(AuditEvent.objects.for_object(update).order_by("occurred_at", "id"))
    assert [(e.actor_label, e.action, e.note) for e in events] == [
        ("w-coordinator", "create", "Recorded as a draft"),
        ("w-coordinator", "update", "Submitted for review"),
        ("w-administrator", "update", "Returned: Attach the attendance lists."),
        ("w-coordinator", "update", "Edited"),
        ("w-coordinator", "update", "Submitted again for review"),
        ("w-administrator", "update", "Approved"),
    ]
    assert events[2].changes["status"] == {"before": "submitted", "after": "returned"}
    assert events[3].changes["value"] == {"before": "30.0000", "after": "32"}
    assert events[3].changes["disaggregations"]["after"] == ["sex=female: 20", "sex=male: 12"]
    assert events[5].changes["status"] == {"before": "submitted", "after": "approved"}


def test_who_may_review(world):
    coordinator, administrator = world.users["coordinator"], world.users["administrator"]
    indicator = make_indicator(world.government)
    period = make_period(indicator)

    def submitted_by(user):
        update = services.record_indicator_update(period, acting_user=user, value=1)
        return services.submit_update(update, acting_user=user)

    own = submitted_by(coordinator)
    with pytest.raises(ValidationError) as error:
        services.approve_update(own, acting_user=coordinator)
    assert "cannot review an update they reported" in messages_of(error)
    for role in ("editor", "viewer", "outsider"):
        with pytest.raises(ValidationError) as error:
            services.approve_update(own, acting_user=world.users[role])
        assert "Only administrators and coordinators review" in messages_of(error)
    services.approve_update(own, acting_user=administrator)

    # An administrator approves their own; a coordinator approves someone else's.
    admins = submitted_by(administrator)
    services.approve_update(admins, acting_user=administrator)
    editors = submitted_by(world.users["editor"])
    services.return_update(editors, acting_user=coordinator, reason="Which survey?")
    assert editors.reviewed_by == coordinator


def test_only_drafts_and_returned_updates_are_deleted(world):
    user = world.users["coordinator"]
    period = make_period(make_indicator(world.government))
    update = services.record_indicator_update(period, acting_user=user, value=1)
    services.submit_update(update, acting_user=user)
    with pytest.raises(ValidationError) as error:
        services.delete_indicator_update(update, acting_user=user)
    assert "Only a draft or a returned update can be deleted." in messages_of(error)
    draft = services.record_indicator_update(period, acting_user=user, value=2)
    services.delete_indicator_update(draft, acting_user=user)
    assert list(IndicatorUpdate.objects.all()) == [update]
