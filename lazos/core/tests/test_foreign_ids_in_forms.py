"""Walk every create and edit form of the project: another government's id posted into a
choice field is refused exactly like a missing id, and nothing of that object is shown.

For each URL whose view is a form view (``FormMixin``), the administrator of
``world.government`` opens the form; every form the view builds is recorded. Each choice field
(select, checkboxes, type-ahead) whose model is tenant-owned then gets the id of an object of
``world.other_government`` whose text fields all carry sentinels, by GET (``?field=<id>``, as
views take initial values) and by POST. The answer must not be a server error, must contain no
sentinel, the field must get the error a missing id gets, and no row may come to point at the
foreign object. Views that build a form by hand are listed in ``HAND_BUILT_FORM_VIEWS``.

So that a future form cannot slip past: a form view the walk cannot open, a model without a
builder, or a form class of the project with a tenant-owned choice field that no walked page
shows, fails the walk.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest
from django import forms
from django.db import models
from django.forms.forms import BaseForm
from django.urls import URLPattern, get_resolver, reverse
from django.utils.module_loading import autodiscover_modules
from django.views.generic.edit import FormMixin

from lazos.core.models import TenantModel
from lazos.core.testing.builders import OBJECT_BUILDERS
from lazos.core.testing.urls import walk_patterns

if TYPE_CHECKING:
    from lazos.governments.models import Government

pytestmark = pytest.mark.django_db

MISSING_ID = 987654321

# Form views that this walk does not open, each with the reason. Only views whose forms have
# no choice field of a tenant-owned model may be listed (checked below on their form class).
SKIPPED = {
    # Redirects a signed-in person; AuthenticationForm has a username and a password.
    "accounts:login": "no tenant-owned choice field",
    # Needs a one-time token from a reset email; SetPasswordForm has two password fields.
    "accounts:password-reset-confirm": "no tenant-owned choice field",
    # Two-factor sign-in: the code step needs the password step first, turning it off needs
    # an authenticator; their forms hold a password and a code only.
    "accounts:two-factor-verify": "no tenant-owned choice field",
    "accounts:two-factor-disable": "no tenant-owned choice field",
    # Superusers only (the administrator gets 403); the government itself is the tenant, its
    # form chooses a country, a subdivision and a GeoNames city (reference data).
    "governments:government-create": "no tenant-owned choice field",
}

# Views whose URL takes something else than a pk: the values to open them with.
URL_KWARGS: dict[str, list[dict[str, Any]]] = {
    "reports:report-request": [{"kind": "annual"}, {"kind": "handover"}],
}


def _mission_action(world: Any) -> Any:
    from lazos.actions.tests.factories import MissionFactory

    return MissionFactory.create(action__government=world.government).action


def _draft_update(world: Any) -> Any:
    from lazos.results.tests.factories import make_indicator, make_period, make_update

    return make_update(make_period(make_indicator(world.government)))


def _own_question(world: Any) -> Any:
    from lazos.community.tests.factories import QuestionFactory

    return QuestionFactory.create(government=world.government, author=world.users["administrator"])


def _own_answer(world: Any) -> Any:
    from lazos.community.tests.factories import AnswerFactory

    return AnswerFactory.create(question=_own_question(world), author=world.users["administrator"])


def _a_partner_governments_need(world: Any) -> Any:
    from lazos.core.testing.builders import GovernmentFactory
    from lazos.partners.tests.factories import PartnerFactory
    from lazos.solidarity.tests.factories import EmergencyFactory, NeedFactory

    # A third government, recorded as our partner (a tie), so that it stays apart from
    # world.other_government, whose objects are the foreign ones.
    affected = GovernmentFactory.create(name="Affected city", slug="affected-city", country="CL")
    PartnerFactory.create(government=world.government, name=affected.name, country="CL")
    return NeedFactory.create(emergency=EmergencyFactory.create(government=affected))


# Views the registered builder's object cannot open (a state, an author, another government's
# object), with the object that opens them.
OPENERS = {
    "actions:traveller-add": _mission_action,  # travellers belong to a mission
    "results:update-edit": _draft_update,  # a submitted update is no longer edited
    "community:question-edit": _own_question,  # only its author edits a question
    "community:answer-edit": _own_answer,  # ... and an answer
    "solidarity:offer-create": _a_partner_governments_need,  # one offers help to others
}


def form_url_patterns() -> list[tuple[str, URLPattern, Any]]:
    """Every named URL whose view is a form view (create, edit, and other form pages)."""
    found = []
    for name, pattern in walk_patterns(get_resolver().url_patterns):
        view_class = getattr(pattern.callback, "view_class", None)
        if view_class is not None and issubclass(view_class, FormMixin):
            found.append((name, pattern, view_class))
    return found


@contextmanager
def recording_forms() -> Iterator[list[BaseForm]]:
    """Every form (formset forms included) built while the block runs."""
    made: list[BaseForm] = []
    original = BaseForm.__init__

    def init(self: BaseForm, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        made.append(self)

    BaseForm.__init__ = init  # type: ignore[method-assign]
    try:
        yield made
    finally:
        BaseForm.__init__ = original  # type: ignore[method-assign]


def is_tenant_choice(field: forms.Field) -> bool:
    if not isinstance(field, forms.ModelChoiceField):
        return False
    model = getattr(field.queryset, "model", None)
    return isinstance(model, type) and issubclass(model, TenantModel)


_counter = itertools.count(1)


def foreign_object_with_sentinels(
    model: type[models.Model], government: Government
) -> tuple[Any, set]:
    """An object of ``model`` for ``government`` whose text fields all hold a unique sentinel
    (written with ``update()``, so no signal or service runs)."""
    assert model in OBJECT_BUILDERS, f"no builder registered for {model.__name__}"
    obj = OBJECT_BUILDERS[model](government)
    values = {}
    for field in model._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField) or field.choices:
            continue
        sentinel = f"Sntl{next(_counter)}{model.__name__[:6]}Zq"
        if field.max_length is not None and field.max_length < len(sentinel):
            continue
        values[field.attname] = sentinel
    model._base_manager.filter(pk=obj.pk).update(**values)
    obj.refresh_from_db()
    return obj, set(values.values())


def references_to(obj: models.Model) -> int:
    """How many rows point at ``obj`` (foreign keys and many-to-many links)."""
    total = 0
    for relation in obj._meta.related_objects:
        related: Any = relation.related_model
        total += related._base_manager.filter(**{relation.field.name: obj.pk}).count()
    return total


def post_value(field: forms.Field, value: Any) -> Any:
    """``value`` (as a bound field gives it) the way a browser posts it, or None to omit."""
    if isinstance(field, forms.FileField):
        return None
    if isinstance(field, forms.BooleanField):
        return "on" if value else None
    if value is None:
        return None
    if isinstance(value, list | tuple | set):
        return [str(getattr(item, "pk", item)) for item in value]
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(getattr(value, "pk", value))


def form_data(made: list[BaseForm]) -> dict[str, Any]:
    """The values the page's forms show, as the browser would post them back."""
    data: dict[str, Any] = {}
    for form in made:
        for bound in form:
            value = post_value(bound.field, bound.value())
            if value is not None:
                data[bound.html_name] = value
    return data


