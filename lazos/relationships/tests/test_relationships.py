"""Relationship health: the scoring function on constructed data, the list of dormant and
at-risk relationships, reviews (audited, validated), permission matrices and query budgets."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lazos.actions.choices import ActionStatus, CommitmentStatus
from lazos.actions.tests.factories import (
    ActionFactory,
    CommitmentFactory,
    ParticipationFactory,
    make_actor,
)
from lazos.agreements.choices import AgreementKind
from lazos.agreements.models import Agreement
from lazos.agreements.tests.factories import AgreementFactory, make_partner
from lazos.core.models import AuditEvent
from lazos.core.testing import assert_constant_queries, assert_permission_matrix
from lazos.relationships import health, services
from lazos.relationships.choices import Band
from lazos.relationships.models import RelationshipReview
from lazos.relationships.views import relationship_rows
from lazos.results.models import Indicator, IndicatorPeriod, IndicatorUpdate

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
EVERYONE_IN = {"administrator": 200, "coordinator": 200, "editor": 200, "viewer": 200}
MANAGERS = {"administrator": 200, "coordinator": 200, "editor": 403, "viewer": 403}
ANON = {"anonymous": 302, "stranger": 403}


def days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)


def _approved_update(action, on: date) -> IndicatorUpdate:
    indicator = Indicator.objects.create(
        government=action.government, action=action, title="Young people trained", measure="number"
    )
    period = IndicatorPeriod.objects.create(
        government=action.government, indicator=indicator, start=on - timedelta(days=90), end=on
    )
    return IndicatorUpdate.objects.create(
        government=action.government, period=period, value=Decimal(12), status="approved"
    )


def thriving_agreement(government, partner=None):
    """In force, three recent actions (one with outcomes and an approved update), two kept
    commitments, three local actors."""
    partner = partner or make_partner(government, "Rosario")
    agreement = AgreementFactory.create(
        government=government, title="Thriving twinning", status="in_force", partners=[partner]
    )
    for index in range(3):
        action = ActionFactory.create(
            government=government,
            agreement=agreement,
            status=ActionStatus.COMPLETED,
            start_date=days_ago(200 - index),
            end_date=days_ago(30 + index),
            outcomes="Forty teachers trained." if index == 0 else "",
        )
        action.partners.set([partner])
        ParticipationFactory.create(
            action=action, actor=make_actor(government, f"Local actor {index}")
        )
        if index == 0:
            _approved_update(action, days_ago(40))
    for index in range(2):
        CommitmentFactory.create(
            government=government,
            agreement=agreement,
            status=CommitmentStatus.DONE,
            due_date=days_ago(60),
            completed_on=days_ago(50 + index),
        )
    return agreement


def dormant_agreement(government):
    """In force, one action three years ago, two overdue commitments, no local actors."""
    partner = make_partner(government, "Sleepy town")
    agreement = AgreementFactory.create(
        government=government, title="Sleepy friendship", status="in_force", partners=[partner]
    )
    action = ActionFactory.create(
        government=government,
        agreement=agreement,
        status=ActionStatus.COMPLETED,
        start_date=days_ago(1100),
        end_date=days_ago(1090),
    )
    action.partners.set([partner])
    for _index in range(2):
        CommitmentFactory.create(
            government=government,
            agreement=agreement,
            status=CommitmentStatus.OPEN,
            due_date=days_ago(400),
        )
    return agreement


# --- Scoring ---------------------------------------------------------------------------------


def test_pure_scoring_gives_points_reasons_and_bands():
    strong = health.score(
        health.Signals(
            months=12,
            recent_actions=3,
            approved_updates=2,
            actions_with_outcomes=1,
            commitments_kept=2,
            local_actors=3,
        )
    )
    assert strong.score == 100
    assert strong.band == Band.HEALTHY
    reasons = [c.reason for c in strong.components]
    assert reasons[0] == "3 actions in the last 12 months"
    assert reasons[1] == ("2 approved indicator updates and 1 recent action with recorded outcomes")
    assert reasons[2] == "2 commitments kept in the last 12 months, 0 overdue"
    assert reasons[3] == "3 local actors took part in the recent actions"

    weak = health.score(
        health.Signals(months=12, recent_actions=1, commitments_kept=1, commitments_overdue=3)
    )
    assert weak.band == Band.AT_RISK
    assert weak.score == 20 + 0 + 5 + 0
    assert weak.top_reasons()[0].key in {"results", "local_actors"}

    asleep = health.score(health.Signals(months=6, last_action_on=date(2021, 3, 4)))
    assert asleep.band == Band.DORMANT
    assert "No action in the last 6 months" in asleep.components[0].reason
    assert asleep.components[2].points == 10  # nothing to judge: neutral


def test_an_active_agreement_scores_higher_than_a_dormant_one(world):
    government = world.government
    thriving = thriving_agreement(government)
    sleepy = dormant_agreement(government)
    good = health.agreement_health(thriving, 12)
    bad = health.agreement_health(sleepy, 12)
    assert good.score > bad.score
    assert (good.band, bad.band) == (Band.HEALTHY, Band.DORMANT)
    assert good.signals.recent_actions == 3
    assert good.signals.approved_updates == 1
    assert good.signals.actions_with_outcomes == 1
    assert good.signals.commitments_kept == 2
    assert good.signals.local_actors == 3
    assert bad.signals.commitments_overdue == 2
    good_reasons = " | ".join(c.reason for c in good.components)
    assert "3 actions in the last 12 months" in good_reasons
    assert "3 local actors took part" in good_reasons
    bad_reasons = " | ".join(c.reason for c in bad.components)
    assert "No action in the last 12 months" in bad_reasons
    assert "2 overdue" in bad_reasons
    assert "0 commitments kept" in bad_reasons


def test_partner_health_counts_actions_agreements_and_commitments_once(world):
    partner = make_partner(world.government, "Rosario")
    thriving_agreement(world.government, partner)
    result = health.partner_health(partner, 12)
    assert result.signals.recent_actions == 3
    assert result.signals.commitments_kept == 2  # through the agreement, counted once each
    assert result.signals.local_actors == 3
    assert result.band == Band.HEALTHY


def test_the_window_follows_the_governments_dormancy_months(world):
    agreement = AgreementFactory.create(government=world.government, status="in_force")
    ActionFactory.create(
        government=world.government,
        agreement=agreement,
        status=ActionStatus.COMPLETED,
        start_date=days_ago(300),
        end_date=days_ago(250),
    )
    assert health.agreement_health(agreement, 12).signals.recent_actions == 1
    assert health.agreement_health(agreement, 6).band == Band.DORMANT


def test_a_freshly_signed_agreement_without_actions_is_not_dormant(world):
    agreement = AgreementFactory.create(
        government=world.government,
        status="in_force",
        signed_on=days_ago(40),
        in_force_from=days_ago(30),
    )
    result = health.agreement_health(agreement, 12)
    assert result.signals.recent_actions == 0
    assert result.signals.is_new
    assert result.band == Band.HEALTHY  # new: not judged on activity yet (below)
    assert "though the agreement itself moved" in result.components[0].reason
    assert agreement in Agreement.objects.with_last_activity().exclude(
        pk__in=Agreement.objects.dormant(12)
    )


# --- New relationships: the grace period (#14, point 5) ---------------------------------------


def test_pure_scoring_of_a_new_relationship():
    signals = health.Signals(
        months=12, started_on=days_ago(7), is_new=True, other_recent_activity=True
    )
    new = health.score(signals)
    assert new.band == Band.HEALTHY
    # Activity, results and local actors in full, commitments neutral: nothing to judge yet.
    assert [c.points for c in new.components] == [35, 25, 10, 20]
    assert new.score == 90
    assert new.components[0].reason == (
        "No action in the last 12 months, though the agreement itself moved (signature, entry "
        "into force or change of status) (not held against a new relationship)"
    )
    assert [c.reason_graced for c in new.components] == [True, True, False, True]
    first = new.top_reasons()[0]
    assert first.key == "new_relationship"
    assert first.label == "New relationship"
    assert "activity is expected to build up" in first.reason
    assert "first 12 months" in first.reason
    # Without the grace period, the same numbers are "at risk" (the 1-week twinning).
    old = health.score(health.Signals(months=12, other_recent_activity=True))
    assert (old.band, old.score, old.grace_note) == (Band.AT_RISK, 10, None)


def test_a_new_relationship_is_never_dormant_but_overdue_commitments_still_count():
    late = health.score(
        health.Signals(months=12, started_on=days_ago(100), is_new=True, commitments_overdue=2)
    )
    assert not late.signals.is_dormant
    commitments = late.components[2]
    assert (commitments.points, commitments.reason_graced) == (0, False)
    assert "2 overdue" in commitments.reason
    assert late.score == 80
    # What it did earn is shown, not covered by the grace period.
    busy = health.score(
        health.Signals(months=12, started_on=days_ago(100), is_new=True, recent_actions=3)
    )
    assert busy.components[0].reason == "3 actions in the last 12 months"
    assert not busy.components[0].reason_graced
    assert [c.key for c in busy.top_reasons()] == ["new_relationship", "activity"]


def one_week_old_twinning(government, partner=None):
    partner = partner or make_partner(government, "Cuzco")
    return AgreementFactory.create(
        government=government,
        title="New twinning",
        kind=AgreementKind.TWINNING,
        status="signed",
        signed_on=days_ago(7),
        partners=[partner],
    )


def test_a_one_week_old_twinning_is_not_at_risk(world):
    twinning = one_week_old_twinning(world.government)
    result = health.agreement_health(twinning, 12)
    assert result.signals.started_on == days_ago(7)
    assert result.signals.is_new
    assert result.band == Band.HEALTHY
    assert result.score == 90
    note = result.top_reasons()[0].reason
    assert note.startswith("New relationship (since ")
    assert "activity is expected to build up" in note
    # Its partner, met only through this twinning, is a new relationship too.
    partner = twinning.partners.get()
    assert health.partner_health(partner, 12).band == Band.HEALTHY
    assert health.partner_health(partner, 12).signals.started_on == days_ago(7)
    # The review keeps when the relationship began.
    review = services.record_review(
        world.government,
        acting_user=world.users["coordinator"],
        agreement=twinning,
        decision="keep",
        reasons="Just signed.",
    )
    assert review.band == Band.HEALTHY
    assert review.components["signals"]["started_on"] == days_ago(7).isoformat()
    assert review.components["signals"]["is_new"] is True


def test_thriving_new_and_dormant_relationships_side_by_side(world):
    government = world.government
    thriving = thriving_agreement(government)
    Agreement.objects.filter(pk=thriving.pk).update(signed_on=days_ago(1500))
    sleepy = dormant_agreement(government)
    Agreement.objects.filter(pk=sleepy.pk).update(signed_on=days_ago(2000))
    new = one_week_old_twinning(government)

    results = {
        "thriving": health.agreement_health(thriving, 12),
        "new": health.agreement_health(new, 12),
        "dormant": health.agreement_health(sleepy, 12),
    }
    assert {name: r.band for name, r in results.items()} == {
        "thriving": Band.HEALTHY,
        "new": Band.HEALTHY,
        "dormant": Band.DORMANT,
    }
    assert results["thriving"].score == 95  # all but the third result
    assert results["thriving"].grace_note is None
    assert results["dormant"].grace_note is None
    assert not any(c.reason_graced for c in results["dormant"].components)
    assert results["dormant"].score < results["new"].score < results["thriving"].score


def test_after_the_grace_period_lack_of_activity_counts_again(world):
    agreement = AgreementFactory.create(
        government=world.government,
        status="in_force",
        signed_on=days_ago(400),
        in_force_from=days_ago(300),  # moved in the window: not dormant
    )
    result = health.agreement_health(agreement, 12)
    assert not result.signals.is_new
    assert (result.band, result.score) == (Band.AT_RISK, 10)
    assert result.grace_note is None


def test_the_grace_period_is_a_setting(world, settings):
    settings.LAZOS_RELATIONSHIP_GRACE_MONTHS = 1
    agreement = AgreementFactory.create(
        government=world.government, status="in_force", signed_on=days_ago(40)
    )
    assert health.agreement_health(agreement, 12).band == Band.AT_RISK
    settings.LAZOS_RELATIONSHIP_GRACE_MONTHS = 2
    result = health.agreement_health(agreement, 12)
    assert result.band == Band.HEALTHY
    assert "first 2 months" in result.top_reasons()[0].reason


def test_a_partner_met_long_ago_is_not_new_with_a_new_twinning(world):
    partner = make_partner(world.government, "Old friend")
    action = ActionFactory.create(
        government=world.government,
        status=ActionStatus.COMPLETED,
        start_date=days_ago(900),
        end_date=days_ago(880),
    )
    action.partners.set([partner])
    twinning = one_week_old_twinning(world.government, partner)
    assert health.agreement_health(twinning, 12).signals.is_new
    old = health.partner_health(partner, 12)
    assert old.signals.started_on == days_ago(900)
    assert not old.signals.is_new
    # An agreement without a signature or entry-into-force date has no known beginning.
    undated = AgreementFactory.create(government=world.government, status="in_force")
    assert health.agreement_health(undated, 12).signals.started_on is None


def test_the_list_and_the_page_say_a_relationship_is_new(world):
    twinning = one_week_old_twinning(world.government)
    client = world.client_for("viewer")
    page = client.get(reverse("relationships:relationship-list"))
    row = next(r for r in page.context["rows"] if r.name == "New twinning")
    assert row.health.band == Band.HEALTHY
    html = page.content.decode()
    assert "activity is expected to build up" in html
    detail = client.get(reverse("relationships:agreement-detail", args=[twinning.pk]))
    assert "activity is expected to build up" in detail.content.decode()


# --- The list --------------------------------------------------------------------------------


def test_list_shows_dormant_and_at_risk_relationships(world):
    thriving_agreement(world.government)
    dormant_agreement(world.government)
    AgreementFactory.create(government=world.government, title="Still a draft", status="draft")
    client = world.client_for("viewer")
    url = reverse("relationships:relationship-list")
    page = client.get(url)
    names = [row.name for row in page.context["rows"]]
    assert "Still a draft" not in names
    assert names[0] == "Sleepy friendship"  # lowest score first
    attention = client.get(url, {"band": "attention", "kind": "agreement"}).context["rows"]
    assert [row.name for row in attention] == ["Sleepy friendship"]
    dormant = client.get(url, {"band": "dormant"}).context["rows"]
    assert {row.name for row in dormant} == {"Sleepy friendship", "Sleepy town"}
    healthy = client.get(url, {"band": "healthy", "sort": "-score"}).context["rows"]
    assert {row.name for row in healthy} == {"Thriving twinning", "Rosario"}
    html = page.content.decode()
    assert "No action in the last 12 months" in html
    assert "Dormant" in html


def test_list_query_budget(world):
    client = world.client_for("coordinator")

    def add(n):
        for index in range(n):
            agreement = thriving_agreement(
                world.government, make_partner(world.government, f"Partner {index}-{n}")
            )
            services.record_review(
                world.government,
                acting_user=world.users["coordinator"],
                agreement=agreement,
                decision="keep",
                reasons="Fine.",
            )

    assert_constant_queries(
        client, reverse("relationships:relationship-list"), add, budget=20, few=1, many=4
    )


def test_rows_cost_a_fixed_number_of_queries(world, django_assert_num_queries):
    """The agreements, their partners and four GROUP BY queries of their signals; the partners
    and five GROUP BY queries of theirs: twelve, whatever the number of rows."""
    for index in range(3):
        thriving_agreement(world.government, make_partner(world.government, f"P{index}"))
    with django_assert_num_queries(12):
        rows = relationship_rows(world.government)
        for row in rows:
            row.health.top_reasons()
            if row.kind == "agreement":
                list(row.obj.partners.all())
    assert len(rows) == 6


# --- Reviews ---------------------------------------------------------------------------------


def test_record_review_is_audited_with_a_score_snapshot(world):
    agreement = dormant_agreement(world.government)
    review = services.record_review(
        world.government,
        acting_user=world.users["coordinator"],
        agreement=agreement,
        decision="revitalise",
        reasons="A new youth exchange in 2026.",
        next_review_on=TODAY + timedelta(days=180),
    )
    assert review.band == Band.DORMANT
    assert review.reviewed_on == TODAY
    assert review.reviewed_by == world.users["coordinator"]
    assert review.components["signals"]["commitments_overdue"] == 2
    assert any("2 overdue" in c["reason"] for c in review.components["components"])
    event = AuditEvent.objects.for_object(review).get()
    assert event.action == "create"
    assert event.changes["decision"] == {"before": None, "after": "revitalise"}


def test_record_review_validates(world):
    user = world.users["coordinator"]
    agreement = AgreementFactory.create(government=world.government, status="in_force")
    partner = make_partner(world.government, "Lyon")
    with pytest.raises(ValidationError):
        services.record_review(world.government, acting_user=user, decision="keep", reasons="x")
    with pytest.raises(ValidationError) as error:
        services.record_review(
            world.government, acting_user=user, partner=partner, decision="renew", reasons="x"
        )
    assert "Only an agreement can be renewed." in str(error.value)
    with pytest.raises(ValidationError) as error:
        services.record_review(
            world.government, acting_user=user, agreement=agreement, decision="end", reasons=" "
        )
    assert "Give the reasons" in str(error.value)
    with pytest.raises(ValidationError):
        services.record_review(
            world.government,
            acting_user=user,
            agreement=agreement,
            decision="keep",
            reasons="x",
            reviewed_on=TODAY + timedelta(days=1),
        )
    with pytest.raises(ValidationError) as error:
        services.record_review(
            world.government,
            acting_user=user,
            agreement=agreement,
            decision="keep",
            reasons="x",
            next_review_on=TODAY,
        )
    assert "must come after this one" in str(error.value)
    foreign = AgreementFactory.create(government=world.other_government)
    with pytest.raises(ValidationError):
        services.record_review(
            world.government, acting_user=user, agreement=foreign, decision="keep", reasons="x"
        )
    assert not RelationshipReview.objects.exists()
    assert not AuditEvent.objects.filter(content_type__model="relationshipreview").exists()


def test_record_a_review_through_the_web(world):
    agreement = thriving_agreement(world.government)
    client = world.client_for("coordinator")
    detail = reverse("relationships:agreement-detail", args=[agreement.pk])
    page = client.get(detail).content.decode()
    assert "Record a review" in page
    assert "3 actions in the last 12 months" in page
    response = client.post(
        reverse("relationships:agreement-review", args=[agreement.pk]),
        {"decision": "renew", "reasons": "Renew for five years.", "reviewed_on": TODAY},
    )
    assert response.status_code == 302
    assert response.url == detail
    page = client.get(detail).content.decode()
    assert "Renew for five years." in page
    assert "Record a review" not in world.client_for("viewer").get(detail).content.decode()
    partner = agreement.partners.get()
    response = client.post(
        reverse("relationships:partner-review", args=[partner.pk]),
        {"decision": "renew", "reasons": "x", "reviewed_on": TODAY},
    )
    assert response.status_code == 200  # "renew" is not offered for a partner
    assert not RelationshipReview.objects.filter(partner=partner).exists()


# --- Permissions -----------------------------------------------------------------------------


def test_list_matrix(world):
    url = reverse("relationships:relationship-list")
    assert_permission_matrix(world, url, {**ANON, "outsider": 200, **EVERYONE_IN})


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("relationships:agreement-detail", EVERYONE_IN),
        ("relationships:agreement-review", MANAGERS),
    ],
)
def test_agreement_pages_matrix(world, name, expected):
    agreement = AgreementFactory.create(government=world.government, status="in_force")
    url = reverse(name, args=[agreement.pk])
    assert_permission_matrix(world, url, {**ANON, "outsider": 404, **expected})


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("relationships:partner-detail", EVERYONE_IN),
        ("relationships:partner-review", MANAGERS),
    ],
)
def test_partner_pages_matrix(world, name, expected):
    partner = make_partner(world.government, "Porto Alegre")
    url = reverse(name, args=[partner.pk])
    assert_permission_matrix(world, url, {**ANON, "outsider": 404, **expected})


def test_posting_a_review_is_refused_to_editors_and_viewers(world):
    agreement = AgreementFactory.create(government=world.government, status="in_force")
    url = reverse("relationships:agreement-review", args=[agreement.pk])
    data = {"decision": "keep", "reasons": "x", "reviewed_on": TODAY.isoformat()}
    for role in ("editor", "viewer"):
        assert world.client_for(role).post(url, data).status_code == 403
    assert not RelationshipReview.objects.exists()
