"""Concurrent edits: every edit form carries the version it was read at, and a save against
an older version is refused with a merge panel (core/concurrency.py)."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import BaseModelForm
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.template.response import TemplateResponse
from django.test import Client, override_settings
from django.urls import include, path, reverse
from django.utils.module_loading import autodiscover_modules
from django.utils.text import capfirst
from django.views import View

from lazos.core import audit, concurrency
from lazos.core.permissions import Operation
from lazos.core.services import save_audited
from lazos.core.testing.builders import OBJECT_BUILDERS
from lazos.core.testing.urls import object_url_patterns, url_namespaces
from lazos.core.views import GovernmentScopedMixin, ObjectDeleteView, ServiceFormMixin
from lazos.governments.models import Department
from lazos.governments.views import DepartmentUpdateView

pytestmark = pytest.mark.django_db

VERSION_INPUT = re.compile(r'<input type="hidden" name="lazos_version" value="([0-9a-f]+)">')

# Views reached by an object's URL that write on POST without a form of the object's values:
# buttons that move it one step (publish, close, accept…), revoke a token, apply an import,
# mark a notification read. They read no values a concurrent save could overwrite. A new
# view of this kind is added here on purpose; any other POST view must carry the version.
ACTION_VIEWS = {
    "accounts:two-factor-reset",
    "accounts:personal-data-erase",  # erases after a preview; it edits no values
    "accounts:personal-data-export",  # a download, recorded on the request
    "agenda:token-revoke",
    "api:token-revoke",
    "attachments:attachment-delete",
    "community:answer-helpful",
    "community:answer-hide",
    "community:answer-restore",
    "community:answer-unhelpful",
    "community:notification-read",
    "community:question-close",
    "community:question-detail",  # its POST is an answer: a new row under the question
    "community:question-hide",
    "community:question-reopen",
    "community:question-restore",
    "consultations:consultation-close",
    "consultations:consultation-open",
    "consultations:contribution-moderate",
    "iati:import-apply",
    "iati:import-revert",  # the revert plans again at the POST: what changed since is kept
    "networks:position-close",
    "networks:position-open",
    "practices:library-mark",
    "practices:library-unmark",
    "practices:practice-publish",
    "practices:practice-unpublish",
    "practices:transfer-remove",
    "reminders:notification-read",  # marks the reader's own notification read
    "results:update-review",
    # A saved view: one person's default, or its removal (its values are not edited).
    "saved-views:default",
    "saved-views:delete",
    "results:update-submit",
    "solidarity:need-met",
    "solidarity:need-withdraw",
    "solidarity:offer-accept",
    "solidarity:offer-decline",
    "solidarity:offer-deliver",
    "solidarity:offer-withdraw",
    "spreadsheets:import-apply",
    "spreadsheets:import-revert",
    "webhooks:delivery-redeliver",  # queues the delivery again; it edits no values
    "webhooks:subscription-rotate-secret",  # the server makes the new secret
}


# Namespaces whose form views with an object's id all add a row under it (a review).
ONLY_ADDITIONS = {"relationships"}


def _form_views(namespace: str | None = None) -> list[tuple[str, Any]]:
    return [
        (name, view_class)
        for name, view_class in object_url_patterns()
        if view_class is not None
        and issubclass(view_class, ServiceFormMixin)
        and (namespace is None or name.startswith(f"{namespace}:"))
    ]


def _writers_without_the_version() -> list[str]:
    """Views of an object that write on POST outside the form views and the deletions, and
    are not listed as one-step actions."""
    unknown = []
    for name, view_class in object_url_patterns():
        if view_class is None or not hasattr(view_class, "post"):
            continue
        if issubclass(view_class, ServiceFormMixin | ObjectDeleteView):
            continue
        if name not in ACTION_VIEWS:
            unknown.append(name)
    return unknown


def test_every_view_that_writes_on_an_object_is_a_form_view_or_a_known_action():
    """A view that writes on POST outside the form views (which carry the version) must be a
    one-step action listed above, else the walk below would not see it."""
    assert _writers_without_the_version() == [], (
        "These views write on an object without the version check (a form of values must "
        "be a ServiceFormView; a one-step action is listed in ACTION_VIEWS)"
    )


def _posted_data(form: Any) -> dict[str, Any]:
    """The form's (or formset's) values as a browser would post them, unchanged."""
    data: dict[str, Any] = {}
    forms = [form.management_form, *form.forms] if hasattr(form, "management_form") else [form]
    for each in forms:
        for bound in each:
            values = concurrency._as_data(bound.field, bound.value())
            if values:
                data[bound.html_name] = values if len(values) > 1 else values[0]
    return data


# The object a builder makes is meant for the isolation walk (often hidden, submitted or
# closed); these views edit it only in another state, or only as its author.


def _as_author(world: Any, obj: Any) -> Any:
    type(obj).objects.filter(pk=obj.pk).update(is_hidden=False)
    question = getattr(obj, "question", None)
    if question is not None:
        type(question).objects.filter(pk=question.pk).update(is_hidden=False)
    client = Client()
    client.force_login(obj.author)
    return client


def _draft_update(world: Any, obj: Any) -> None:
    from lazos.results.choices import UpdateStatus

    type(obj).objects.filter(pk=obj.pk).update(status=UpdateStatus.DRAFT)


def _with_mission(world: Any, obj: Any) -> None:
    from lazos.actions.tests.factories import MissionFactory

    MissionFactory.create(action=obj)


PREPARE: dict[str, Callable[[Any, Any], Any]] = {
    "community:question-edit": _as_author,
    "community:answer-edit": _as_author,
    "results:update-edit": _draft_update,
    "actions:traveller-add": _with_mission,
}


def _changed_value(model_field: models.Field[Any, Any], value: Any) -> Any:
    if isinstance(model_field, models.CharField | models.TextField) and not model_field.choices:
        text = f"{value or ''} (changed by someone else)"
        return text[-model_field.max_length :] if model_field.max_length else text
    if isinstance(model_field, models.DecimalField | models.IntegerField) and value is not None:
        return value + 1
    if isinstance(model_field, models.DateField) and value is not None:
        return value.replace(day=1) if value.day != 1 else value.replace(day=2)
    if model_field.choices:
        others = [key for key, _label in model_field.flatchoices if key not in (value, "")]
        return others[0] if others else None
    return None


def _change_behind_the_form(obj: models.Model, form: Any, who: Any) -> str:
    """Save a change of one field of ``obj`` as ``who`` (preferably a field of the form);
    returns the field's label."""
    fields = [
        f
        for f in obj._meta.concrete_fields
        if f.editable
        and not f.primary_key
        and not f.unique
        and f.name not in audit.ALWAYS_EXCLUDED
        and f.name not in getattr(obj, "audit_exclude", ())
    ]
    fields.sort(
        key=lambda f: (
            f.name not in getattr(form, "fields", {}),
            not isinstance(f, models.TextField),
        )
    )
    for model_field in fields:
        value = _changed_value(model_field, getattr(obj, model_field.attname))
        if value is None:
            continue
        fresh = type(obj)._base_manager.get(pk=obj.pk)
        try:
            save_audited(
                fresh, acting_user=who, fields=[model_field.name], values={model_field.name: value}
            )
        except ValidationError:
            continue
        return str(capfirst(model_field.verbose_name))
    raise AssertionError(f"no field of {obj!r} could be changed")


