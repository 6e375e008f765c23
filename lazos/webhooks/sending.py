"""One attempt of a delivery (the body of the ``send_webhook`` job): POST the signed body with
a timeout, log the attempt, then decide: delivered, retried later (exponential backoff), or
given up; and after too many failed attempts in a row, the subscription is disabled and the
government's administrators are told.

HTTP with the standard library: no proxy from the environment, no redirect followed (a 3xx
is a failure), the response read up to a limit; the address is checked again before each
attempt (``endpoints.py``)."""

from __future__ import annotations

import http.client
import logging
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from lazos.core.text import single_line
from lazos.webhooks import conf
from lazos.webhooks.choices import DeliveryStatus
from lazos.webhooks.endpoints import check_resolved_address
from lazos.webhooks.lifecycle import disable_webhook_subscription
from lazos.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookSubscription
from lazos.webhooks.payloads import body_for
from lazos.webhooks.signing import DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signature_header

logger = logging.getLogger(__name__)

USER_AGENT = "Lazos-Webhooks/1"
MAX_RESPONSE_BYTES = 64 * 1024
EXCERPT_LENGTH = 500


class NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is answered as the 3xx it is (never followed to another address)."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), NoRedirects())


@dataclass(frozen=True)
class Outcome:
    status_code: int | None
    duration_ms: int
    error: str
    excerpt: str

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def _excerpt(raw: bytes) -> str:
    return single_line(raw.decode("utf-8", errors="replace"))[:EXCERPT_LENGTH]


def post(url: str, body: bytes, headers: dict[str, str]) -> Outcome:
    """POST ``body`` to ``url``; never raises."""
    try:
        check_resolved_address(url)
    except ValidationError as refusal:
        return Outcome(None, 0, " ".join(refusal.messages)[:500], "")
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310 - https (or allowed loopback) checked above
    started = time.monotonic()

    def elapsed() -> int:
        return int((time.monotonic() - started) * 1000)

    try:
        with OPENER.open(request, timeout=conf.timeout_seconds()) as response:
            raw = response.read(MAX_RESPONSE_BYTES)
            status = int(response.status)
    except urllib.error.HTTPError as error:  # 3xx (not followed), 4xx, 5xx
        try:
            raw = error.read(MAX_RESPONSE_BYTES)
        except (OSError, http.client.HTTPException):
            raw = b""
        return Outcome(int(error.code), elapsed(), f"HTTP {error.code}", _excerpt(raw))
    except urllib.error.URLError as error:
        return Outcome(None, elapsed(), single_line(str(error.reason))[:500], "")
    except (OSError, http.client.HTTPException, ValueError) as error:
        return Outcome(None, elapsed(), single_line(f"{type(error).__name__}: {error}")[:500], "")
    error_text = "" if 200 <= status < 300 else f"HTTP {status}"
    return Outcome(status, elapsed(), error_text, _excerpt(raw))


def backoff(failed_in_series: int) -> timedelta:
    """The delay before the next attempt after ``failed_in_series`` failed ones: the base times 2**(n-1),
    at most the maximum."""
    seconds = conf.retry_base_seconds() * 2 ** max(0, failed_in_series - 1)
    return timedelta(seconds=min(seconds, conf.retry_max_seconds()))


@dataclass(frozen=True)
class AttemptResult:
    status: str
    retry_at: datetime | None = None


def attempt_delivery(delivery_id: int) -> AttemptResult:
    """Make the next attempt of a waiting delivery (see the module's docstring)."""
    delivery = (
        WebhookDelivery.objects.select_related(
            "subscription", "government", "audit_event__content_type"
        )
        .filter(pk=delivery_id)
        .first()
    )
    if delivery is None:
        return AttemptResult("missing")
    now = timezone.now()
    if delivery.status != DeliveryStatus.PENDING:
        return AttemptResult(str(delivery.status))
    if delivery.next_attempt_at is not None and delivery.next_attempt_at > now:
        return AttemptResult("not due", delivery.next_attempt_at)
    subscription = delivery.subscription
    if not subscription.is_active:
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.FAILED,
            next_attempt_at=None,
            last_error=_("The subscription is disabled."),
            updated_at=now,
        )
        return AttemptResult(DeliveryStatus.FAILED)
    # Claim the attempt: two workers holding the same job never both send it.
    claimed = WebhookDelivery.objects.filter(
        pk=delivery.pk, status=DeliveryStatus.PENDING, attempts=delivery.attempts
    ).update(attempts=F("attempts") + 1, next_attempt_at=None, updated_at=now)
    if not claimed:
        return AttemptResult("taken")
    number = delivery.attempts + 1
    body = body_for(delivery)
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
        EVENT_HEADER: delivery.kind,
        DELIVERY_HEADER: str(delivery.event_id),
        SIGNATURE_HEADER: signature_header(subscription.secret, body),
    }
    outcome = post(subscription.url, body, headers)
    return record(delivery, number, outcome)


def record(delivery: WebhookDelivery, number: int, outcome: Outcome) -> AttemptResult:
    """Log the attempt and move the delivery and its subscription on."""
    now = timezone.now()
    subscription = delivery.subscription
    retry_at = None
    with transaction.atomic():
        WebhookAttempt.objects.create(
            government_id=delivery.government_id,
            delivery=delivery,
            number=number,
            attempted_at=now,
            status_code=outcome.status_code,
            duration_ms=outcome.duration_ms,
            succeeded=outcome.succeeded,
            error=outcome.error,
            response_excerpt=outcome.excerpt,
            requested_by_id=delivery.redelivery_requested_by_id,
        )
        changes: dict[str, Any] = {
            "last_status_code": outcome.status_code,
            "last_duration_ms": outcome.duration_ms,
            "last_error": outcome.error,
            "redelivery_requested_by": None,
            "updated_at": now,
        }
        if outcome.succeeded:
            changes.update(status=DeliveryStatus.SUCCEEDED, delivered_at=now)
            WebhookSubscription.objects.filter(
                pk=subscription.pk, consecutive_failures__gt=0
            ).update(consecutive_failures=0)
            failures = 0
        else:
            WebhookSubscription.objects.filter(pk=subscription.pk).update(
                consecutive_failures=F("consecutive_failures") + 1
            )
            failures = (
                WebhookSubscription.objects.filter(pk=subscription.pk)
                .values_list("consecutive_failures", flat=True)
                .get()
            )
            in_series = number - delivery.series_start
            if in_series < conf.max_attempts():
                retry_at = now + backoff(in_series)
                changes.update(status=DeliveryStatus.PENDING, next_attempt_at=retry_at)
            else:
                changes.update(status=DeliveryStatus.FAILED)
        WebhookDelivery.objects.filter(pk=delivery.pk).update(**changes)
    if not outcome.succeeded and failures >= conf.failures_before_disable():
        reason = _("%(count)d attempts in a row failed (the last one: %(error)s).") % {
            "count": failures,
            "error": outcome.error or "?",
        }
        disable_webhook_subscription(subscription, acting_user=None, reason=reason)
        return AttemptResult(DeliveryStatus.FAILED)
    status = DeliveryStatus.SUCCEEDED if outcome.succeeded else changes["status"]
    return AttemptResult(str(status), retry_at)
