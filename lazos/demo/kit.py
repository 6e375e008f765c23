"""The demo kit: what an app uses to add its part to ``lazos demo``.

An app adds demo content with a step in its ``demo.py``: a function registered with
``@demo_step(order=…)`` runs for each demo government (after its departments and accounts
exist), one registered with ``@demo_instance_step(order=…)`` runs once, after every demo
government has had its steps. The loader (``lazos.demo.builders.load_demo``) imports every
app's ``demo`` module (``autodiscover_modules``) and runs the steps by their order.

A step's words and figures live in YAML files under ``<app>/demo_data/``, declared with
:class:`DataFile` and checked against their shape when loaded (a malformed file is refused
with its path and the place of the fault). The Python keeps the logic: dates counted from
:func:`anchor` or :func:`today`, choices drawn from :func:`seeded_random`, calls to the
services. Steps are idempotent (every object is looked up by a natural key first, so a second
run creates nothing) and write through the services (audited; channel "command" when run by
``lazos demo``).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TypeVar

import yaml
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from lazos.accounts.models import User
from lazos.core import audit
from lazos.governments import services as government_services
from lazos.governments.choices import GovernmentKind, Role
from lazos.governments.models import Department, Government, Membership
from lazos.reference.models import City, Subdivision

DEMO_PASSWORD = "lazos-demo"  # noqa: S105 - documented demo password, refused in production
DATA_DIR = "demo_data"  # an app's demo data files: <app>/demo_data/<name>.yaml


@dataclass
class DemoReport:
    """What a run of the demo created, one line per object (empty when nothing changed)."""

    created: list[str] = field(default_factory=list)

    def add(self, what: str) -> None:
        self.created.append(what)


# --- Steps -----------------------------------------------------------------------------------

GovernmentStep = Callable[[Government, DemoReport], None]
InstanceStep = Callable[[DemoReport], None]
GovernmentStepT = TypeVar("GovernmentStepT", bound=GovernmentStep)
InstanceStepT = TypeVar("InstanceStepT", bound=InstanceStep)

_government_steps: dict[int, GovernmentStep] = {}
_instance_steps: dict[int, InstanceStep] = {}


def _name(step: Callable[..., Any]) -> str:
    return f"{step.__module__}.{step.__qualname__}"


def _register(registry: dict[int, Any], order: int, step: Callable[..., Any], kind: str) -> None:
    name = _name(step)
    current = registry.get(order)
    if current is not None and _name(current) != name:
        raise ImproperlyConfigured(
            f"Two demo {kind} steps ask for order {order}: {_name(current)} and {name}."
        )
    for other_order, other in registry.items():
        if other_order != order and _name(other) == name:
            raise ImproperlyConfigured(
                f"The demo {kind} step {name} is registered twice "
                f"(orders {other_order} and {order})."
            )
    registry[order] = step


def demo_step(*, order: int) -> Callable[[GovernmentStepT], GovernmentStepT]:
    """Register a step run for every demo government, in ``order`` (lowest first)."""

    def register(step: GovernmentStepT) -> GovernmentStepT:
        _register(_government_steps, order, step, "government")
        return step

    return register


def demo_instance_step(*, order: int) -> Callable[[InstanceStepT], InstanceStepT]:
    """Register a step run once across governments, after every government's steps."""

    def register(step: InstanceStepT) -> InstanceStepT:
        _register(_instance_steps, order, step, "instance")
        return step

    return register


def government_steps() -> list[GovernmentStep]:
    """The registered per-government steps, in their order."""
    return [step for _order, step in sorted(_government_steps.items())]


def instance_steps() -> list[InstanceStep]:
    """The registered steps across governments, in their order."""
    return [step for _order, step in sorted(_instance_steps.items())]


# --- Dates and chance ------------------------------------------------------------------------


def today() -> date:
    return timezone.localdate()


def anchor() -> date:
    """The first day of the current month: dates counted from it keep what is "expiring" or
    "dormant" so whatever day of the month the demo is loaded."""
    return today().replace(day=1)


def seeded_random(purpose: str, government: Government) -> random.Random:
    """A random generator seeded with the purpose and the government's slug: the same
    choices at every run."""
    return random.Random(f"lazos-demo-{purpose}:{government.slug}")  # noqa: S311 - demo data


# --- People and governments ------------------------------------------------------------------


def ensure_user(username: str, first_name: str, last_name: str, report: DemoReport) -> User:
    """The demo account ``username`` (password :data:`DEMO_PASSWORD`), created if missing."""
    UserModel = get_user_model()
    user = UserModel.objects.filter(username=username).first()
    if user is None:
        user = UserModel(
            username=username,
            first_name=first_name,
            last_name=last_name,
            email=f"{username}@demo.lazos.invalid",
        )
        user.set_password(DEMO_PASSWORD)
        with audit.recording(user, actor=None):
            user.save()
        report.add(f"user {username}")
    return user