def id_value(field: forms.ModelChoiceField, obj: Any) -> str:
    return str(getattr(obj, field.to_field_name or "pk"))


def field_errors(made: list[BaseForm], form_class: type, html_name: str) -> list[str] | None:
    """The errors of the field ``html_name`` of the bound ``form_class`` form built during a
    request, or None when the view built no such form."""
    for form in made:
        if type(form) is form_class and form.is_bound:
            for name in form.fields:
                if form.add_prefix(name) == html_name:
                    return [str(message) for message in form.errors.get(name, [])]
    return None


def _sentinels_in(content: bytes, sentinels: set[str]) -> list[str]:
    text = content.decode("utf-8", errors="replace")
    return sorted(sentinel for sentinel in sentinels if sentinel in text)


def urls_to_open(name: str, pattern: URLPattern, view_class: Any, world: Any) -> list[str]:
    converters = set(pattern.pattern.converters)
    if name in URL_KWARGS:
        return [reverse(name, kwargs=kwargs) for kwargs in URL_KWARGS[name]]
    if not converters:
        return [reverse(name)]
    if name in OPENERS:
        return [reverse(name, kwargs={"pk": OPENERS[name](world).pk})]
    assert converters == {"pk"}, (
        f"{name}: the walk cannot open a URL with {sorted(converters)}; add it to URL_KWARGS"
    )
    model = getattr(view_class, "model", None)
    assert model in OBJECT_BUILDERS, f"{name}: no builder registered for {model}"
    ours = OBJECT_BUILDERS[model](world.government)
    return [reverse(name, kwargs={"pk": ours.pk})]


