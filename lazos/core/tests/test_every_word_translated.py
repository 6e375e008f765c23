"""Every word in the reader's language (issue #14, point 7).

One world for the module: an object of every model the builders registry knows, each with a
history (its creation and an audited change of its choices, links and yes/no values). Then,
in Spanish, French and Portuguese, the main pages, every object's pages (detail, history,
forms) and the public portal are opened, and their visible text may hold no English left over
from the catalog, no raw choice code and no bare id in a history.

The test's own data is kept out of the check: every text stored in the database (names,
titles, usernames) is removed from the page before it is read.
"""

from __future__ import annotations

import gettext
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import django_countries
import lxml.html
import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.module_loading import autodiscover_modules
from django.utils.safestring import mark_safe
from django_countries import countries

from lazos.accounts.models import User
from lazos.core import audit, events
from lazos.core.audit import AuditAction
from lazos.core.country_names import CLDR_NAMED_COUNTRIES
from lazos.core.models import AuditEvent
from lazos.core.testing import TenantWorld, build_world
from lazos.core.testing.builders import OBJECT_BUILDERS
from lazos.core.testing.language import ForeignWords, Phrases
from lazos.core.testing.pages import (
    government_pages,
    object_pages,
    pages_without_arguments,
    public_object_pages,
    visible_text,
)
from lazos.core.testing.urls import object_url_patterns
from lazos.governments.models import Department
from lazos.matching.models import PeerProfile
from lazos.partners.models import Contact
from lazos.reminders.digest import plan_digests, render_digest
from lazos.reminders.models import Notification
from lazos.reminders.notifications import render_notification_email
from lazos.reports.builders import build_annual, build_handover
from lazos.reports.choices import ReportKind
from lazos.reports.models import Report
from lazos.reports.rendering import CONTENT_TEMPLATES, DOCUMENT_TEMPLATES
from lazos.reports.services import report_title
from lazos.results.models import Indicator, IndicatorUpdate, UpdateDisaggregation

# What this checks does not depend on the database engine: CI runs it once, in the SQLite pass.
pytestmark = pytest.mark.engine_independent

LANGUAGES = ("es", "fr", "pt")
# Rows the product computes from others and rebuilds itself, never edited nor audited: they
# get no history here either.
DERIVED: tuple[type[models.Model], ...] = (PeerProfile,)
CLDR_TERRITORIES = Path(__file__).with_name("cldr_territories.json")
BARE_IDS = re.compile(r"^\d+(, \d+)*$")


@dataclass
class WordsWorld:
    world: TenantWorld
    objects: list[models.Model] = field(default_factory=list)
    history_of: dict[type[models.Model], models.Model] = field(default_factory=dict)
    notifications: list[Notification] = field(default_factory=list)
    user_data: Phrases | None = None


def _another_value(model_field: models.Field[Any, Any], current: Any, obj: models.Model) -> Any:
    """A different valid value for ``model_field`` (a choice, a row, a flag), or ``current``."""
    if model_field.choices:
        values = [v for v, _label in model_field.flatchoices or model_field.choices or ()]
        values = [v for v in values if v not in ("", None) and v != current]
        if isinstance(current, list):  # several choices (countries, languages)
            return values[-2:] if values[-2:] != current else current
        return values[0] if values else current
    if isinstance(model_field, models.BooleanField):
        return not current if current is not None else True
    if isinstance(model_field, models.ForeignKey):
        related = model_field.related_model
        if not isinstance(related, type):
            return current
        if related is User:
            other_user = User.objects.filter(username="w-coordinator").first()
            return other_user.pk if other_user is not None else current
        queryset = related._base_manager.exclude(pk=current)
        government_id = getattr(obj, "government_id", None)
        if government_id is not None and any(f.name == "government" for f in related._meta.fields):
            queryset = queryset.filter(government_id=government_id)
        other = queryset.order_by("pk").first()
        return other.pk if other is not None else current
    return current