def _walk(world: Any, namespace: str) -> tuple[list[str], list[str]]:
    """Open every form view of an object of ``namespace``, save a change behind it, post the
    stale form: the views checked, and what is wrong."""
    autodiscover_modules("tests.factories")
    administrator = world.client_for("administrator")
    other = world.users["coordinator"]
    checked, problems = [], []
    for name, view_class in _form_views(namespace):
        obj = OBJECT_BUILDERS[view_class.model](world.government)
        url = reverse(name, kwargs={"pk": obj.pk})
        client = (PREPARE.get(name) or (lambda world, obj: None))(world, obj) or administrator
        page = client.get(url)
        adds = getattr(view_class, "permission_action", None) == Operation.ADD
        if page.status_code != 200 and adds:
            continue  # a view that adds a row never carries a version (see below)
        if page.status_code != 200:
            problems.append(f"{name}: GET {url} answered {page.status_code}")
            continue
        form, view = page.context["form"], page.context["view"]
        found = VERSION_INPUT.search(page.content.decode())
        if found is None:
            adds_a_row = adds or (
                isinstance(form, BaseModelForm) and form.instance is not view.get_target()
            )
            if not adds_a_row:
                problems.append(f"{name}: the form edits the object but carries no version")
            continue
        target = view.versioned_object()
        label = _change_behind_the_form(target, form, other)
        after_their_change = audit.snapshot(type(target)._base_manager.get(pk=target.pk))
        response = client.post(
            url, {**_posted_data(form), concurrency.VERSION_FIELD: found.group(1)}
        )
        content = html.unescape(response.content.decode())
        if response.status_code != 409:
            problems.append(f"{name}: a stale save answered {response.status_code}")
        elif audit.snapshot(type(target)._base_manager.get(pk=target.pk)) != after_their_change:
            problems.append(f"{name}: the stale save was refused but wrote something")
        elif 'id="merge-panel-title"' not in content or label not in content:
            problems.append(f"{name}: the merge panel does not name {label}")
        else:
            checked.append(name)
    return checked, problems