def _probe(
    client: Any, method: str, url: str, data: dict[str, Any], form_class: type, html_name: str
) -> tuple[Any, list[str] | None]:
    with recording_forms() as made:
        # A POST follows its redirect: the page after a save must not show the object either.
        response = client.get(url, data) if method == "get" else client.post(url, data, follow=True)
    return response, field_errors(made, form_class, html_name)


def check_field(
    client: Any,
    page_url: str,
    post_url: str,
    page_forms: list[BaseForm],
    form: BaseForm,
    name: str,
    foreign: Any,
    sentinels: set[str],
) -> list[str]:
    """Send the foreign id, then a missing one, in one field: by GET (as views take initial
    values from the query string) and by POST. The problems found."""
    problems = []
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    html_name = form.add_prefix(name)
    multiple = isinstance(field, forms.ModelMultipleChoiceField)
    for method, url in (("get", page_url), ("post", post_url)):
        label = f"{method.upper()} {url} field {html_name!r} ({type(form).__name__})"
        answers: dict[str, list[str] | None] = {}
        for kind, value in (("foreign", id_value(field, foreign)), ("missing", str(MISSING_ID))):
            data = form_data(page_forms) if method == "post" else {}
            data[html_name] = [value] if multiple else value
            before = references_to(foreign)
            response, errors = _probe(client, method, url, data, type(form), html_name)
            if response.status_code >= 500:
                problems.append(f"{label} ({kind} id): status {response.status_code}")
            leaked = _sentinels_in(response.content, sentinels)
            if leaked:
                problems.append(f"{label} ({kind} id) shows {leaked}")
            if references_to(foreign) != before:
                problems.append(f"{label}: a row now points at another government's object")
            answers[kind] = (
                None if errors is None else [message.replace(value, "<id>") for message in errors]
            )
        if answers["foreign"] is None:
            # No bound form (a page that takes no initial value, a view that redirects
            # first): only "nothing shown, nothing saved" (checked above) applies.
            continue
        if not answers["foreign"]:
            problems.append(f"{label}: another government's id is accepted")
        elif answers["foreign"] != answers["missing"]:
            problems.append(
                f"{label}: another government's id gets {answers['foreign']}, "
                f"a missing id {answers['missing']}"
            )
    return problems


def _library_mark(world: Any) -> tuple[str, str]:
    from lazos.core.testing.builders import GovernmentFactory
    from lazos.practices.tests.factories import make_practice

    practice = make_practice(GovernmentFactory.create(), published=True)
    return (
        reverse("practices:library-detail", args=[practice.pk]),
        reverse("practices:library-mark", args=[practice.pk]),
    )


def _dashboard(world: Any) -> tuple[str, str]:
    url = reverse("dashboards:activity")
    return url, url


# Views that build a form by hand (no FormMixin) with a tenant-owned choice field: the page
# that shows the form, and the URL the form is sent to.
HAND_BUILT_FORM_VIEWS = {
    "practices:library-mark": _library_mark,  # MarkForm: our action adapting a practice
    "dashboards:activity": _dashboard,  # DashboardFilterForm: a department (a GET form)
}


def tenant_choice_form_classes() -> set[type[BaseForm]]:
    """Every form class of the project whose declared or model fields include a choice of a
    tenant-owned model."""
    autodiscover_modules("forms")
    get_resolver().url_patterns  # noqa: B018 - imports every view module (and their forms)
    found = set()
    pending = list(BaseForm.__subclasses__())
    while pending:
        form_class = pending.pop()
        pending.extend(form_class.__subclasses__())
        if not form_class.__module__.startswith("lazos."):
            continue
        fields = getattr(form_class, "base_fields", {})
        if any(is_tenant_choice(field) for field in fields.values()):
            found.add(form_class)
    return found


def test_the_walk_knows_every_form_view():
    """Skipped views exist and have no tenant-owned choice field; the walk finds the forms
    known to have such fields."""
    patterns = {name: view_class for name, _pattern, view_class in form_url_patterns()}
    assert {"actions:commitment-create", "evaluations:evaluation-create"} <= set(patterns)
    for name in SKIPPED:
        assert name in patterns, f"{name} is in SKIPPED but is no form view any more"
        form_class = getattr(patterns[name], "form_class", None)
        assert form_class is not None, f"{name}: SKIPPED needs a view with a form_class"
        tenant_fields = [n for n, f in form_class.base_fields.items() if is_tenant_choice(f)]
        assert not tenant_fields, f"{name} has tenant-owned choice fields: walk it instead"


