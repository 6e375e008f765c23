"""Demo: experts of the three demo governments and five threads in es/pt/fr/en.

Two new people (Lucía in Villa Esperanza's environment department, João in Rio Claro do Sul's)
join Claire (Lac-Saint-Amand) and the demo coordinator as published experts. The threads are
about work the demo governments really do: selective waste collection with waste-picker
cooperatives, a network position for the HLPF, translating a twinning agreement, national
registration of agreements. One answer is marked helpful; the demo coordinator has unread
notifications. Loaded once, after every demo government exists; idempotent (a thread is looked
up by its government and title, a profile by its government and person). No email is sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from lazos.accounts.services import set_preferred_language
from lazos.community import services
from lazos.community.models import ExpertProfile, Notification, Question
from lazos.demo.kit import (
    Choice,
    DataFile,
    DemoReport,
    demo_instance_step,
    ensure_membership,
    ensure_user,
)
from lazos.governments.choices import Role
from lazos.governments.models import Department, Government
from lazos.reference.models import Theme

VILLA, RIO, LAC = "villa-esperanza", "rio-claro-do-sul", "lac-saint-amand"


@dataclass(frozen=True)
class Reply:
    author: str
    government: str
    days_ago: int
    body: str
    helpful: bool = False


@dataclass(frozen=True)
class Thread:
    author: str
    government: str
    language: str
    days_ago: int
    title: str
    body: str
    themes: tuple[str, ...]
    replies: tuple[Reply, ...] = ()


SLUG = Choice((VILLA, RIO, LAC))
COMMUNITY = DataFile(
    "community",
    "community",
    {
        "experts": [
            {
                "username": str,
                "first_name": str,
                "last_name": str,
                "language": str,
                "government": SLUG,
                "role": Choice(Role.values),
                "department": str,  # its name
            }
        ],
        "profiles": [
            {
                "username": str,
                "government": SLUG,
                "headline": str,
                "expertise": str,
                "languages": [str],
                "themes": [str],
            }
        ],
        "threads": [
            {
                "author": str,
                "government": SLUG,
                "language": str,
                "days_ago": int,
                "title": str,
                "body": str,
                "themes": [str],
                "replies?": [
                    {
                        "author": str,
                        "government": SLUG,
                        "days_ago": int,
                        "body": str,
                        "helpful?": bool,
                    }
                ],
            }
        ],
    },
)


def threads(data: dict[str, Any]) -> tuple[Thread, ...]:
    """The threads of the data file."""
    return tuple(
        Thread(
            **{
                **spec,
                "themes": tuple(spec["themes"]),
                "replies": tuple(Reply(**reply) for reply in spec.get("replies", ())),
            }
        )
        for spec in data["threads"]
    )


@demo_instance_step(order=40)
def load_community(report: DemoReport) -> None:
    """Create the community's experts, profiles and threads (once)."""
    governments = {g.slug: g for g in Government.objects.filter(slug__in=[VILLA, RIO, LAC])}
    if len(governments) < 3:
        return
    data = COMMUNITY.load()
    people = _people(governments, data["experts"], report)
    themes = {theme.code: theme for theme in Theme.objects.all()}
    for spec in data["profiles"]:
        _profile(
            governments[spec["government"]],
            people[spec["username"]],
            spec["headline"],
            spec["expertise"],
            tuple(spec["languages"]),
            [themes[c] for c in spec["themes"]],
            report,
        )
    for thread in threads(data):
        _thread(thread, governments, people, themes, report)
    # Those who asked earlier have read their notifications; the coordinator has not.
    for username in ("lucia", "joao", "claire"):
        if Notification.objects.filter(recipient=people[username]).unread().exists():
            services.mark_notifications_read(acting_user=people[username])


def _people(
    governments: dict[str, Government], experts: list[dict[str, Any]], report: DemoReport
) -> dict[str, Any]:
    people: dict[str, Any] = {}
    for spec in experts:
        username, language, department_name = spec["username"], spec["language"], spec["department"]
        government = governments[spec["government"]]
        user = ensure_user(username, spec["first_name"], spec["last_name"], report)
        if not user.preferred_language:
            set_preferred_language(user, language=language, acting_user=user)
        departments = list(Department.objects.for_tenant(government).filter(name=department_name))
        ensure_membership(government, user, spec["role"], departments, report)
        people[username] = user
    for user in get_user_model().objects.filter(username__in=["claire", "coordinator"]):
        people[user.username] = user
    return people


def _profile(
    government: Government,
    user: Any,
    headline: str,
    expertise: str,
    languages: tuple[str, ...],
    themes: list[Theme],
    report: DemoReport,
) -> None:
    if ExpertProfile.objects.for_tenant(government).filter(user=user).exists():
        return
    services.publish_profile(
        government,
        acting_user=user,
        headline=headline,
        expertise=expertise,
        languages=languages,
        themes=themes,
        is_published=True,
    )
    report.add(f"expert profile {user.username} in {government.slug}")


def _thread(
    thread: Thread,
    governments: dict[str, Government],
    people: dict[str, Any],
    themes: dict[str, Theme],
    report: DemoReport,
) -> None:
    government = governments[thread.government]
    if Question.objects.for_tenant(government).filter(title=thread.title).exists():
        return
    now = timezone.now()
    question = services.ask_question(
        government,
        acting_user=people[thread.author],
        title=thread.title,
        body=thread.body,
        language=thread.language,
        themes=[themes[code] for code in thread.themes],
        posted_at=now - timedelta(days=thread.days_ago),
    )
    for reply in thread.replies:
        answer = services.answer_question(
            governments[reply.government],
            question,
            acting_user=people[reply.author],
            body=reply.body,
            posted_at=now - timedelta(days=reply.days_ago),
            notify_by_email=False,
        )
        if reply.helpful:
            services.mark_helpful(answer, acting_user=people[thread.author])
    report.add(f"community thread “{thread.title[:40]}…”")