@pytest.mark.parametrize("namespace", url_namespaces(_form_views()))
def test_a_stale_save_is_refused_on_every_edit_form(world, namespace):
    """For every form view of an object: the form that edits the object carries its version,
    a save after someone else's change is refused (409, nothing saved) and the merge panel
    names the changed field. A form that does not carry it must be one that adds a new row
    under the object. One request pair per view; one test per app namespace."""
    checked, problems = _walk(world, namespace)
    assert problems == [], "\n".join(problems)
    assert checked or namespace in ONLY_ADDITIONS, f"no edit form of {namespace} was checked"


# --- The walk fails on an edit view without the version --------------------------------------


class _DepartmentEditWithoutTheVersion(DepartmentUpdateView):
    """An edit page that lays its form out itself and forgets the version."""

    def render_to_response(self, context: dict[str, Any], **kwargs: Any) -> HttpResponse:
        page = engines["django"].from_string('<form method="post">{{ form.as_div }}</form>')
        return TemplateResponse(self.request, page, context, **kwargs)


class _DepartmentRename(GovernmentScopedMixin, View):
    """A view that writes on an object without a form view."""

    model = Department

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        return HttpResponse()


urlpatterns = [  # the URL configuration of the two tests below
    path(
        "broken/",
        include(
            (
                [
                    path("<int:pk>/edit/", _DepartmentEditWithoutTheVersion.as_view(), name="edit"),
                    path("<int:pk>/rename/", _DepartmentRename.as_view(), name="rename"),
                ],
                "broken",
            )
        ),
    )
]


@override_settings(ROOT_URLCONF=__name__)
def test_the_walk_fails_on_an_edit_form_without_the_version(world):
    checked, problems = _walk(world, "broken")
    assert checked == []
    assert problems == ["broken:edit: the form edits the object but carries no version"]


@override_settings(ROOT_URLCONF=__name__)
def test_the_check_fails_on_a_view_that_writes_without_a_form_view():
    assert _writers_without_the_version() == ["broken:rename"]


# --- The merge choices ----------------------------------------------------------------------


def _hidden(content: str, name: str) -> list[str]:
    return re.findall(rf'<input type="hidden" name="{re.escape(name)}" value="([^"]*)">', content)


def _open_partner_form(world: Any, **values: Any) -> tuple[Any, Any, dict[str, Any], str]:
    from lazos.partners.tests.factories import PartnerFactory

    partner = PartnerFactory.create(government=world.government, **values)
    client = world.client_for("administrator")
    url = reverse("partners:partner-edit", kwargs={"pk": partner.pk})
    page = client.get(url)
    assert page.status_code == 200
    version = _hidden(page.content.decode(), concurrency.VERSION_FIELD)
    assert len(version) == 1
    return partner, client, _posted_data(page.context["form"]), version[0]


def _someone_else_saves(world: Any, obj: Any, **values: Any) -> None:
    fresh = type(obj)._base_manager.get(pk=obj.pk)
    save_audited(fresh, acting_user=world.users["coordinator"], fields=values, values=values)


def _refused(client: Any, url: str, data: dict[str, Any]) -> str:
    response = client.post(url, data)
    assert response.status_code == 409
    return response.content.decode()