def pages_to_walk(world: Any) -> Iterator[tuple[str, str, str]]:
    """(URL name, page URL, URL the form is sent to) of every form page."""
    for name, pattern, view_class in form_url_patterns():
        if name not in SKIPPED:
            for url in urls_to_open(name, pattern, view_class, world):
                yield name, url, url
    for name, urls in HAND_BUILT_FORM_VIEWS.items():
        page_url, post_url = urls(world)
        yield name, page_url, post_url


def test_another_governments_id_in_any_form_field_is_refused_like_a_missing_one(world):
    autodiscover_modules("tests.factories")
    client = world.client_for("administrator")
    problems: list[str] = []
    exercised: set[tuple[str, str]] = set()
    exercised_classes: set[type[BaseForm]] = set()
    unopened: list[str] = []
    for name, page_url, post_url in pages_to_walk(world):
        with recording_forms() as page_forms:
            response = client.get(page_url)
        if response.status_code != 200:
            unopened.append(f"{name}: GET {page_url} answered {response.status_code}")
            continue
        seen: set[tuple[type, str]] = set()
        for form in list(page_forms):
            for field_name, field in form.fields.items():
                key = (type(form), form.add_prefix(field_name))
                if not is_tenant_choice(field) or key in seen:
                    continue
                seen.add(key)
                queryset: Any = getattr(field, "queryset", None)
                foreign, sentinels = foreign_object_with_sentinels(
                    queryset.model, world.other_government
                )
                problems += check_field(
                    client, page_url, post_url, page_forms, form, field_name, foreign, sentinels
                )
                exercised.add((name, form.add_prefix(field_name)))
                exercised_classes.add(type(form))
    assert not unopened, (
        "The walk must open every form view as the administrator (give it a builder object "
        "it can open, or list the view in SKIPPED with the reason):\n" + "\n".join(unopened)
    )
    assert ("actions:commitment-create", "action") in exercised
    assert ("evaluations:evaluation-create", "action") in exercised
    assert ("practices:library-mark", "action") in exercised
    never = sorted(c.__qualname__ for c in tenant_choice_form_classes() - exercised_classes)
    assert not never, (
        f"Forms with a tenant-owned choice field that no walked page shows: {never}. Add the "
        "view that uses them to HAND_BUILT_FORM_VIEWS (or make it a FormMixin view)."
    )
    assert not problems, "\n".join(problems)


def test_the_type_ahead_shows_only_rows_of_its_fields_queryset(world):
    """The widget finds the text of the chosen value through the field it belongs to: a row
    of another government, or a widget not bound to a model choice field, shows nothing."""
    from lazos.actions.models import Action
    from lazos.actions.tests.factories import ActionFactory
    from lazos.core.widgets import AutocompleteWidget

    ours = ActionFactory.create(government=world.government, title="Our youth exchange")
    theirs = ActionFactory.create(government=world.other_government, title="Their secret plan")

    class ChoiceForm(forms.Form):
        action = forms.ModelChoiceField(
            queryset=Action.objects.none(), widget=AutocompleteWidget("actions:action-search")
        )

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            field: Any = self.fields["action"]
            field.queryset = Action.objects.for_tenant(world.government)

    assert "Our youth exchange" in str(ChoiceForm({"action": ours.pk})["action"])
    assert "Our youth exchange" in str(ChoiceForm(initial={"action": ours})["action"])
    for value in (theirs.pk, str(theirs.pk), theirs, MISSING_ID, "not a number", ""):
        html = str(ChoiceForm({"action": value})["action"])
        assert "Their secret plan" not in html
        assert 'value=""' in html.split("data-autocomplete-input")[0].rsplit("<input", 1)[1]
    alone = AutocompleteWidget("actions:action-search")
    assert alone.get_context("action", ours.pk, {"id": "id_action"})["widget"]["display"] == ""
    named = AutocompleteWidget("actions:action-search", label_field="title")
    named.choices = ChoiceForm().fields["action"].choices  # type: ignore[attr-defined]
    assert named.label_for(ours.pk) == "Our youth exchange"
    assert named.label_for(theirs.pk) == ""


def test_a_list_filter_shows_only_the_governments_own_row(world):
    """The list filters' type-aheads (``use_autocomplete``) go through the same widget."""
    from lazos.actions.tests.factories import make_partner

    ours = make_partner(world.government, "Our partner city")
    theirs = make_partner(world.other_government, "Their secret partner")
    client = world.client_for("viewer")
    url = reverse("actions:action-list")
    assert "Our partner city" in client.get(url, {"partner": ours.pk}).content.decode()
    response = client.get(url, {"partner": theirs.pk})
    assert response.status_code == 200
    assert "Their secret partner" not in response.content.decode()
