"""``lazos synth``: sizes, determinism, valid and tenant-consistent data, refusals."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection, models, transaction
from django.db.models import F
from django.test import override_settings

from lazos.accounts.models import User
from lazos.actions.models import Action, Commitment, Mission
from lazos.agreements.models import Agreement
from lazos.core.audit import Channel, diff
from lazos.core.models import AuditEvent, TenantModel
from lazos.governments.choices import Role
from lazos.governments.models import Government, Membership
from lazos.partners.models import Partner
from lazos.results.models import Indicator, IndicatorUpdate
from lazos.search.indexing import reindex_government
from lazos.search.models import SearchEntry
from lazos.search.text import fold
from lazos.synth import generator, words
from lazos.synth.generator import (
    Sizes,
    SynthReport,
    _created,
    _fold,
    _new,
    digest,
    generate,
)
from lazos.synth.management.commands import synth as synth_command

pytestmark = pytest.mark.django_db

TINY = ["--governments", "3", "--actions-per-government", "20"]


def synth(*args: str) -> str:
    out = io.StringIO()
    call_command("synth", *args, stdout=out)
    return out.getvalue()


def generated(seed: int, governments: int = 3, actions: int = 20) -> tuple[str, SynthReport]:
    """Generate, take the digest, and roll everything back (as if on an empty database)."""
    with transaction.atomic():
        report = generate(governments, actions, seed=seed)
        result = digest()
        transaction.set_rollback(True)
    return result, report


def check_counts() -> None:
    sizes = Sizes(20)
    assert Government.objects.count() == 3
    assert Action.objects.count() == 60
    assert Partner.objects.count() == 3 * sizes.partners
    assert Agreement.objects.count() == 3 * sizes.agreements
    assert Commitment.objects.count() == 3 * sizes.commitments
    # Action indicators, and one per general objective (three per strategy).
    assert Indicator.objects.count() == 3 * (sizes.indicators + 3)
    assert User.objects.count() == Membership.objects.count() == 3 * sizes.users
    for government in Government.objects.all():
        roles = set(Membership.objects.for_tenant(government).values_list("role", flat=True))
        assert {Role.ADMINISTRATOR, Role.COORDINATOR, Role.EDITOR, Role.VIEWER} <= roles
        actions = Action.objects.for_tenant(government)
        assert actions.filter(is_public=True).exists()
        assert actions.filter(is_public=False).exists()
    assert (
        Mission.objects.count()
        == Action.objects.filter(modality__in=["mission", "delegation"]).count()
    )
    assert IndicatorUpdate.objects.exists()
    assert Action.sdg_targets.through.objects.exists()
    assert Action.themes.through.objects.exists()
    assert SearchEntry.objects.count() == (
        Action.objects.count() + Partner.objects.count() + Agreement.objects.count()
    )
    # One "created" event per main object at least, plus the run's own event.
    assert AuditEvent.objects.filter(object_id="synth").count() == 1
    assert AuditEvent.objects.filter(content_type__model="action").count() >= 60
    assert set(AuditEvent.objects.values_list("channel", flat=True)) == {Channel.COMMAND}


def test_tiny_network_has_the_expected_counts() -> None:
    out = synth(*TINY)
    check_counts()
    assert "actions: 60" in out


@pytest.mark.postgres
def test_tiny_network_on_postgresql_keeps_the_sequences_in_step() -> None:
    """COPY with ids drawn from the sequences: counts as on SQLite, and a row saved the
    ordinary way afterwards gets a fresh id."""
    synth(*TINY)
    check_counts()
    government = Government.objects.order_by("pk").first()
    assert government is not None
    partner = Partner.objects.create(government=government, name="Après", kind="other")
    assert partner.pk > max(Partner.objects.exclude(pk=partner.pk).values_list("pk", flat=True))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_processes_write_the_same_network_as_one() -> None:
    alone, _ = generated(seed=4, governments=4, actions=10)
    report = generate(4, 10, seed=4, jobs=2)
    assert report.counts["governments"] == 4
    assert digest() == alone


def test_the_run_is_one_audit_event_with_its_counts() -> None:
    synth(*TINY, "--seed", "7")
    event = AuditEvent.objects.get(object_id="synth")
    assert event.government_id is None
    assert event.channel == Channel.COMMAND
    assert event.changes["actions"] == {"before": None, "after": 60}
    assert "--seed 7" in event.note


def test_the_same_seed_gives_the_same_network() -> None:
    first, report = generated(seed=1)
    second, _ = generated(seed=1)
    assert first == second
    assert report.counts["actions"] == 60


def test_another_seed_gives_another_network() -> None:
    assert generated(seed=1)[0] != generated(seed=2)[0]


def test_names_are_in_several_languages_with_accents_and_shared_city_names() -> None:
    generate(8, 20, seed=3)
    languages = {g.official_languages[0] for g in Government.objects.all()}
    assert {"es", "pt", "fr", "en"} <= languages
    names = " ".join(Partner.objects.values_list("name", flat=True))
    assert any(char in names for char in "áéíóúãçèê")
    assert len(set(Government.objects.values_list("slug", flat=True))) == 8


def tenant_relations() -> list[tuple[type[models.Model], str]]:
    """Every (model, lookup) from a tenant model to another tenant model's row."""
    found: list[tuple[type[models.Model], str]] = []
    for model in apps.get_models():
        if not issubclass(model, TenantModel):
            continue
        for field in model._meta.get_fields():
            if (field.is_relation and field.concrete) or (
                field.many_to_many and not field.auto_created
            ):
                related = field.related_model
                if isinstance(related, type) and issubclass(related, TenantModel):
                    found.append((model, field.name))
    return found