@pytest.mark.parametrize(
    ("choice", "expected"),
    [("theirs", "Theirs: twinned since 1990."), ("mine", "Mine: a port city."), ("merged", "")],
)
def test_partner_merge_keep_theirs_keep_mine_or_merged_text(world, choice, expected):
    partner, client, data, version = _open_partner_form(world, description="First text.")
    url = reverse("partners:partner-edit", kwargs={"pk": partner.pk})
    _someone_else_saves(world, partner, description="Theirs: twinned since 1990.")

    mine = {**data, "description": "Mine: a port city.", "website": "https://example.org"}
    content = _refused(client, url, {**mine, concurrency.VERSION_FIELD: version})
    partner.refresh_from_db()
    assert partner.description == "Theirs: twinned since 1990."  # nothing of mine was saved
    assert partner.website == ""
    readable = html.unescape(content)
    # Field by field: the label, their value, mine, the value read, who and when.
    assert "<legend>Description</legend>" in readable
    assert "Theirs: twinned since 1990." in readable
    assert "Mine: a port city." in readable
    assert "First text." in readable
    assert f"Changed by {world.users['coordinator'].username} on" in readable
    # Accessible: the heading takes the focus, a polite status says what happened.
    assert '<h2 id="merge-panel-title" tabindex="-1" autofocus>' in content
    assert 'role="status" aria-live="polite"' in content
    # The textarea of a merged text is prefilled with mine; "keep mine" is chosen (I changed it).
    assert re.search(
        r'<textarea name="lazos_merged-description"[^>]*>\nMine: a port city\.', content
    )
    assert 'value="mine" checked' in content
    current = _hidden(content, concurrency.VERSION_FIELD)
    assert len(current) == 1
    assert current != [version]

    again = {
        **mine,
        concurrency.VERSION_FIELD: current[0],
        "lazos_merge-description": choice,
        "lazos_theirs-description": _hidden(content, "lazos_theirs-description"),
    }
    if choice == "merged":
        expected = "Theirs: twinned since 1990.\nMine: a port city."
        again["lazos_merged-description"] = expected
    response = client.post(url, again)
    assert response.status_code == 302, response.content.decode()[:2000]
    partner.refresh_from_db()
    assert partner.description.replace("\r\n", "\n") == expected
    assert partner.website == "https://example.org"  # a field only I changed is kept either way


def test_agreement_second_editor_keeps_both_changes(world):
    """The issue's case: the first person saves a new summary, the second new objectives;
    the second is refused, and saving the panel as offered keeps both."""
    from lazos.agreements.tests.factories import AgreementFactory

    agreement = AgreementFactory.create(
        government=world.government, summary="Old summary.", objectives="Old objectives."
    )
    url = reverse("agreements:agreement-edit", kwargs={"pk": agreement.pk})
    client = world.client_for("administrator")
    page = client.get(url)
    data = _posted_data(page.context["form"])
    version = _hidden(page.content.decode(), concurrency.VERSION_FIELD)[0]

    _someone_else_saves(world, agreement, summary="New summary by the coordinator.")
    content = _refused(
        client,
        url,
        {**data, "objectives": "New objectives by me.", concurrency.VERSION_FIELD: version},
    )
    agreement.refresh_from_db()
    assert agreement.objectives == "Old objectives."
    assert "<legend>Summary</legend>" in content
    # I did not touch the summary: "keep theirs" is the choice offered.
    assert re.search(r'name="lazos_merge-summary"[^>]*value="theirs" checked', content)

    # Saved again as a browser sends the page: every input of the form, choices as offered.
    response = client.post(url, _what_a_browser_posts(content))
    assert response.status_code == 302, response.context["form"].errors
    agreement.refresh_from_db()
    assert agreement.summary == "New summary by the coordinator."
    assert agreement.objectives == "New objectives by me."


