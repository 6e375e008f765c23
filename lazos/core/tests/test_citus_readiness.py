"""Every table has a place in the plan for sharding by government (lazos/core/distribution.py),
and the models keep the rules Citus sets for it: a distributed table's unique constraints
include the government, its foreign keys to other distributed tables stay within one
government, reference tables point only to reference tables, and nothing distributed points to
a table kept on the coordinator. Exceptions are the ones the plan lists, each with its reason;
a new model, constraint or key outside the plan fails here."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django.db.models.expressions import F

from lazos.core.distribution import JOIN_TABLE, TABLES, Placement, Table
from lazos.core.models import TenantModel
from lazos.core.tenancy import foreign_government_errors, tenant_foreign_keys

MODELS: dict[str, type[models.Model]] = {
    m._meta.label: m for m in apps.get_models(include_auto_created=True)
}


def plan(label: str) -> Table:
    return TABLES[label]


def placed(placement: Placement) -> list[str]:
    return sorted(label for label, table in TABLES.items() if table.placement == placement)


def government_field(model: type[models.Model]) -> models.ForeignKey[Any, Any] | None:
    for field in model._meta.concrete_fields:
        if field.name == "government" and isinstance(field, models.ForeignKey):
            return field
    return None


def splittable() -> list[str]:
    """The distributed tables that already carry a government to be split by."""
    return [label for label in placed(Placement.DISTRIBUTED) if not plan(label).pending]


def foreign_keys(model: type[models.Model]) -> list[models.ForeignKey[Any, Any]]:
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.ForeignKey) and f.name != "government"
    ]


def target_label(field: models.ForeignKey[Any, Any]) -> str:
    related: Any = field.related_model
    return str(related._meta.label)


def referenced_names(expression: Any) -> set[str]:
    if isinstance(expression, F):
        return {expression.name}
    found: set[str] = set()
    for source in getattr(expression, "get_source_expressions", list)():
        if source is not None:
            found |= referenced_names(source)
    return found


def unique_sets(model: type[models.Model]) -> dict[str, set[str]]:
    """Each unique rule of ``model`` (a field, unique_together or a UniqueConstraint, by name)
    and the fields it covers; the primary key left out (the plan's composite key)."""
    found: dict[str, set[str]] = {}
    opts = model._meta
    for f in opts.concrete_fields:
        if f.unique and not f.primary_key:
            found[f.name] = {f.name}
    for together in opts.unique_together:
        found["unique_together " + ",".join(together)] = set(together)
    for constraint in opts.constraints:
        if isinstance(constraint, models.UniqueConstraint):
            names = set(constraint.fields)
            for expression in constraint.expressions:
                names |= referenced_names(expression)
            found[constraint.name] = names
    return found


def test_every_model_has_its_place_in_the_plan() -> None:
    unplaced = sorted(set(MODELS) - set(TABLES))
    stale = sorted(set(TABLES) - set(MODELS))
    assert not unplaced, f"add these to lazos/core/distribution.py TABLES: {unplaced}"
    assert not stale, f"no such models any more, remove them from TABLES: {stale}"


@pytest.mark.parametrize("label", sorted(TABLES))
def test_reference_and_local_tables_say_why(label: str) -> None:
    table = plan(label)
    if table.placement != Placement.DISTRIBUTED:
        assert table.why.strip(), f"{label} is a {table.placement}: say why"
        assert not table.pending
        assert not table.unique_without_government
        assert not table.crossing
    else:
        assert not table.why, f"{label}: a distributed table needs no reason, only exceptions"


def test_government_owned_tables_are_distributed_or_excused() -> None:
    """A table with a government column is distributed unless the plan keeps it whole, with its
    reason (token tables found before the government is known)."""
    owned = {label for label, model in MODELS.items() if government_field(model) is not None}
    kept_whole = sorted(label for label in owned if plan(label).placement != Placement.DISTRIBUTED)
    assert kept_whole == ["agenda.CalendarToken", "api.ApiToken"], kept_whole
    for label in kept_whole:
        assert plan(label).placement == Placement.LOCAL
        assert plan(label).why


@pytest.mark.parametrize("label", splittable())
def test_distributed_table_has_the_government_and_an_id(label: str) -> None:
    """The distribution column is a government that is never NULL; the primary key is the plain
    ``id`` the composite-key migration turns into (government_id, id)."""
    model = MODELS[label]
    field = government_field(model)
    assert field is not None, f"{label} has no government: distribute it or mark it pending"
    assert field.related_model is apps.get_model("governments", "Government")
    assert not field.null, f"{label}.government may be NULL: Citus refuses it"
    pk = model._meta.pk
    assert pk is not None
    assert pk.name == "id"
    assert isinstance(pk, models.AutoField | models.BigAutoField), label


@pytest.mark.parametrize(
    "label", [label for label in placed(Placement.DISTRIBUTED) if plan(label).pending]
)
def test_pending_tables_are_still_pending(label: str) -> None:
    """A pending table lacks a government it could be split by; once it has one, it is
    distributed like the rest and its entry loses the exception."""
    model = MODELS[label]
    field = government_field(model)
    assert field is None or field.null, f"{label} can be split now: drop its pending reason"
    if plan(label).pending == JOIN_TABLE:
        assert model._meta.auto_created, f"{label} is not Django's many-to-many table"


@pytest.mark.parametrize("label", splittable())
def test_unique_constraints_include_the_government(label: str) -> None:
    excused = dict(plan(label).unique_without_government)
    uniques = unique_sets(MODELS[label])
    offenders = sorted(
        name for name, names in uniques.items() if "government" not in names and name not in excused
    )
    assert not offenders, (
        f"{label}: unique without the government, which Citus cannot enforce across shards "
        f"(add the government, or list the exception with its reason): {offenders}"
    )
    stale = sorted(name for name in excused if name not in uniques or "government" in uniques[name])
    assert not stale, f"{label}: exceptions no longer needed: {stale}"
    for name in excused:
        field = MODELS[label]._meta.get_field(name)
        assert isinstance(field, models.OneToOneField), (name, "only one-to-one keys excused")
        assert field in tenant_foreign_keys(MODELS[label]), (name, "must be same-government")


@pytest.mark.parametrize("label", splittable())
def test_keys_between_distributed_tables_stay_in_one_government(label: str) -> None:
    """A foreign key to another distributed table is checked to designate a row of the same
    government (TenantModel.clean_fields, core/tenancy.py), so on Citus it is a composite key
    within one shard; the only crossings are the ones the model declares on purpose."""
    model = MODELS[label]
    checked = {f.name for f in tenant_foreign_keys(model)}
    crossing = dict(plan(label).crossing)
    assert set(crossing) == set(getattr(model, "cross_government_fields", ())), (
        f"{label}: the plan's crossings and the model's cross_government_fields differ"
    )
    for field in foreign_keys(model):
        target = plan(target_label(field))
        where = f"{label}.{field.name} -> {target_label(field)}"
        assert target.placement != Placement.LOCAL, (
            f"{where}: a distributed table cannot point to a table kept on the coordinator"
        )
        if target.placement == Placement.DISTRIBUTED and field.name not in crossing:
            assert issubclass(model, TenantModel), where
            assert field.name in checked, f"{where}: not checked to be of the same government"


@pytest.mark.parametrize("label", placed(Placement.REFERENCE))
def test_reference_tables_point_only_to_reference_tables(label: str) -> None:
    for field in foreign_keys(MODELS[label]):
        target = plan(target_label(field)).placement
        assert target == Placement.REFERENCE, (
            f"{label}.{field.name} points to a {target}: a table copied to every node "
            "cannot depend on one that is not"
        )


@pytest.mark.parametrize("label", placed(Placement.LOCAL))
def test_local_tables_do_not_point_to_distributed_tables(label: str) -> None:
    for field in foreign_keys(MODELS[label]):
        target = plan(target_label(field)).placement
        assert target != Placement.DISTRIBUTED, (
            f"{label}.{field.name}: Citus has no foreign key from a coordinator table to a "
            "distributed one"
        )


def test_a_distributed_key_to_another_government_is_refused() -> None:
    """What the plan relies on, once, without a database: an action's agreement of another
    government is refused by the model's own checks."""
    Action = apps.get_model("actions", "Action")
    Agreement = apps.get_model("agreements", "Agreement")
    agreement = Agreement(pk=1, government_id=2)
    action = Action(government_id=1, agreement=agreement)
    assert "agreement" in foreign_government_errors(action)