def _change_with_audit(obj: models.Model, actor: User) -> None:
    """An audited update of the object's choices, links and flags (each kept only when the
    row still saves: a value some constraint refuses is left as it was)."""
    for model_field in obj._meta.concrete_fields:
        if model_field.primary_key or not model_field.editable or model_field.name == "government":
            continue
        if not (
            model_field.choices or isinstance(model_field, models.BooleanField | models.ForeignKey)
        ):
            continue
        current = model_field.value_from_object(obj)
        value = _another_value(model_field, current, obj)
        if value == current:
            continue
        try:
            with transaction.atomic(), audit.recording(obj, actor=actor):
                setattr(obj, model_field.attname, value)
                obj.save()
        except (DatabaseError, ValueError, TypeError):
            obj.refresh_from_db()


def _user_texts() -> set[str]:
    """Every text stored in the project's tables: the test's data, not the interface's. Not
    the texts the application writes itself (an audit event's object, a notification's
    title): those are what the test checks."""
    texts: set[str] = set()
    for model in apps.get_models():
        if not model.__module__.startswith(("lazos.", "django.contrib.auth")):
            continue
        if model in (AuditEvent, Notification):
            continue
        names = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.SlugField)
            and not f.choices
        ]
        if names:
            for row in model._base_manager.values_list(*names):
                texts.update(str(v).strip() for v in row if v and len(str(v).strip()) > 1)
    return texts


def _build(world: TenantWorld) -> WordsWorld:
    autodiscover_modules("tests.factories")
    built = WordsWorld(world=world)
    admin = world.users["administrator"]
    for model, builder in OBJECT_BUILDERS.items():
        obj = builder(world.government)
        built.objects.append(obj)
        if model in DERIVED:
            continue
        audit.write_event(
            obj,
            action=AuditAction.CREATE,
            actor=admin,
            changes=audit.diff(None, audit.snapshot(obj)),
        )
        _change_with_audit(obj, admin)
        built.history_of[model] = obj
    # Values the builders leave empty and pages show by label: disaggregation dimensions.
    for obj in built.objects:
        if isinstance(obj, Indicator):
            Indicator.objects.filter(pk=obj.pk).update(disaggregations=["sex", "age_group"])
        if isinstance(obj, IndicatorUpdate):
            for dimension, category in (("sex", "female"), ("age_group", "65+")):
                UpdateDisaggregation.objects.create(
                    government=world.government,
                    update=obj,
                    dimension=dimension,
                    category=category,
                    value=1,
                )
    # One notification of every kind of workflow event, for the inbox, the home page and
    # the emails.
    target = built.objects[0]
    content_type = ContentType.objects.get_for_model(target)
    for kind in events.kinds():
        built.notifications.append(
            Notification.objects.create(
                government=world.government,
                recipient=admin,
                kind=kind.code,
                content_type=content_type,
                object_id=target.pk,
                title=str(target),
                delivery=kind.delivery,
                actor=world.users["coordinator"],
            )
        )
    government = world.government
    government.portal_enabled = True
    government.save(update_fields=["portal_enabled"])
    texts = _user_texts()
    built.user_data = Phrases(texts)
    return built