class _PostForm(HTMLParser):
    """The values a browser submits with a page's POST form (no button pressed)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, list[str]]] = []
        self.data: dict[str, list[str]] = {}
        self.inside = False
        self.textarea: str | None = None
        self.select: tuple[str, bool] | None = None
        self.options: list[tuple[str, bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key: value or "" for key, value in attrs}
        if tag == "form" and values.get("method", "").lower() == "post":
            self.inside, self.data = True, {}
            self.forms.append(self.data)
        if not self.inside or ("name" not in values and tag not in {"option"}):
            return
        name = values.get("name", "")
        kind = values.get("type", "text").lower()
        if tag == "input" and kind not in {"submit", "button", "file"}:
            if kind not in {"checkbox", "radio"} or "checked" in values:
                default = "on" if kind in {"checkbox", "radio"} else ""
                self.data.setdefault(name, []).append(values.get("value", default))
        elif tag == "textarea":
            self.textarea = name
            self.data.setdefault(name, []).append("")
        elif tag == "select":
            self.select, self.options = (name, "multiple" in values), []
        elif tag == "option" and self.select is not None:
            self.options.append((values.get("value", ""), "selected" in values))

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.data[self.textarea][-1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self.textarea is not None:
            self.data[self.textarea][-1] = self.data[self.textarea][-1].removeprefix("\n")
            self.textarea = None
        elif tag == "select" and self.select is not None:
            name, multiple = self.select
            chosen = [value for value, selected in self.options if selected]
            if not chosen and not multiple and self.options:
                chosen = [self.options[0][0]]
            self.data[name] = chosen
            self.select = None


def _what_a_browser_posts(content: str) -> dict[str, list[str]]:
    """The values of the page's form that carries the version."""
    parser = _PostForm()
    parser.feed(content)
    (form,) = [data for data in parser.forms if concurrency.VERSION_FIELD in data]
    return form


def test_a_status_change_against_an_older_version_is_refused(world):
    from lazos.agreements.tests.factories import AgreementFactory

    agreement = AgreementFactory.create(government=world.government)
    url = reverse("agreements:agreement-transition", kwargs={"pk": agreement.pk})
    client = world.client_for("administrator")
    version = _hidden(client.get(url).content.decode(), concurrency.VERSION_FIELD)[0]
    _someone_else_saves(world, agreement, title="Renamed meanwhile")
    response = client.post(url, {"to_status": "negotiation", concurrency.VERSION_FIELD: version})
    assert response.status_code == 409
    assert "Renamed meanwhile" in response.content.decode()


def test_a_form_without_the_version_is_saved_as_before(world):
    """Browsers always send it; a script or a page opened before the upgrade does not."""
    partner, client, data, _version = _open_partner_form(world, description="First text.")
    _someone_else_saves(world, partner, description="Theirs.")
    url = reverse("partners:partner-edit", kwargs={"pk": partner.pk})
    response = client.post(url, {**data, "description": "Mine."})
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.description == "Mine."


def test_an_invalid_form_keeps_the_version_it_was_read_at(world):
    partner, client, data, version = _open_partner_form(world)
    url = reverse("partners:partner-edit", kwargs={"pk": partner.pk})
    response = client.post(url, {**data, "name": "", concurrency.VERSION_FIELD: version})
    assert response.status_code == 200
    assert _hidden(response.content.decode(), concurrency.VERSION_FIELD) == [version]


def test_the_api_etag_is_the_version_the_web_form_carries(world):
    partner, _client, _data, version = _open_partner_form(world)
    assert concurrency.etag_for(partner) == f'"{version}"'
    assert not concurrency.if_match_refused(partner, f'"{version}"')
    assert not concurrency.if_match_refused(partner, None)
    assert not concurrency.if_match_refused(partner, "*")
    _someone_else_saves(world, partner, description="Changed.")
    partner.refresh_from_db()
    assert concurrency.if_match_refused(partner, f'"{version}"')


def test_two_saves_in_the_same_instant_have_different_versions(world, monkeypatch):
    """The version is a hash of the audited values, not of ``updated_at``."""
    from django.utils import timezone

    from lazos.partners.tests.factories import PartnerFactory

    partner = PartnerFactory.create(government=world.government)
    instant = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: instant)
    _someone_else_saves(world, partner, description="One.")
    first = concurrency.version_of(type(partner)._base_manager.get(pk=partner.pk))
    _someone_else_saves(world, partner, description="Two.")
    second = type(partner)._base_manager.get(pk=partner.pk)
    assert second.updated_at == instant
    assert concurrency.version_of(second) != first


def test_the_governments_profile_refuses_a_stale_save_too(world):
    """The one edit form of an existing object whose URL has no id: the current government."""
    url = reverse("governments:government-edit")
    client = world.client_for("administrator")
    page = client.get(url)
    version = _hidden(page.content.decode(), concurrency.VERSION_FIELD)
    assert len(version) == 1
    _someone_else_saves(world, world.government, population=160000)
    data = {**_posted_data(page.context["form"]), "population": "170000"}
    response = client.post(url, {**data, concurrency.VERSION_FIELD: version[0]})
    assert response.status_code == 409
    assert "<legend>Population</legend>" in response.content.decode()
    world.government.refresh_from_db()
    assert world.government.population == 160000