def ensure_user_of(spec: Mapping[str, Any], report: DemoReport) -> User:
    """The demo account of ``spec`` (a user of a data file, :data:`USER_SHAPE`)."""
    return ensure_user(spec["username"], spec["first_name"], spec["last_name"], report)


def ensure_government(spec: Mapping[str, Any], report: DemoReport) -> Government:
    """The demo government of ``spec`` (:data:`GOVERNMENT_SHAPE`), found by its slug or
    created (without its departments)."""
    government = Government.objects.filter(slug=spec["slug"]).first()
    if government is None:
        place_name = spec.get("place", "")
        place = (
            City.objects.filter(country=spec["country"], name__icontains=place_name).first()
            if place_name
            else None
        )
        government = government_services.create_government(
            acting_user=None,
            is_demo=True,
            name=spec["name"],
            slug=spec["slug"],
            kind=spec["kind"],
            country=spec["country"],
            subdivision=Subdivision.objects.filter(code=spec["subdivision"]).first(),
            place=place,
            population=spec["population"],
            official_languages=spec["official_languages"],
            currency=spec["currency"],
            term_ends_on=(
                timezone.localdate() + timedelta(days=spec["term_ends_in_days"])
                if "term_ends_in_days" in spec
                else None
            ),
        )
        report.add(f"government {government.slug}")
    return government


def ensure_department(
    government: Government, name: str, acronym: str, description: str, report: DemoReport
) -> Department:
    """The government's department called ``name``, created if missing."""
    department = Department.objects.for_tenant(government).filter(name=name).first()
    if department is None:
        department = government_services.create_department(
            government,
            acting_user=None,
            name=name,
            acronym=acronym,
            description=description,
            email="",
            is_active=True,
        )
        report.add(f"department {name}")
    return department


def ensure_department_of(
    government: Government, spec: Mapping[str, Any], report: DemoReport
) -> Department:
    """The government's department of ``spec`` (a department of a data file)."""
    return ensure_department(government, spec["name"], spec["acronym"], spec["description"], report)


def ensure_membership(
    government: Government,
    user: User,
    role: str,
    departments: Iterable[Department],
    report: DemoReport,
) -> Membership:
    """The user's membership of the government, added with ``role`` if missing (an existing
    one is left as it is)."""
    membership = Membership.objects.for_tenant(government).filter(user=user).first()
    if membership is None:
        membership = government_services.add_member(
            government, acting_user=None, user=user, role=role, departments=list(departments)
        )
        report.add(f"membership {user.username} in {government.slug}")
    return membership


def member(government: Government, username: str) -> User | None:
    """The account ``username`` if it is a member of the government."""
    membership = (
        Membership.objects.for_tenant(government)
        .filter(user__username=username)
        .select_related("user")
        .first()
    )
    return membership.user if membership else None


# --- Data files ------------------------------------------------------------------------------


class DemoDataError(ImproperlyConfigured):
    """A demo data file is missing, is not YAML or does not have the shape its step expects."""


@dataclass(frozen=True)
class Nullable:
    """A value of ``shape``, or nothing (``null`` or ``~`` in YAML)."""

    shape: Any


@dataclass(frozen=True)
class Choice:
    """One of the given texts (the values of a choices class)."""

    values: tuple[str, ...]

    def __init__(self, values: Iterable[str]) -> None:
        object.__setattr__(self, "values", tuple(str(value) for value in values))


@dataclass(frozen=True)
class Each:
    """A mapping whose keys are free (languages, slugs, codes), each value of ``shape``; with
    ``keys``, the keys must be among them."""

    shape: Any
    keys: tuple[str, ...] | None = None


