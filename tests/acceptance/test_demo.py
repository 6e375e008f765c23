"""Acceptance points of the strategy-and-results issue that are about the demo itself: the
reminder digest (`lazos send_reminders`) and the dashboards, on the real demo data."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from lazos.accounts.models import User
from lazos.actions.models import Commitment
from lazos.agreements.choices import AgreementStatus
from lazos.agreements.models import Agreement
from lazos.demo.peers import PEER_SLUG
from lazos.governments.middleware import SESSION_KEY
from lazos.governments.models import Government


@pytest.fixture
def demo(loaded_demo):
    # The two governments with a full register; Lac-Saint-Amand has a small public one.
    return Government.objects.filter(is_demo=True).exclude(slug=PEER_SLUG).order_by("slug")


def _inside_notice_period(government: Government) -> list[Agreement]:
    today = timezone.localdate()
    return [
        agreement
        for agreement in Agreement.objects.for_tenant(government).filter(
            status=AgreementStatus.IN_FORCE, valid_until__isnull=False
        )
        if agreement.valid_until is not None
        and agreement.valid_until - timedelta(days=agreement.notice_period_days or 0) <= today
    ]


def test_send_reminders_on_the_demo(demo):
    out = StringIO()
    call_command("send_reminders", "--dry-run", stdout=out)
    listing = out.getvalue()
    assert mail.outbox == []
    for government in demo:
        assert government.name in listing
        in_notice = _inside_notice_period(government)
        overdue = list(Commitment.objects.for_tenant(government).overdue())
        assert in_notice, "the demo has agreements inside their notice period"
        assert overdue, "the demo has overdue commitments"
        for agreement in in_notice:
            assert agreement.title in listing
        for commitment in overdue:
            assert commitment.title in listing

    call_command("send_reminders", stdout=StringIO())
    recipients = [message.to[0] for message in mail.outbox]
    assert len(recipients) == len(set(recipients)), "one digest per person"
    assert User.objects.get(username="coordinator").email in recipients
    assert User.objects.get(username="viewer").email not in recipients  # digest off
    sent = len(mail.outbox)
    call_command("send_reminders", stdout=StringIO())
    assert len(mail.outbox) == sent, "a second run the same day sends nothing"


def test_dashboards_render_the_demo_with_charts_and_tables(demo, client):
    client.force_login(User.objects.get(username="coordinator"))
    for government in demo:
        session = client.session
        session[SESSION_KEY] = government.pk
        session.save()
        for name in ("activity", "budget", "agreements", "results", "map"):
            response = client.get(reverse(f"dashboards:{name}"))
            assert response.status_code == 200, name
            html = response.content.decode()
            assert html.count("<svg") >= 1, name
            assert "<table" in html, name
            assert "<caption" in html, name
            assert "<td" in html, f"{name}: the data tables have rows"