@pytest.fixture(scope="module")
def words_world(django_db_setup: None, django_db_blocker: Any) -> Iterator[WordsWorld]:
    """Built once for the module inside a transaction rolled back at its end."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield _build(build_world("w"))
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def built(words_world: WordsWorld, db: None) -> WordsWorld:
    return words_world


def _pages(built: WordsWorld) -> Iterator[tuple[str, str, type[models.Model] | None]]:
    """``(name, url, model of the object it shows, if any)``."""
    for name, url in pages_without_arguments(built.world.government.slug):
        yield name, url, None
    for name, url in government_pages(built.world.government.slug):
        yield name, url, None
    ids = {obj.pk for obj in built.objects if isinstance(obj.pk, int)}
    for name, url in public_object_pages(built.world.government.slug, ids):
        yield name, url, None
    for name, url, obj in object_pages(built.objects):
        yield name, url, type(obj)


def _bare_ids_in_history(content: bytes, model: type[models.Model]) -> list[str]:
    """Changed links shown as ids in a history table (``<tr data-field="...">``)."""
    relations = {
        f.attname
        for f in model._meta.get_fields()
        if isinstance(f, models.ForeignKey | models.OneToOneField)
    } | {f.name for f in model._meta.many_to_many}
    found = []
    for row in lxml.html.document_fromstring(content).iter("tr"):
        name = row.get("data-field")
        if name not in relations:
            continue
        for cell in row.iter("td"):
            text = " ".join(cell.text_content().split())
            if BARE_IDS.match(text):
                found.append(f"{name}: {text}")
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_is_in_the_readers_language(built: WordsWorld, language: str) -> None:
    admin = built.world.users["administrator"]
    User.objects.filter(pk=admin.pk).update(preferred_language=language)
    client = built.world.client_for("administrator")
    words = ForeignWords.for_language(language)
    problems: dict[str, list[str]] = {}
    read, histories = 0, set()
    for name, url, model in _pages(built):
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        read += 1
        found = words.find(visible_text(response.content), ignore=built.user_data)
        if name.endswith("-history") and model is not None:
            assert b'class="changes"' in response.content, f"{url}: no change shown"
            histories.add(model)
            found += [f"id: {bare}" for bare in _bare_ids_in_history(response.content, model)]
        if found:
            problems[f"{name} {url}"] = sorted(set(found))
    # The home page and the inbox differ by role.
    for role in ("coordinator", "editor", "viewer"):
        user = built.world.users[role]
        User.objects.filter(pk=user.pk).update(preferred_language=language)
        other = built.world.client_for(role)
        for name in ("governments:dashboard", "reminders:inbox"):
            response = other.get(reverse(name))
            assert response.status_code == 200, f"{role} {name}"
            found = words.find(visible_text(response.content), ignore=built.user_data)
            if found:
                problems[f"{name} ({role})"] = sorted(set(found))
    assert read > 150
    with_history = {type(obj) for obj in built.objects} & {
        getattr(view, "model", None)
        for name, view in object_url_patterns()
        if name.endswith("-history")
    }
    assert histories == with_history
    report = "\n".join(f"{page}:\n    " + "\n    ".join(found) for page, found in problems.items())
    assert not problems, f"{len(problems)} pages in {language} show other words:\n{report}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_notification_email_is_in_the_readers_language(
    built: WordsWorld, language: str
) -> None:
    """The email of every kind of workflow event and the daily digest, in the recipient's
    language: subject, text and HTML."""
    admin = built.world.users["administrator"]
    User.objects.filter(pk=admin.pk).update(preferred_language=language)
    words = ForeignWords.for_language(language)
    assert len(built.notifications) == len(events.kinds()) > 10
    problems = {}
    for notification in built.notifications:
        notification.recipient.preferred_language = language
        message = render_notification_email(notification)
        html = next(content for content, kind in message.alternatives if kind == "text/html")
        pieces = [message.subject, *message.body.splitlines(), *visible_text(str(html))]
        found = words.find([piece for piece in pieces if piece.strip()], ignore=built.user_data)
        if found:
            problems[notification.kind] = sorted(set(found))
    # The daily digest: the reminders due and the notifications of the digest kinds.
    plan = plan_digests(timezone.localdate(), governments=[built.world.government], force=True)
    digest = next(d for d in plan.digests if d.user.pk == admin.pk)
    digest.user.preferred_language = language
    assert digest.notifications, "no notification waits for the digest"
    message = render_digest(digest, timezone.localdate())
    html = next(content for content, kind in message.alternatives if kind == "text/html")
    pieces = [message.subject, *message.body.splitlines(), *visible_text(str(html))]
    found = words.find([piece for piece in pieces if piece.strip()], ignore=built.user_data)
    if found:
        problems["daily digest"] = sorted(set(found))
    assert not problems, problems


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_reports_are_in_the_readers_language(built: WordsWorld, language: str) -> None:
    """The handover dossier and the annual report, as their PDF prints them (the printable
    HTML WeasyPrint reads; the PDF itself is not made, for speed), in each language."""
    government = built.world.government
    words = ForeignWords.for_language(language)
    problems = {}
    with translation.override(language):
        for kind, year in (
            (ReportKind.HANDOVER, None),
            (ReportKind.ANNUAL, timezone.localdate().year),
        ):
            report = Report(
                government=government, kind=kind, year=year, version=1, language=language
            )
            report.title = report_title(government, kind, year)
            if kind == ReportKind.HANDOVER:
                content: Any = build_handover(government, language)
            else:
                content = build_annual(government, int(year or 0), language)
            context = {"report": report, "content": content, "generated_at": timezone.now()}
            body = render_to_string(CONTENT_TEMPLATES[kind], context)
            document = render_to_string(
                DOCUMENT_TEMPLATES[kind],
                {**context, "body": mark_safe(body), "embedded_stylesheet": ""},  # noqa: S308
            )
            found = words.find(visible_text(document), ignore=built.user_data)
            if found:
                problems[str(kind)] = sorted(set(found))
    assert not problems, problems


@pytest.mark.parametrize("language", LANGUAGES)
def test_country_names_are_cldrs(language: str) -> None:
    """The names shown for countries are those of the Unicode CLDR (the excerpt in
    cldr_territories.json, CLDR 48, as ICU ships it: ``Intl.DisplayNames``)."""
    cldr = json.loads(CLDR_TERRITORIES.read_text())[language]
    with translation.override(language):
        shown = {country.code: str(country.name) for country in countries}
    assert set(shown) <= set(cldr)
    wrong = {
        code: f"{name!r}, CLDR: {cldr[code]!r}"
        for code, name in shown.items()
        if cldr[code] != name
    }
    assert not wrong, wrong


def test_the_catalog_names_every_country_django_countries_names_otherwise() -> None:
    """core/country_names.py marks, for the project's catalog, each country whose name in
    django-countries' own catalog differs from the CLDR's in one of the languages."""
    own = {
        language: gettext.translation(
            "django", Path(django_countries.__file__).parent / "locale", languages=[language]
        )
        for language in LANGUAGES
    }
    cldr = json.loads(CLDR_TERRITORIES.read_text())
    differing = set()
    for country in countries:
        with translation.override("en"):
            english = str(country.name)
        if any(own[lang].gettext(english) != cldr[lang][country.code] for lang in LANGUAGES):
            differing.add(country.code)
    assert "TT" in differing  # "Trinidad yTobago" in django-countries' Spanish
    assert differing <= set(CLDR_NAMED_COUNTRIES), sorted(differing - set(CLDR_NAMED_COUNTRIES))
    with translation.override("en"):
        assert all(str(countries.name(code)) == name for code, name in CLDR_NAMED_COUNTRIES.items())


def test_the_check_finds_english_codes_and_ids_and_leaves_the_rest() -> None:
    """The check can fail: English of the catalog, a raw code, a bare id are found; a word
    that reads the same in both languages, another language marked as such, code, the test's
    own data and the same English inside a translation are not."""
    page = b"""<html lang="es"><head><title>Guardar</title></head><body>
      <button>Save</button> <p>Estado: in_force</p> <p>Total: 3</p>
      <select><option lang="en">English</option></select> <code>draft</code>
      <p title="Search">Buscar</p> <p>Secret twinning agreement</p>
      <table><tr data-field="partner_id"><th>socio</th><td>2</td><td>Porto</td></tr></table>
    </body></html>"""
    words = ForeignWords.for_language("es")
    found = words.find(visible_text(page), ignore=Phrases(["Secret twinning agreement"]))
    assert sorted(found) == [
        "English: 'Save' in 'Save'",
        "English: 'Search' in 'Search'",
        "code: 'in_force' in 'Estado: in_force'",
    ]
    assert _bare_ids_in_history(page, Department) == []  # no such field: nothing to check
    assert _bare_ids_in_history(page, Contact) == ["partner_id: 2"]