def test_every_link_stays_inside_its_government() -> None:
    generate(3, 20, seed=1)
    checked = 0
    for model, name in tenant_relations():
        rows = model._default_manager.filter(**{f"{name}__isnull": False})
        checked += rows.count()
        # filter() joins each linked row (exclude() would ask about any of them).
        below = rows.filter(**{f"{name}__government_id__lt": F("government_id")})
        above = rows.filter(**{f"{name}__government_id__gt": F("government_id")})
        assert not below.exists(), f"{model.__name__}.{name}"
        assert not above.exists(), f"{model.__name__}.{name}"
    assert checked > 300  # the check saw the generated links, not empty tables


def test_every_generated_row_passes_full_clean() -> None:
    generate(2, 20, seed=5)
    checked: dict[str, int] = {}
    for model in apps.get_models():
        if issubclass(model, TenantModel) or model is User:
            for obj in model._default_manager.all():
                obj.full_clean()
                checked[model.__name__] = checked.get(model.__name__, 0) + 1
    for name in ("Action", "Agreement", "Partner", "Commitment", "Indicator", "Membership", "User"):
        assert checked.get(name), name


def test_the_search_index_is_what_a_rebuild_makes() -> None:
    """Every column of every entry (the vector too, on PostgreSQL) is what the search app's
    own indexing writes for the same objects, bookkeeping times aside."""
    generate(3, 20, seed=1)
    fields = [
        "content_type_id",
        "object_id",
        "kind",
        "title",
        "body",
        "folded_title",
        "folded",
        "search_config",
        "url",
        "object_updated_at",
    ]

    def entries() -> list[Any]:
        rows = sorted(SearchEntry.objects.values_list("government_id", *fields))
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT government_id, content_type_id, object_id, search_vector::text "
                    "FROM search_searchentry ORDER BY 1, 2, 3"
                )
                rows += cursor.fetchall()
        return rows

    built = entries()
    for government in Government.objects.all():
        reindex_government(government)
    assert built == entries()
    assert len(built) > 60
    # Accents and several text-search languages were among them.
    assert SearchEntry.objects.exclude(title=F("folded_title")).exists()
    assert len(set(SearchEntry.objects.values_list("search_config", flat=True))) > 1


def test_the_fast_folding_is_the_search_apps() -> None:
    texts = [
        "São Paulo",
        "  Ærøskøbing — Łódź, Straße  ",
        "ĐÀ NẴNG ½ “quoted” Ⅻ ﬁ",
        "東京 Москва العربية 🙂",
        "\tTabs\nand lines\u2028",
        "plain ascii",
        "",
    ]
    texts += [name for names in words.FIRST_NAMES.values() for name in names]
    texts += [city for cities in words.CITIES.values() for city, _countries in cities]
    for text in texts:
        assert _fold(text) == fold(text), text


AUDITED_VALUES = (
    "occurred_at",
    "government_id",
    "actor_id",
    "actor_label",
    "channel",
    "action",
    "content_type_id",
    "object_id",
    "object_repr",
    "changes",
    "request_id",
)