# A shape says what a data file holds: ``str``, ``int``, ``float`` (a whole number is fine
# too), ``bool``, ``date`` (YYYY-MM-DD), ``Any``; ``[shape]`` a list of items of that shape;
# ``(shape, shape, …)`` a list of exactly that many items; ``{"key": shape, "other?": shape}``
# a mapping with exactly those keys ("?" marks a key that may be left out); ``Each(shape)``;
# ``Nullable(shape)``; ``Choice(values)``.
_TYPE_NAMES: dict[Any, str] = {
    str: "a text",
    int: "a whole number",
    float: "a number",
    bool: "true or false",
    date: "a date (YYYY-MM-DD)",
}


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (write it in quotes if it is a text)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def _at(where: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{where}[{key}]"
    return f"{where}.{key}" if where else key


def _fault(where: str, problem: str) -> str:
    return f"{where or 'top level'}: {problem}"


def _check(value: Any, shape: Any, where: str = "") -> list[str]:
    """The faults of ``value`` against ``shape``, each with its place (a dotted path of keys
    and list indexes)."""
    if shape is Any:
        return []
    if isinstance(shape, Nullable):
        return [] if value is None else _check(value, shape.shape, where)
    if isinstance(shape, Choice):
        if isinstance(value, str) and value in shape.values:
            return []
        return [_fault(where, f"{_describe(value)} is not one of {', '.join(shape.values)}")]
    if isinstance(shape, type) and shape in _TYPE_NAMES:
        if shape is float:
            ok = isinstance(value, int | float) and not isinstance(value, bool)
        elif shape is int:
            ok = isinstance(value, int) and not isinstance(value, bool)
        else:
            ok = isinstance(value, shape)
        return (
            []
            if ok
            else [_fault(where, f"expected {_TYPE_NAMES[shape]}, found {_describe(value)}")]
        )
    if isinstance(shape, list):
        if not isinstance(value, list):
            return [_fault(where, f"expected a list, found {_describe(value)}")]
        return [
            fault
            for index, item in enumerate(value)
            for fault in _check(item, shape[0], _at(where, index))
        ]
    if isinstance(shape, tuple):
        if not isinstance(value, list) or len(value) != len(shape):
            return [
                _fault(where, f"expected a list of {len(shape)} items, found {_describe(value)}")
            ]
        return [
            fault
            for index, (item, item_shape) in enumerate(zip(value, shape, strict=True))
            for fault in _check(item, item_shape, _at(where, index))
        ]
    if not isinstance(value, dict):
        return [_fault(where, f"expected a mapping, found {_describe(value)}")]
    faults: list[str] = []
    if isinstance(shape, Each):
        for key, item in value.items():
            if shape.keys is not None and key not in shape.keys:
                faults.append(
                    _fault(where, f"unexpected key {key!r} (one of {', '.join(shape.keys)})")
                )
            faults += _check(item, shape.shape, _at(where, str(key)))
        return faults
    if not isinstance(shape, dict):
        raise TypeError(f"Not a demo data shape: {shape!r}")
    for key, item_shape in shape.items():
        name = key.removesuffix("?")
        if name in value:
            faults += _check(value[name], item_shape, _at(where, name))
        elif not key.endswith("?"):
            faults.append(_fault(where, f"missing key {name!r}"))
    known = {key.removesuffix("?") for key in shape}
    faults += [_fault(where, f"unexpected key {key!r}") for key in value if key not in known]
    return faults


@dataclass(frozen=True)
class DataFile:
    """A demo data file of an app, ``<app>/demo_data/<name>.yaml``, and the shape its step
    expects. Declared at the top of the app's ``demo.py``; read when the step runs."""

    app_label: str
    name: str
    shape: Any

    @property
    def path(self) -> Path:
        return Path(apps.get_app_config(self.app_label).path) / DATA_DIR / f"{self.name}.yaml"

    @property
    def display_path(self) -> str:
        """The path from the project's package, as an error message shows it."""
        package = apps.get_app_config(self.app_label).name.replace(".", "/")
        return f"{package}/{DATA_DIR}/{self.name}.yaml"

    def load(self) -> Any:
        """The file's content, checked against its shape (a :class:`DemoDataError` names the
        file and every fault)."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except OSError as error:
            raise DemoDataError(
                f"Demo data file {self.display_path} cannot be read: {error.strerror}."
            ) from error
        try:
            data = yaml.load(text, Loader=yaml.CSafeLoader)  # libyaml: PyYAML wheels ship it
        except yaml.YAMLError as error:
            raise DemoDataError(
                f"Demo data file {self.display_path} is not valid YAML: {error}"
            ) from error
        faults = _check(data, self.shape)
        if faults:
            listed = "\n".join(f"  {fault}" for fault in faults[:20])
            more = f"\n  … and {len(faults) - 20} more" if len(faults) > 20 else ""
            raise DemoDataError(
                f"Demo data file {self.display_path} does not have the expected shape:\n"
                f"{listed}{more}"
            )
        return data


# --- Shapes shared by the demo's own data files ----------------------------------------------

USER_SHAPE = {"username": str, "first_name": str, "last_name": str, "role": Choice(Role.values)}
DEPARTMENT_SHAPE = {"name": str, "acronym": str, "description": str}
GOVERNMENT_SHAPE = {
    "slug": str,
    "name": str,
    "kind": Choice(GovernmentKind.values),
    "country": str,
    "subdivision": str,
    "place?": str,  # looked up among the GeoNames cities of the country (name contains it)
    "population": int,
    "official_languages": [str],
    "currency": str,
    "term_ends_in_days?": int,  # the present term ends this many days after the demo is loaded
    "departments": [DEPARTMENT_SHAPE],
}