def test_audit_events_are_made_as_the_model_makes_them() -> None:
    """``_new`` (audit events without ``Model.__init__``) gives the object ``AuditEvent(...)``
    gives, and ``_created`` the changes ``audit.diff(None, ...)`` gives."""
    generate(1, 10, seed=3)
    events = list(AuditEvent.objects.order_by("pk"))
    assert len(events) > 30
    for event in events:
        values = {name: getattr(event, name) for name in AUDITED_VALUES}
        made, expected = _new(AuditEvent, **values), AuditEvent(**values)
        assert vars(made).keys() == vars(expected).keys()
        assert {k: v for k, v in vars(made).items() if k != "_state"} == {
            k: v for k, v in vars(expected).items() if k != "_state"
        }
        assert made._state.adding
        assert made._state.db is None
        assert made.note == ""
        assert made.pk is None
        after = {key: change["after"] for key, change in event.changes.items()}
        after["nothing"] = None
        assert _created(after) == diff(None, after)
    with pytest.raises(TypeError, match="no field"):
        _new(AuditEvent, colour="blue")


@pytest.mark.postgres
def test_copy_rows_are_what_django_prepares(monkeypatch: pytest.MonkeyPatch) -> None:
    """The values the generator writes by COPY are those ``bulk_create`` would prepare from
    the same objects, for every model it writes (the time of the write aside)."""
    written: list[tuple[Any, models.Model, tuple[Any, ...]]] = []
    rows = generator._CopyPlan.rows

    def recording(plan: Any, objects: list[models.Model]) -> Iterable[tuple[Any, ...]]:
        for obj, row in zip(objects, rows(plan, objects), strict=True):
            written.append((plan, obj, row))
            yield row

    monkeypatch.setattr(generator._CopyPlan, "rows", recording)
    generate(2, 20, seed=2)
    models_seen = set()
    for plan, obj, row in written:
        fields = {f.column: f for f in type(obj)._meta.concrete_fields}
        assert sorted(plan.columns) == sorted(fields)
        for column, value in zip(plan.columns, row, strict=True):
            field = fields[column]
            if field.attname in plan.stamped:
                assert value == getattr(obj, field.attname)
                continue
            expected = field.get_db_prep_save(field.pre_save(obj, True), connection)
            if hasattr(expected, "obj"):  # psycopg's Jsonb
                assert value.obj == expected.obj, (type(obj), column)
            else:
                assert value == expected, (type(obj), column)
        models_seen.add(type(obj))
    assert {Action, Partner, Agreement, Indicator, AuditEvent, Mission, User} <= models_seen


def test_refuses_a_database_that_holds_governments() -> None:
    synth(*TINY)
    with pytest.raises(CommandError, match="already holds 3 government"):
        synth(*TINY)
    assert Government.objects.count() == 3


def test_appends_when_asked() -> None:
    synth(*TINY)
    synth("--governments", "2", "--actions-per-government", "5", "--append")
    assert Government.objects.count() == 5
    assert Action.objects.count() == 70
    assert Government.objects.values("slug").distinct().count() == 5


@override_settings(PRODUCTION=True)
def test_refuses_a_production_configuration_without_force() -> None:
    with pytest.raises(CommandError, match="production"):
        synth(*TINY)
    assert not Government.objects.exists()
    synth("--governments", "1", "--actions-per-government", "3", "--force")
    assert Government.objects.count() == 1


def test_jobs_default_to_the_cores_only_where_workers_can_write() -> None:
    """One process on SQLite, inside a transaction (the tests'), or for one government;
    on PostgreSQL outside a transaction, one per core, at most four."""
    default = synth_command.default_jobs
    assert default(10, vendor="postgresql", in_transaction=False, cores=8) == 4
    assert default(10, vendor="postgresql", in_transaction=False, cores=2) == 2
    assert default(10, vendor="postgresql", in_transaction=False, cores=None) == 1
    assert default(1, vendor="postgresql", in_transaction=False, cores=8) == 1
    assert default(10, vendor="postgresql", in_transaction=True, cores=8) == 1
    assert default(10, vendor="sqlite", in_transaction=False, cores=8) == 1
    # The command in a test's transaction writes with one process, whatever the database.
    assert "processes" not in synth(*TINY).splitlines()[0]


def test_refuses_sizes_below_one() -> None:
    with pytest.raises(CommandError, match="at least 1"):
        synth("--governments", "0")
