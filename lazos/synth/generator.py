"""The synthetic network: many fictional governments with a register of proportional size,
written in bulk, for benchmarks and load tests (``lazos synth``, issue #15).

Each government gets departments, people with memberships (administrator, coordinator,
editors, viewers), tags, partners with contacts, agreements with their partners and status
changes, a strategy with objectives and objective indicators, actions (public and private,
linked to partners, themes, SDG targets, tags, objectives and agreements), missions with
travellers, budget lines, commitments, action indicators with periods and updates, the
audit history of all that (one "created" event per main object and a status change for the
actions that moved on) and its search index.

Everything is drawn from ``random.Random`` seeded with the run's seed and the government's
number, and dated from a fixed :data:`ANCHOR`, so the same seed gives the same data on any
day and any database (ids and the rows' bookkeeping times aside). The rows are written with
``bulk_create`` in batches, one transaction per government: the services write one object at
a time and would take hours for a million actions. The data is valid all the same: every
value respects the models' fields, ``clean()`` rules and constraints, and every foreign key
to a government's row points into the same government (the tests check both).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import operator
import random
import signal
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from decimal import Decimal
from typing import Any, TypeVar

from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import connection, connections, models, transaction
from django.db.models.signals import post_save
from django.utils import timezone, translation
from django.utils.text import slugify
from unidecode import unidecode

from lazos.accounts.models import User
from lazos.actions.choices import ActionStatus, CommitmentStatus, FundingSource, Modality
from lazos.actions.models import Action, BudgetLine, Commitment, Mission, Traveller
from lazos.agreements.choices import AgreementStatus, RenewalType
from lazos.agreements.models import Agreement, AgreementTransition
from lazos.core import audit
from lazos.core.models import AuditEvent, Tag
from lazos.core.single_line import normalise_instance
from lazos.core.text import single_line
from lazos.governments.choices import GovernmentKind, Role
from lazos.governments.models import RESERVED_SLUGS, Department, Government, Membership
from lazos.partners.choices import PartnerKind
from lazos.partners.models import Contact, Partner
from lazos.reference.loaders import sync_sdgs, sync_themes
from lazos.reference.models import SdgGoal, SdgTarget, Theme
from lazos.results.choices import Measure, ResultType, UpdateStatus
from lazos.results.models import Indicator, IndicatorPeriod, IndicatorUpdate
from lazos.search.indexing import INDEXED
from lazos.search.models import SearchEntry
from lazos.search.querysets import government_search_config
from lazos.strategy.choices import StrategyStatus
from lazos.strategy.models import Objective, Strategy
from lazos.synth import words

# Every date is counted from here, not from today: the same seed gives the same data any day.
ANCHOR = date(2026, 6, 30)
BATCH_SIZE = 1000
# The password of every synthetic account (hashed once per run): the benchmarks sign in.
SYNTH_PASSWORD = "lazos-synth"  # noqa: S105 - fictional accounts, refused in production
RUN_NOTE = "lazos synth"


@dataclass(frozen=True)
class Preset:
    governments: int
    actions_per_government: int
    description: str


PRESETS: dict[str, Preset] = {
    "tiny": Preset(3, 20, "3 governments × 20 actions (the tests)"),
    "small": Preset(20, 200, "20 governments × 200 actions = 4,000 actions (CI, make bench)"),
    "medium": Preset(100, 1000, "100 governments × 1,000 actions = 100,000 actions"),
    "full": Preset(500, 2000, "500 governments × 2,000 actions = 1,000,000 actions"),
}


@dataclass(frozen=True)
class Sizes:
    """How many of each object one government gets, in proportion to its actions."""

    actions: int

    @property
    def users(self) -> int:
        return min(25, 4 + self.actions // 200)

    @property
    def departments(self) -> int:
        return min(10, 5 + self.actions // 500)

    @property
    def partners(self) -> int:
        return max(4, self.actions // 10)

    @property
    def agreements(self) -> int:
        return max(2, self.actions // 40)

    @property
    def commitments(self) -> int:
        return max(2, self.actions // 5)

    @property
    def indicators(self) -> int:
        return max(1, self.actions // 4)


@dataclass
class SynthReport:
    """What a run wrote: rows by kind, governments, and the seconds spent."""

    counts: Counter[str] = field(default_factory=Counter)
    governments: list[str] = field(default_factory=list)
    seconds_writing: float = 0.0
    seconds_indexing: float = 0.0


Progress = Callable[[int, int, SynthReport], None]
M = TypeVar("M", bound=models.Model)


def ensure_reference_data() -> None:
    """The SDG goals and targets and the themes the actions link to. The migrations load
    them; a database that lacks them (emptied by a flush) gets them here, as ``lazos
    load_reference`` would."""
    if not SdgTarget.objects.exists():
        sync_sdgs(SdgGoal, SdgTarget)
    if not Theme.objects.exists():
        sync_themes(Theme)


@dataclass(frozen=True)
class GovernmentPlan:
    """Who a government is, decided before any is written (so that parallel workers agree
    on the addresses): its number in the run, language, place, kind, name and address."""

    number: int
    language: str
    city: str
    country: str
    kind: str
    name: str
    slug: str


def plan_governments(seed: int, first: int, count: int, taken: set[str]) -> list[GovernmentPlan]:
    """The governments numbered ``first`` to ``first + count - 1``, with addresses unique
    among themselves and the ``taken`` ones (the same city in the same country again gets
    "-2", "-3"…)."""
    plans = []
    taken = set(taken) | RESERVED_SLUGS
    for number in range(first, first + count):
        rng = random.Random(f"lazos-synth-plan:{seed}:{number}")  # noqa: S311 - fiction
        language = words.LANGUAGES[number % len(words.LANGUAGES)]
        cities = words.CITIES[language]
        city, countries = cities[rng.randrange(len(cities))]
        country = countries[rng.randrange(len(countries))]
        patterns = words.GOVERNMENT_NAMES[language]
        kind, pattern = patterns[rng.randrange(len(patterns))]
        base = slugify(unidecode(f"{city} {country}"))[:50]
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        plans.append(
            GovernmentPlan(number, language, city, country, kind, pattern.format(city=city), slug)
        )
    return plans


def generate(
    governments: int,
    actions_per_government: int,
    *,
    seed: int,
    progress: Progress | None = None,
    index: bool = True,
    jobs: int = 1,
) -> SynthReport:
    """Write ``governments`` new governments with ``actions_per_government`` actions each
    (and everything in proportion), one transaction per government. Governments already in
    the database stay as they are (the caller decides whether adding to them is wanted).

    ``jobs`` > 1 (PostgreSQL): that many processes write the governments side by side, each
    its share; the data is the same as with one (ids aside)."""
    ensure_reference_data()
    report = SynthReport()
    context = _RunContext.load(seed)
    plans = plan_governments(seed, Government.objects.count(), governments, context.taken_slugs)
    if jobs > 1 and connection.vendor == "postgresql" and len(plans) > 1:
        return _generate_in_parallel(context, plans, actions_per_government, index, jobs, progress)
    for done, plan in enumerate(plans, start=1):
        _write_government(context, plan, actions_per_government, index, report)
        if progress is not None:
            progress(done, governments, report)
    return report


def _write_government(
    context: _RunContext, plan: GovernmentPlan, actions: int, index: bool, report: SynthReport
) -> None:
    started = time.monotonic()
    with transaction.atomic():
        builder = _GovernmentBuilder(context, plan, actions)
        builder.build(report)
        written = time.monotonic()
        report.seconds_writing += written - started
        if index:
            report.counts["search entries"] += builder.build_search_index()
            report.seconds_indexing += time.monotonic() - written
    report.governments.append(plan.slug)


def _generate_in_parallel(
    context: _RunContext,
    plans: list[GovernmentPlan],
    actions: int,
    index: bool,
    jobs: int,
    progress: Progress | None,
) -> SynthReport:
    """Fork ``jobs`` workers, each writing every ``jobs``-th government with its own
    connection; they report each government written through a queue."""
    connections.close_all()  # each worker opens its own connection
    forked = multiprocessing.get_context("fork")
    queue: Any = forked.Queue()
    workers = [
        forked.Process(
            target=_worker, args=(context, plans[start::jobs], actions, index, queue), daemon=True
        )
        for start in range(jobs)
    ]
    for worker in workers:
        worker.start()
    report, running, done = SynthReport(), len(workers), 0
    # Stopped (a timeout's SIGTERM): the workers stop too, their current government unwritten.
    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        while running:
            kind, payload = queue.get()
            if kind == "error":
                raise RuntimeError(f"A worker of lazos synth failed:\n{payload}")
            if kind == "end":
                running -= 1
                continue
            part: SynthReport = payload
            report.counts.update(part.counts)
            report.governments += part.governments
            report.seconds_writing += part.seconds_writing
            report.seconds_indexing += part.seconds_indexing
            done += 1
            if progress is not None:
                progress(done, len(plans), report)
    finally:
        signal.signal(signal.SIGTERM, previous)
        for worker in workers:
            if worker.is_alive() and running:
                worker.terminate()
            worker.join()
    return report


def _stop(signum: int, frame: Any) -> None:
    raise SystemExit(128 + signum)


def _worker(
    context: _RunContext, plans: list[GovernmentPlan], actions: int, index: bool, queue: Any
) -> None:
    try:
        with connection.cursor() as cursor:  # as the parent's connection (each government commits)
            cursor.execute("SET synchronous_commit TO off")
        for plan in plans:
            part = SynthReport()
            _write_government(context, plan, actions, index, part)
            queue.put(("government", part))
    except BaseException:
        queue.put(("error", traceback.format_exc()))
    else:
        queue.put(("end", None))
    finally:
        connections.close_all()


def record_run(report: SynthReport, *, command_line: str) -> AuditEvent:
    """The run itself as one audit event (channel of the caller: "command" for ``lazos
    synth``), with the counts it wrote, for the instance's activity log."""
    return AuditEvent.objects.create(
        government=None,
        actor=None,
        actor_label=str(audit.current_channel().label),
        channel=audit.current_channel(),
        action=audit.AuditAction.CREATE,
        content_type=ContentType.objects.get_for_model(Government),
        object_id="synth",
        object_repr=f"Synthetic network: {len(report.governments)} governments"[:200],
        changes={kind: {"before": None, "after": n} for kind, n in sorted(report.counts.items())},
        note=command_line[:500],
    )


# --- The run's shared, read-only context -------------------------------------------------------


@dataclass(frozen=True)
class _RunContext:
    seed: int
    password: str
    themes: tuple[str, ...]
    targets_by_goal: dict[int, tuple[str, ...]]
    theme_goals: dict[str, tuple[int, ...]]
    all_targets: tuple[str, ...]
    taken_slugs: set[str]  # before the run
    content_types: dict[type[models.Model], int]

    @classmethod
    def load(cls, seed: int) -> _RunContext:
        targets_by_goal: dict[int, list[str]] = {}
        for code, number in SdgTarget.objects.values_list("code", "goal__number").order_by(
            "goal__number", "position", "code"
        ):
            targets_by_goal.setdefault(number, []).append(code)
        theme_goals = {
            code: tuple(int(goal) for goal in goals or () if int(goal) in targets_by_goal)
            for code, goals in Theme.objects.values_list("code", "sdg_goals").order_by("code")
        }
        audited = (Government, User, Membership, Partner, Agreement, Action, Commitment, Indicator)
        return cls(
            seed=seed,
            password=make_password(SYNTH_PASSWORD),
            themes=tuple(theme_goals),
            targets_by_goal={goal: tuple(codes) for goal, codes in targets_by_goal.items()},
            theme_goals=theme_goals,
            all_targets=tuple(code for codes in targets_by_goal.values() for code in codes),
            taken_slugs=set(Government.objects.values_list("slug", flat=True)),
            content_types={model: ContentType.objects.get_for_model(model).pk for model in audited},
        )


def _aware(day: date, rng: random.Random) -> datetime:
    """A time during ``day`` (office hours, UTC)."""
    return datetime.combine(day, clock(8 + rng.randrange(10), rng.randrange(60)), tzinfo=UTC)


def _messy(rng: random.Random, name: str) -> str:
    """Names as people type them: now and then without accents, in capitals, with a double
    space or a trailing acronym."""
    roll = rng.random()
    if roll < 0.08:
        return unidecode(name)
    if roll < 0.11:
        return name.upper()
    if roll < 0.13:
        return name.replace(" ", "  ", 1)
    return name


def _created(after: dict[str, Any]) -> dict[str, Any]:
    """``audit.diff(None, after)``: the values that are not None, from nothing."""
    return {
        key: {"before": None, "after": after[key]}
        for key in sorted(after)
        if after[key] is not None
    }


_DEFAULTS: dict[type[models.Model], tuple[models.Field[Any, Any], ...]] = {}


def _new(model: type[M], **values: Any) -> M:
    """``model(**values)`` for the numerous audit events, without ``Model.__init__``'s work per
    field (no model of this project listens to ``pre_init``/``post_init``): the attributes are
    set in the object's ``__dict__``, each field not given getting its default. ``values``
    name fields by their attributes (``actor_id``). A test compares it with ``model(...)``."""
    fields = _DEFAULTS.get(model)
    if fields is None:
        fields = _DEFAULTS[model] = tuple(model._meta.concrete_fields)
    obj = model.__new__(model)
    state = obj.__dict__
    state["_state"] = models.base.ModelState()
    for f in fields:
        name = f.attname
        state[name] = values.pop(name) if name in values else f.get_default()
    if values:
        raise TypeError(f"{model.__name__} has no field(s) {', '.join(values)}")
    return obj


def _insert(objects: Sequence[M]) -> list[M]:
    """Write ``objects`` (all of one model) and give them their ids: ``COPY`` on PostgreSQL
    (ids drawn from the table's sequence first), ``bulk_create`` elsewhere."""
    if not objects:
        return []
    model = type(objects[0])
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(objects, batch_size=BATCH_SIZE)
        return list(objects)
    plan = _copy_plan(model)
    with connection.cursor() as cursor:
        if any(obj.pk is None for obj in objects):
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [plan.table, plan.pk_column, len(objects)],
            )
            for obj, (new_id,) in zip(objects, cursor.fetchall(), strict=True):
                obj.pk = new_id
        _copy(cursor, plan.table, plan.columns, plan.rows(objects))
    return list(objects)


# Field classes whose value goes to the database as Python holds it (psycopg adapts str, int,
# bool, Decimal, date and datetime itself): Django's preparation of them returns the value
# unchanged. Only these exact classes: a subclass may prepare its values differently.
_AS_THEY_ARE: frozenset[type[models.Field[Any, Any]]] = frozenset(
    {
        models.AutoField,
        models.BigAutoField,
        models.SmallAutoField,
        models.IntegerField,
        models.BigIntegerField,
        models.SmallIntegerField,
        models.PositiveIntegerField,
        models.PositiveBigIntegerField,
        models.PositiveSmallIntegerField,
        models.BooleanField,
        models.CharField,
        models.SlugField,
        models.EmailField,
        models.URLField,
        models.TextField,
        models.DateField,
        models.DateTimeField,
        models.DecimalField,
    }
)


def _as_it_is(field: models.Field[Any, Any]) -> bool:
    if isinstance(field, models.ForeignKey):
        return type(field) in (models.ForeignKey, models.OneToOneField) and _as_it_is(
            field.target_field
        )
    return type(field) in _AS_THEY_ARE and not (
        getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    )


@dataclass(frozen=True)
class _CopyPlan:
    """How one model's objects become ``COPY`` rows: the columns whose values are written as
    they are read (in one C call per row), then the others, each prepared by its field as
    ``bulk_create`` would (``pre_save`` with ``add=True``, then ``get_db_prep_save``)."""

    table: str
    pk_column: str
    columns: list[str]
    plain: Callable[[dict[str, Any]], tuple[Any, ...]]
    prepared: tuple[models.Field[Any, Any], ...]
    stamped: tuple[str, ...]  # auto_now/auto_now_add fields: the time of the write

    def rows(self, objects: Iterable[models.Model]) -> Iterable[tuple[Any, ...]]:
        now = timezone.now()
        plain, prepared, stamped, alias = self.plain, self.prepared, self.stamped, connection.alias
        for obj in objects:
            normalise_instance(obj)  # no line break in a one-line field, as bulk_create does
            values = obj.__dict__
            for name in stamped:
                values[name] = now
            row = plain(values)
            if prepared:
                row += tuple(
                    field.get_db_prep_save(field.pre_save(obj, True), connection)
                    for field in prepared
                )
            obj._state.adding, obj._state.db = False, alias
            yield row + (now,) * len(stamped)


_COPY_PLANS: dict[type[models.Model], _CopyPlan] = {}


def _copy_plan(model: type[models.Model]) -> _CopyPlan:
    plan = _COPY_PLANS.get(model)
    if plan is None:
        meta = model._meta
        assert meta.pk is not None
        fields = list(meta.concrete_fields)
        stamped = [
            f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        ]
        plain = [f for f in fields if f not in stamped and _as_it_is(f)]
        prepared = [f for f in fields if f not in stamped and f not in plain]
        names = [f.attname for f in plain]
        getter = operator.itemgetter(*names)
        plan = _COPY_PLANS[model] = _CopyPlan(
            table=meta.db_table,
            pk_column=meta.pk.column,
            columns=[f.column for f in (*plain, *prepared, *stamped)],
            plain=getter if len(names) > 1 else (lambda values: (getter(values),)),
            prepared=tuple(prepared),
            stamped=tuple(f.attname for f in stamped),
        )
    return plan


def _copy(cursor: Any, table: str, columns: list[str], rows: Iterable[Sequence[Any]]) -> None:
    quote = connection.ops.quote_name
    sql = f"COPY {quote(table)} ({', '.join(quote(column) for column in columns)}) FROM STDIN"
    with cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def _column(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)
    return str(field.column)


def _link(through: type[models.Model], pairs: Iterable[tuple[Any, Any]], a: str, b: str) -> int:
    """Write the rows of a many-to-many table: ``(a_id, b_id)`` pairs, without duplicates."""
    unique = list(dict.fromkeys(pairs))
    if connection.vendor == "postgresql":
        columns = [_column(through, a), _column(through, b)]
        with connection.cursor() as cursor:
            _copy(cursor, through._meta.db_table, columns, unique)
    else:
        rows = [through(**{a: left, b: right}) for left, right in unique]
        through._default_manager.bulk_create(rows, batch_size=BATCH_SIZE * 5)
    return len(unique)


# --- One government -------------------------------------------------------------------------------


class _GovernmentBuilder:
    """Builds and writes one government's network. All draws come from one generator seeded
    with the run's seed and the government's number."""

    def __init__(self, context: _RunContext, plan: GovernmentPlan, actions: int) -> None:
        self.context = context
        self.plan = plan
        self.sizes = Sizes(actions)
        self.rng = random.Random(f"lazos-synth:{context.seed}:{plan.number}")  # noqa: S311 - fiction
        self.events: list[AuditEvent] = []
        self.government: Government
        self.language = "es"

    # Small helpers over the government's generator.

    def pick(self, items: Sequence[Any]) -> Any:
        return items[self.rng.randrange(len(items))]

    def city_elsewhere(self) -> tuple[str, str, str]:
        """A foreign place: (name, country, language)."""
        language = self.pick(words.LANGUAGES)
        name, countries = self.pick(words.CITIES[language])
        return name, self.pick(countries), language

    def topic(self) -> str:
        return str(self.pick(words.TOPICS[self.language]))

    def day_between(self, start: date, end: date) -> date:
        return start + timedelta(days=self.rng.randrange(max(1, (end - start).days)))

    def sdg_targets_for(self, theme: str, n: int) -> list[str]:
        goals = self.context.theme_goals.get(theme) or ()
        pool = (
            [code for goal in goals for code in self.context.targets_by_goal[goal]]
            if goals
            else list(self.context.all_targets)
        )
        return sorted({self.pick(pool) for _ in range(n)})

    def audit(
        self,
        instance: models.Model,
        *,
        actor: User | None,
        when: datetime,
        action: audit.AuditAction = audit.AuditAction.CREATE,
        changes: dict[str, Any] | None = None,
        links: dict[str, list[Any]] | None = None,
    ) -> None:
        """An audit event for ``instance`` (a create with its snapshot, or given changes), as
        the services would have written it when the object was made."""
        if changes is None:
            changes = _created(audit.snapshot(instance, links=links or {}))
        self.events.append(
            _new(
                AuditEvent,
                occurred_at=when,
                government_id=self.government.pk,
                actor_id=actor.pk if actor else None,
                actor_label=actor.username if actor else str(audit.current_channel().label),
                channel=audit.current_channel(),
                action=action,
                content_type_id=self.context.content_types[type(instance)],
                object_id=str(instance.pk),
                object_repr=str(instance)[:200],
                changes=changes,
                request_id=f"synth-seed-{self.context.seed}",
            )
        )

    # The steps, in the order their rows are written.

    def build(self, report: SynthReport) -> None:
        counts = report.counts
        self.build_government()
        counts["governments"] += 1
        self.build_people(counts)
        self.build_partners(counts)
        self.build_agreements(counts)
        self.build_strategy(counts)
        self.build_actions(counts)
        self.build_commitments(counts)
        self.build_indicators(counts)
        _insert(self.events)
        counts["audit events"] += len(self.events)
        # Receivers of new audit events (the portal's cache version) hear of the government
        # once, as after an import's bulk audit.
        if self.events:
            post_save.send(
                sender=AuditEvent,
                instance=self.events[0],
                created=True,
                raw=False,
                using=connection.alias,
            )

    def build_search_index(self) -> int:
        """The search entries of the government's partners, agreements and actions: one
        ``COPY`` on PostgreSQL (the table's trigger computes each vector)."""
        partners = {partner.pk: partner for partner in self.partners}
        tags = {tag.pk: tag for tag in self.tags}
        sources: list[tuple[Sequence[Any], Callable[[Any], dict[str, list[Any]]]]] = [
            (self.partners, lambda p: {"tags": [tags[t] for t in self.tags_of.get(p.pk, ())]}),
            (
                self.agreements,
                lambda a: {"partners": [partners[p] for p in self.parties[a.pk]], "tags": []},
            ),
            (
                self.actions,
                lambda a: {
                    "partners": [partners[p] for p in self.links_of[a.pk]["partners"]],
                    "tags": [tags[t] for t in self.links_of[a.pk]["tags"]],
                },
            ),
        ]
        rows = [
            row
            for objects, related in sources
            for row in _search_rows(self.government, objects, related)
        ]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                _copy(cursor, SearchEntry._meta.db_table, SEARCH_COLUMNS, rows)
        else:
            SearchEntry.objects.bulk_create(
                [SearchEntry(**dict(zip(SEARCH_COLUMNS, row, strict=True))) for row in rows],
                batch_size=BATCH_SIZE,
            )
        return len(rows)

    def build_government(self) -> None:
        rng, plan = self.rng, self.plan
        self.language = language = plan.language
        city, country, name = plan.city, plan.country, plan.name
        languages = [language, *words.EXTRA_LANGUAGES.get(country, ())[: rng.randrange(2)]]
        if country == "CA" and language == "en":
            languages = ["en", "fr"]
        self.city = city
        self.created = _aware(ANCHOR - timedelta(days=2000 + rng.randrange(1500)), rng)
        self.government = Government(
            name=name,
            slug=plan.slug,
            kind=GovernmentKind(plan.kind),
            country=country,
            population=rng.randrange(8_000, 4_000_000),
            official_languages=list(dict.fromkeys(languages)),
            currency=words.CURRENCIES.get(country, "EUR"),
            term_ends_on=date(ANCHOR.year + 1 + rng.randrange(3), 12, 31),
            portal_intro=words.SUMMARIES[language].format(
                government=name, city=city, topic=self.topic()
            ),
            is_demo=True,
            created_at=self.created,
        )
        _insert([self.government])
        self.audit(self.government, actor=None, when=self.created)

    def build_people(self, counts: Counter[str]) -> None:
        rng, language, sizes = self.rng, self.language, self.sizes
        gid = self.government.pk
        names = words.DEPARTMENTS[language][: sizes.departments]
        self.departments = _insert(
            [
                Department(
                    government_id=gid,
                    name=name,
                    acronym=acronym,
                    email=f"{slugify(unidecode(name))[:30]}@{self.government.slug}.example.org",
                    created_at=self.created,
                )
                for name, acronym in names
            ]
        )
        counts["departments"] += len(self.departments)
        self.department_ids = [department.pk for department in self.departments]

        roles = [Role.ADMINISTRATOR, Role.COORDINATOR]
        roles += [Role.EDITOR if i % 5 in (0, 2) else Role.VIEWER for i in range(sizes.users - 2)]
        users, seen = [], set()
        for i in range(len(roles)):
            person_language = language if rng.random() < 0.85 else self.pick(words.LANGUAGES)
            first = self.pick(words.FIRST_NAMES[person_language])
            last = self.pick(words.LAST_NAMES[person_language])
            handle = slugify(unidecode(f"{first} {last}")).replace("-", ".")
            if handle in seen:
                handle = f"{handle}{i}"
            seen.add(handle)
            users.append(
                User(
                    username=f"{handle}@{self.government.slug}"[:150],
                    email=f"{handle}@{self.government.slug}.example.org",
                    first_name=first,
                    last_name=last,
                    password=self.context.password,
                    preferred_language=person_language if rng.random() < 0.7 else "",
                    date_joined=self.created,
                )
            )
        self.users = _insert(users)
        self.memberships = _insert(
            [
                Membership(government_id=gid, user=user, role=role, created_at=self.created)
                for user, role in zip(self.users, roles, strict=True)
            ]
        )
        self.editor_departments: dict[int, list[int]] = {}
        pairs = []
        for membership in self.memberships:
            if membership.role == Role.EDITOR:
                chosen = sorted(rng.sample(self.department_ids, 1 + rng.randrange(2)))
                self.editor_departments[membership.user_id] = chosen
                pairs += [(membership.pk, department) for department in chosen]
        counts["memberships' departments"] += _link(
            Membership.departments.through, pairs, "membership_id", "department_id"
        )
        self.actors = [u for u, r in zip(self.users, roles, strict=True) if r != Role.VIEWER]
        for user, membership in zip(self.users, self.memberships, strict=True):
            self.audit(user, actor=None, when=self.created)
            self.audit(
                membership,
                actor=self.users[0],
                when=self.created,
                links={"departments": self.editor_departments.get(user.pk, [])},
            )
        counts["users"] += len(self.users)
        counts["memberships"] += len(self.memberships)

        labels = words.TAGS[language]
        self.tags = _insert(
            [
                Tag(government_id=gid, name=label, slug=slugify(label, allow_unicode=True))
                for label in labels
            ]
        )
        counts["tags"] += len(self.tags)

    def build_partners(self, counts: Counter[str]) -> None:
        rng, gid = self.rng, self.government.pk
        kinds = [
            (PartnerKind.LOCAL_GOVERNMENT, 45),
            (PartnerKind.CIVIL_SOCIETY, 14),
            (PartnerKind.UNIVERSITY, 12),
            (PartnerKind.CITY_NETWORK, 8),
            (PartnerKind.INTERNATIONAL_ORGANISATION, 8),
            (PartnerKind.COMPANY, 8),
            (PartnerKind.NATIONAL_GOVERNMENT, 5),
        ]
        population = [kind for kind, _weight in kinds]
        weights = [weight for _kind, weight in kinds]
        partners = []
        self.partner_cities: list[str] = []
        for i in range(self.sizes.partners):
            kind = rng.choices(population, weights)[0]
            city, country, language = self.city_elsewhere()
            if kind == PartnerKind.LOCAL_GOVERNMENT:
                _kind, pattern = self.pick(words.GOVERNMENT_NAMES[language])
                name = pattern.format(city=city)
            elif kind == PartnerKind.CITY_NETWORK:
                name, country = self.pick(words.NETWORKS), ""
            elif kind == PartnerKind.INTERNATIONAL_ORGANISATION:
                body, acronym = self.pick(words.INTERNATIONAL_BODIES)
                name, country = (
                    (f"{body} ({acronym})" if acronym and rng.random() < 0.5 else body),
                    "",
                )
            else:
                pattern = self.pick(words.PARTNER_PATTERNS[kind][language])
                surname = self.pick(words.LAST_NAMES[language])
                name = pattern.format(city=city, surname=surname)
            name = _messy(rng, name)
            domain = slugify(unidecode(name))[:40].strip("-") or "partner"
            partner = Partner(
                government_id=gid,
                name=name,
                kind=kind,
                country=country,
                website=f"https://www.{domain}.example.org/" if rng.random() < 0.6 else "",
                languages=[language] if rng.random() < 0.8 else [language, "en"],
                description=words.SUMMARIES[language].format(
                    government=name, city=city, topic=self.pick(words.TOPICS[language])
                ),
                is_active=rng.random() < 0.9,
                external_id=f"P-{i + 1:05d}" if rng.random() < 0.3 else "",
                created_at=_aware(self.day_between(self.created.date(), ANCHOR), rng),
            )
            partner.refresh_match_keys()  # as Partner.save() does; bulk_create does not call it
            partners.append(partner)
            self.partner_cities.append(city)
        self.partners = _insert(partners)
        counts["partners"] += len(self.partners)
        self.partner_ids = [partner.pk for partner in self.partners]
        contacts = []
        for partner in self.partners:
            if rng.random() < 0.5:
                language = (partner.languages or ["en"])[0]
                first = self.pick(words.FIRST_NAMES[language])
                last = self.pick(words.LAST_NAMES[language])
                handle = slugify(unidecode(f"{first}.{last}")).replace("-", ".")
                contacts.append(
                    Contact(
                        government_id=gid,
                        partner_id=partner.pk,
                        name=f"{first} {last}",
                        role="",
                        email=f"{handle}@{partner.website_domain or 'example.org'}",
                        is_primary=True,
                        created_at=partner.created_at,
                    )
                )
        counts["contacts"] += len(_insert(contacts))
        tag_pairs = [
            (partner.pk, self.pick(self.tags).pk) for partner in self.partners if rng.random() < 0.2
        ]
        counts["partners' tags"] += _link(Partner.tags.through, tag_pairs, "partner_id", "tag_id")
        self.tags_of: dict[int, list[int]] = {}
        tags_of = self.tags_of
        for partner_id, tag_id in tag_pairs:
            tags_of.setdefault(partner_id, []).append(tag_id)
        for partner in self.partners:
            self.audit(
                partner,
                actor=self.pick(self.actors),
                when=partner.created_at,
                links={"tags": tags_of.get(partner.pk, [])},
            )

    def build_agreements(self, counts: Counter[str]) -> None:
        rng, gid = self.rng, self.government.pk
        agreements, parties, transitions = [], [], []
        statuses = [
            (AgreementStatus.IN_FORCE, 40),
            (AgreementStatus.SIGNED, 10),
            (AgreementStatus.NEGOTIATION, 12),
            (AgreementStatus.DRAFT, 10),
            (AgreementStatus.EXPIRED, 15),
            (AgreementStatus.SUSPENDED, 5),
            (AgreementStatus.TERMINATED, 8),
        ]
        for i in range(self.sizes.agreements):
            status = rng.choices([s for s, _ in statuses], [w for _, w in statuses])[0]
            chosen = sorted(
                set(
                    rng.sample(
                        self.partner_ids, min(len(self.partner_ids), 1 + (rng.random() < 0.2))
                    )
                )
            )
            city = self.partner_cities[self.partner_ids.index(chosen[0])]
            kind, pattern = self.pick(words.AGREEMENT_TITLES[self.language])
            title = pattern.format(city=city, topic=self.topic(), network=self.pick(words.NETWORKS))
            created = self.day_between(self.created.date(), ANCHOR - timedelta(days=60))
            signed_on = in_force_from = valid_until = None
            if status not in (AgreementStatus.DRAFT, AgreementStatus.NEGOTIATION):
                signed_on = created + timedelta(days=30 + rng.randrange(200))
                if status != AgreementStatus.SIGNED:
                    in_force_from = signed_on + timedelta(days=rng.randrange(60))
                    years = 2 + rng.randrange(4)
                    if status == AgreementStatus.EXPIRED:
                        valid_until = min(
                            in_force_from + timedelta(days=365 * years), ANCHOR - timedelta(days=1)
                        )
                        valid_until = max(valid_until, in_force_from)
                    elif rng.random() < 0.75:
                        valid_until = max(
                            in_force_from + timedelta(days=365 * years),
                            ANCHOR + timedelta(days=rng.randrange(30, 900)),
                        )
            is_public = status in (AgreementStatus.IN_FORCE, AgreementStatus.EXPIRED) and (
                rng.random() < 0.6
            )
            agreement = Agreement(
                government_id=gid,
                title=title,
                kind=kind,
                summary=words.SUMMARIES[self.language].format(
                    government=self.government.name, city=city, topic=self.topic()
                ),
                status=status,
                status_changed_on=in_force_from or signed_on or created,
                signed_on=signed_on,
                in_force_from=in_force_from,
                valid_until=valid_until,
                renewal=self.pick(list(RenewalType)),
                notice_period_days=self.pick([None, 30, 90, 180]),
                lead_department_id=self.pick(self.department_ids),
                is_public=is_public,
                public_summary=title if is_public else "",
                external_id=f"A-{i + 1:04d}" if rng.random() < 0.3 else "",
                language=self.language if rng.random() < 0.5 else "",
                created_at=_aware(created, rng),
            )
            agreements.append(agreement)
            parties.append(chosen)
        self.agreements = _insert(agreements)
        counts["agreements"] += len(self.agreements)
        self.agreement_ids = [agreement.pk for agreement in self.agreements]
        self.parties = {a.pk: chosen for a, chosen in zip(self.agreements, parties, strict=True)}
        pairs = [
            (a.pk, p) for a, chosen in zip(self.agreements, parties, strict=True) for p in chosen
        ]
        counts["agreements' partners"] += _link(
            Agreement.partners.through, pairs, "agreement_id", "partner_id"
        )
        theme_pairs, target_pairs = [], []
        for agreement, chosen in zip(self.agreements, parties, strict=True):
            theme = self.pick(self.context.themes)
            targets = self.sdg_targets_for(theme, 1 + rng.randrange(2))
            theme_pairs.append((agreement.pk, theme))
            target_pairs += [(agreement.pk, code) for code in targets]
            actor = self.pick(self.actors)
            self.audit(
                agreement,
                actor=actor,
                when=agreement.created_at,
                links={"partners": chosen, "themes": [theme], "sdg_targets": targets},
            )
            if agreement.signed_on:
                steps = [(AgreementStatus.NEGOTIATION, AgreementStatus.SIGNED, agreement.signed_on)]
                if agreement.in_force_from:
                    steps.append(
                        (AgreementStatus.SIGNED, AgreementStatus.IN_FORCE, agreement.in_force_from)
                    )
                if agreement.status in (
                    AgreementStatus.EXPIRED,
                    AgreementStatus.SUSPENDED,
                    AgreementStatus.TERMINATED,
                ):
                    on = agreement.valid_until or self.day_between(
                        agreement.in_force_from or agreement.signed_on, ANCHOR
                    )
                    previous = (
                        AgreementStatus.IN_FORCE
                        if agreement.in_force_from
                        else AgreementStatus.SIGNED
                    )
                    steps.append((previous, AgreementStatus(agreement.status), on))
                transitions += [
                    AgreementTransition(
                        government_id=gid,
                        agreement_id=agreement.pk,
                        from_status=before,
                        to_status=after,
                        on=on,
                        actor_id=actor.pk,
                        created_at=_aware(on, rng),
                    )
                    for before, after, on in steps
                ]
        counts["agreements' themes"] += _link(
            Agreement.themes.through, theme_pairs, "agreement_id", "theme_id"
        )
        counts["agreements' SDG targets"] += _link(
            Agreement.sdg_targets.through, target_pairs, "agreement_id", "sdgtarget_id"
        )
        counts["agreement status changes"] += len(_insert(transitions))

    def build_strategy(self, counts: Counter[str]) -> None:
        rng, gid = self.rng, self.government.pk
        strategy = Strategy(
            government_id=gid,
            title=words.STRATEGY_TITLES[self.language],
            start_year=ANCHOR.year - 2,
            end_year=ANCHOR.year + 1,
            vision=words.SUMMARIES[self.language].format(
                government=self.government.name, city=self.city, topic=self.topic()
            ),
            status=StrategyStatus.APPROVED,
            approved_on=date(ANCHOR.year - 2, 3, 1),
            is_public=rng.random() < 0.7,
            created_at=self.created,
        )
        _insert([strategy])
        general = _insert(
            [
                Objective(
                    government_id=gid,
                    strategy_id=strategy.pk,
                    code=str(n),
                    title=words.OBJECTIVES[self.language].format(topic=self.topic()),
                    position=n,
                    created_at=self.created,
                )
                for n in (1, 2, 3)
            ]
        )
        specific = _insert(
            [
                Objective(
                    government_id=gid,
                    strategy_id=strategy.pk,
                    parent_id=parent.pk,
                    code=f"{parent.code}.{n}",
                    title=words.OBJECTIVES[self.language].format(topic=self.topic()),
                    position=n,
                    created_at=self.created,
                )
                for parent in general
                for n in (1, 2)
            ]
        )
        self.objective_ids = [objective.pk for objective in specific]
        self.objective_indicators = [
            Indicator(
                government_id=gid,
                objective_id=objective.pk,
                title=title.format(topic=self.topic()),
                unit=unit,
                measure=Measure.PERCENTAGE if unit == "%" else Measure.NUMBER,
                result_type=ResultType.IMPACT,
                baseline_value=Decimal(rng.randrange(0, 60)),
                baseline_year=ANCHOR.year - 2,
                created_at=self.created,
            )
            for objective in general
            for title, unit in [self.pick(words.INDICATORS[self.language])]
        ]
        counts["strategies"] += 1
        counts["objectives"] += len(general) + len(specific)

    def build_actions(self, counts: Counter[str]) -> None:
        rng, gid, language = self.rng, self.government.pk, self.language
        titles = words.ACTION_TITLES[language]
        actions, links = [], []
        for i in range(self.sizes.actions):
            modality, pattern = self.pick(titles)
            chosen = sorted(
                set(
                    rng.sample(
                        self.partner_ids, min(len(self.partner_ids), rng.choice((0, 1, 1, 1, 2, 3)))
                    )
                )
            )
            city = (
                self.partner_cities[self.partner_ids.index(chosen[0])]
                if chosen
                else self.city_elsewhere()[0]
            )
            topic = self.topic()
            title = pattern.format(topic=topic, city=city, network=self.pick(words.NETWORKS))
            start = self.day_between(self.created.date(), ANCHOR + timedelta(days=365))
            end = start + timedelta(
                days=(3 + rng.randrange(25))
                if modality in ("mission", "delegation", "event")
                else 60 + rng.randrange(900)
            )
            if end < ANCHOR:
                status = ActionStatus.CANCELLED if rng.random() < 0.06 else ActionStatus.COMPLETED
            elif start > ANCHOR:
                status = ActionStatus.IDEA if rng.random() < 0.2 else ActionStatus.PLANNED
            else:
                status = ActionStatus.ONGOING
            is_public = status != ActionStatus.IDEA and rng.random() < 0.45
            summary = words.SUMMARIES[language].format(
                government=self.government.name, city=city, topic=topic
            )
            translations = {}
            if is_public and rng.random() < 0.25:
                other = self.pick([code for code in words.LANGUAGES if code != language])
                translations[other] = {
                    "title": words.ACTION_TITLES[other][0][1].format(
                        topic=self.pick(words.TOPICS[other]), city=city, network=""
                    ),
                    "public_summary": words.SUMMARIES[other].format(
                        government=self.government.name,
                        city=city,
                        topic=self.pick(words.TOPICS[other]),
                    ),
                }
            lead = self.pick(self.department_ids)
            actions.append(
                Action(
                    government_id=gid,
                    title=_messy(rng, title) if rng.random() < 0.3 else title,
                    modality=modality,
                    status=status,
                    description=summary,
                    start_date=start if rng.random() < 0.97 else None,
                    end_date=end,
                    agreement_id=self.pick(self.agreement_ids) if rng.random() < 0.3 else None,
                    lead_department_id=lead,
                    is_public=is_public,
                    public_summary=summary if is_public else "",
                    outcomes=summary
                    if status == ActionStatus.COMPLETED and rng.random() < 0.5
                    else "",
                    location=city,
                    external_id=f"ACT-{i + 1:06d}" if rng.random() < 0.2 else "",
                    language=language if rng.random() < 0.5 else "",
                    translations=translations,
                    created_at=_aware(
                        min(start, ANCHOR) - timedelta(days=rng.randrange(10, 120)), rng
                    ),
                )
            )
            theme = self.pick(self.context.themes)
            links.append(
                {
                    "partners": chosen,
                    "themes": [theme]
                    + ([self.pick(self.context.themes)] if rng.random() < 0.2 else []),
                    "sdg_targets": self.sdg_targets_for(theme, rng.choice((1, 1, 2, 3))),
                    "tags": [self.pick(self.tags).pk] if rng.random() < 0.25 else [],
                    "departments": sorted({self.pick(self.department_ids)} - {lead})
                    if rng.random() < 0.2
                    else [],
                }
            )
        self.actions = _insert(actions)
        self.links_of = {action.pk: link for action, link in zip(self.actions, links, strict=True)}
        self.partners_of = {pk: link["partners"] for pk, link in self.links_of.items()}
        counts["actions"] += len(self.actions)
        counts["public actions"] += sum(action.is_public for action in self.actions)
        for name, through_field, target_field in (
            ("partners", "action_id", "partner_id"),
            ("themes", "action_id", "theme_id"),
            ("sdg_targets", "action_id", "sdgtarget_id"),
            ("tags", "action_id", "tag_id"),
            ("departments", "action_id", "department_id"),
        ):
            through = getattr(Action, name).through
            for link in links:
                link[name] = list(dict.fromkeys(link[name]))
            pairs = [
                (a.pk, v) for a, link in zip(self.actions, links, strict=True) for v in link[name]
            ]
            counts[f"actions' {name.replace('_', ' ')}"] += _link(
                through, pairs, through_field, target_field
            )
        objective_pairs = [
            (self.pick(self.objective_ids), action.pk)
            for action in self.actions
            if rng.random() < 0.3
        ]
        counts["objectives' actions"] += _link(
            Objective.actions.through, objective_pairs, "objective_id", "action_id"
        )

        missions, budget = [], []
        for action in self.actions:
            if action.modality in (Modality.MISSION, Modality.DELEGATION):
                missions.append(
                    Mission(
                        government_id=gid,
                        action_id=action.pk,
                        destination_text=action.location,
                        purpose=action.description,
                        cost=Decimal(rng.randrange(800, 25_000)),
                        currency=self.government.currency,
                        created_at=action.created_at,
                    )
                )
            if rng.random() < 0.5:
                budget.append(
                    BudgetLine(
                        government_id=gid,
                        action_id=action.pk,
                        source=self.pick(list(FundingSource)),
                        amount=Decimal(rng.randrange(1_000, 500_000)),
                        currency=self.government.currency,
                        in_kind=rng.random() < 0.1,
                        created_at=action.created_at,
                    )
                )
        _insert(missions)
        counts["missions"] += len(missions)
        counts["budget lines"] += len(_insert(budget))
        travellers = []
        for mission in missions:
            for _ in range(1 + rng.randrange(3)):
                first = self.pick(words.FIRST_NAMES[self.language])
                last = self.pick(words.LAST_NAMES[self.language])
                travellers.append(
                    Traveller(
                        government_id=gid,
                        mission_id=mission.pk,
                        name=f"{first} {last}",
                        department_id=self.pick(self.department_ids),
                        created_at=mission.created_at,
                    )
                )
        counts["travellers"] += len(_insert(travellers))

        for action, link in zip(self.actions, links, strict=True):
            actor = self.pick(self.actors)
            final = action.status
            moved = final not in (ActionStatus.IDEA, ActionStatus.PLANNED)
            changes = _created(audit.snapshot(action, links=link))
            if moved:  # created as planned, its status changed later
                changes["status"] = {"before": None, "after": ActionStatus.PLANNED.value}
            self.audit(action, actor=actor, when=action.created_at, changes=changes)
            if moved:
                when = action.end_date if final != ActionStatus.ONGOING else action.start_date
                self.audit(
                    action,
                    actor=actor,
                    when=_aware(min(when or ANCHOR, ANCHOR), rng),
                    action=audit.AuditAction.UPDATE,
                    changes={"status": {"before": ActionStatus.PLANNED.value, "after": final}},
                )

    def build_commitments(self, counts: Counter[str]) -> None:
        rng, gid = self.rng, self.government.pk
        commitments = []
        for _ in range(self.sizes.commitments):
            action = self.pick(self.actions) if rng.random() < 0.8 else None
            agreement_id = None if action else self.pick(self.agreement_ids)
            base = action.end_date if action and action.end_date else ANCHOR
            due = base + timedelta(days=rng.randrange(15, 120))
            status = (
                rng.choice((CommitmentStatus.DONE, CommitmentStatus.DONE, CommitmentStatus.DROPPED))
                if due < ANCHOR and rng.random() < 0.7
                else rng.choice((CommitmentStatus.OPEN, CommitmentStatus.IN_PROGRESS))
            )
            owner = self.pick(self.actors)
            commitments.append(
                Commitment(
                    government_id=gid,
                    title=self.pick(words.COMMITMENTS[self.language]).format(topic=self.topic()),
                    action_id=action.pk if action else None,
                    agreement_id=agreement_id,
                    partner_id=self.pick(partners)
                    if (partners := self.partners_of.get(action.pk if action else 0))
                    else None,
                    responsible=owner.get_full_name(),
                    responsible_user_id=owner.pk,
                    department_id=self.pick(self.department_ids),
                    due_date=due,
                    status=status,
                    completed_on=min(due, ANCHOR) if status == CommitmentStatus.DONE else None,
                    created_at=_aware(min(base, ANCHOR), rng),
                )
            )
        _insert(commitments)
        counts["commitments"] += len(commitments)
        for commitment in commitments:
            self.audit(commitment, actor=self.pick(self.actors), when=commitment.created_at)

    def build_indicators(self, counts: Counter[str]) -> None:
        rng, gid = self.rng, self.government.pk
        indicators = list(self.objective_indicators)
        for action in rng.sample(self.actions, min(len(self.actions), self.sizes.indicators)):
            title, unit = self.pick(words.INDICATORS[self.language])
            indicators.append(
                Indicator(
                    government_id=gid,
                    action_id=action.pk,
                    title=title.format(topic=self.topic()),
                    unit=unit,
                    measure=Measure.PERCENTAGE if unit == "%" else Measure.NUMBER,
                    result_type=self.pick([ResultType.OUTPUT, ResultType.OUTCOME]),
                    baseline_value=Decimal(rng.randrange(0, 50)),
                    baseline_year=(action.start_date or ANCHOR).year,
                    department_id=action.lead_department_id,
                    is_public=action.is_public and rng.random() < 0.5,
                    created_at=action.created_at,
                )
            )
        _insert(indicators)
        counts["indicators"] += len(indicators)
        periods = []
        for indicator in indicators:
            first_year = indicator.baseline_year or ANCHOR.year
            for year in (first_year, first_year + 1):
                periods.append(
                    IndicatorPeriod(
                        government_id=gid,
                        indicator_id=indicator.pk,
                        start=date(year, 1, 1),
                        end=date(year, 12, 31),
                        target_value=Decimal(rng.randrange(50, 500)),
                        created_at=indicator.created_at,
                    )
                )
        _insert(periods)
        counts["indicator periods"] += len(periods)
        reporters = self.actors
        updates = []
        for period in periods:
            if period.end >= ANCHOR and period.start > ANCHOR:
                continue
            status = (
                UpdateStatus.APPROVED
                if period.end < ANCHOR and rng.random() < 0.8
                else self.pick([UpdateStatus.DRAFT, UpdateStatus.SUBMITTED, UpdateStatus.RETURNED])
            )
            reported = _aware(min(period.end, ANCHOR), rng)
            reviewed = status in (UpdateStatus.APPROVED, UpdateStatus.RETURNED)
            updates.append(
                IndicatorUpdate(
                    government_id=gid,
                    period_id=period.pk,
                    value=Decimal(rng.randrange(0, 600)),
                    narrative=words.SUMMARIES[self.language].format(
                        government=self.government.name, city=self.city, topic=self.topic()
                    ),
                    status=status,
                    reported_by_id=self.pick(reporters).pk,
                    submitted_at=reported if status != UpdateStatus.DRAFT else None,
                    reviewed_by_id=self.users[1].pk if reviewed else None,
                    reviewed_at=reported + timedelta(days=3) if reviewed else None,
                    return_reason="…" if status == UpdateStatus.RETURNED else "",
                    created_at=reported,
                )
            )
        counts["indicator updates"] += len(_insert(updates))
        for indicator in indicators:
            self.audit(indicator, actor=self.pick(self.actors), when=indicator.created_at)


class _Listed:
    """A related manager's stand-in: ``all()`` gives the objects the builder knows."""

    __slots__ = ("items",)

    def __init__(self, items: list[Any]) -> None:
        self.items = items

    def all(self) -> list[Any]:
        return self.items


_DISPLAYS: dict[tuple[type[models.Model], str, Any, str | None], Any] = {}


class _DocumentSource:
    """An object as the search app's document builders (``INDEXED[model].build``) read it:
    its many-to-many relations are the lists the generator wrote (no query), and each
    ``get_<field>_display()`` is computed once per value and language (Django's hashes every
    lazy label of the choices at each call); everything else is the object's own."""

    __slots__ = ("_obj", "_related")

    def __init__(self, obj: models.Model, related: dict[str, list[Any]]) -> None:
        self._obj = obj
        self._related = related

    def __getattr__(self, name: str) -> Any:
        related = self._related.get(name)
        if related is not None:
            return _Listed(related)
        if name.startswith("get_") and name.endswith("_display"):
            obj = self._obj
            key = (type(obj), name, getattr(obj, name[4:-8]), translation.get_language())
            if key not in _DISPLAYS:
                _DISPLAYS[key] = getattr(obj, name)()
            label = _DISPLAYS[key]
            return lambda: label
        return getattr(self._obj, name)


class _FoldTable(dict[int, str]):
    """``str.translate`` table of :func:`lazos.search.text.fold`: each character to its
    unidecode transliteration (unidecode works character by character), filled as met."""

    def __missing__(self, code: int) -> str:
        value = self[code] = unidecode(chr(code))
        return value


_FOLD = _FoldTable()


def _fold(text: str) -> str:
    """:func:`lazos.search.text.fold` (``unidecode(text).lower().strip()``), the same result
    (a test compares them) by one ``str.translate``."""
    if text.isascii():
        return text.lower().strip()
    return text.translate(_FOLD).lower().strip()


SEARCH_COLUMNS = [
    "government_id",
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
    "created_at",
    "updated_at",
]


def _search_rows(
    government: Government,
    objects: Sequence[Partner | Agreement | Action],
    related: Callable[[Any], dict[str, list[Any]]],
) -> list[tuple[Any, ...]]:
    """The search entries of ``objects`` (all of one indexed model, of ``government``), as
    ``lazos.search.indexing`` builds them (its documents, folding, text-search language,
    addresses and one-line fields; the tests compare both), from the rows in memory instead
    of reading them back: ``related(obj)`` gives the object's partners and tags. Rows of
    :data:`SEARCH_COLUMNS`."""
    if not objects:
        return []
    model = type(objects[0])
    spec = INDEXED[model]
    content_type = ContentType.objects.get_for_model(model).pk
    config = government_search_config(government)
    languages = government.official_languages or []
    now = timezone.now()
    gid, kind = government.pk, str(spec.kind)
    # The address of each object: its model's pattern with the id in it (checked below).
    sample = objects[0]
    sample.government = government
    head, _, tail = str(sample.get_absolute_url()).partition(f"/{sample.pk}/")
    rows = []
    with translation.override(languages[0] if languages else "en"):
        for obj in objects:
            document = spec.build(_DocumentSource(obj, related(obj)))
            title = document.title[:300]
            url = f"{head}/{obj.pk}/{tail}"[:300]
            rows.append(
                (
                    gid,
                    content_type,
                    obj.pk,
                    kind,
                    single_line(title),
                    document.body,
                    single_line(_fold(title)[:400]),
                    _fold(f"{title}\n{document.body}"),
                    config,
                    single_line(url),
                    obj.updated_at,
                    obj.updated_at,
                    now,
                )
            )
        last = objects[-1]
        last.government = government
        assert rows[-1][9] == single_line(str(last.get_absolute_url())[:300]), "address pattern"
    return rows


# --- A digest of the generated data (the tests compare runs with it) ----------------------------


def digest(governments: Iterable[Government] | None = None) -> str:
    """SHA-256 of the network's content by natural keys (slugs, usernames, titles, codes and
    the order of creation), not ids or bookkeeping times: two runs with the same seed on two
    empty databases give the same digest."""
    chosen = list(governments if governments is not None else Government.objects.order_by("slug"))
    h = hashlib.sha256()

    def feed(*rows: Iterable[Any]) -> None:
        for row in rows:
            for item in row:
                h.update(repr(item).encode())
                h.update(b"\n")

    for government in chosen:
        gid = government.pk
        feed(
            [(government.slug, government.name, str(government.country), government.kind,
              government.population, government.official_languages, government.currency)],
            Department.objects.filter(government_id=gid).order_by("pk").values_list("name", "acronym"),
            Membership.objects.filter(government_id=gid).order_by("pk").values_list(
                "user__username", "user__email", "user__first_name", "user__last_name", "role"
            ),
            Membership.departments.through.objects.filter(membership__government_id=gid)
            .order_by("membership__user__username", "department__name")
            .values_list("membership__user__username", "department__name"),
            Partner.objects.filter(government_id=gid).order_by("pk").values_list(
                "name", "kind", "country", "website", "external_id", "is_active"
            ),
            Agreement.objects.filter(government_id=gid).order_by("pk").values_list(
                "title", "kind", "status", "signed_on", "in_force_from", "valid_until", "is_public"
            ),
            Agreement.partners.through.objects.filter(agreement__government_id=gid)
            .order_by("agreement_id", "partner_id")
            .values_list("agreement__title", "partner__name"),
            Action.objects.filter(government_id=gid).order_by("pk").values_list(
                "title", "modality", "status", "start_date", "end_date", "is_public",
                "public_summary", "agreement__title", "lead_department__name", "translations",
            ),
            Action.partners.through.objects.filter(action__government_id=gid)
            .order_by("action_id", "partner_id")
            .values_list("action__title", "partner__name"),
            Action.sdg_targets.through.objects.filter(action__government_id=gid)
            .order_by("action_id", "sdgtarget_id")
            .values_list("action__title", "sdgtarget_id"),
            Action.themes.through.objects.filter(action__government_id=gid)
            .order_by("action_id", "theme_id")
            .values_list("action__title", "theme_id"),
            Mission.objects.filter(government_id=gid).order_by("action_id").values_list(
                "action__title", "destination_text", "cost"
            ),
            Commitment.objects.filter(government_id=gid).order_by("pk").values_list(
                "title", "action__title", "agreement__title", "status", "due_date", "completed_on"
            ),
            Indicator.objects.filter(government_id=gid).order_by("pk").values_list(
                "title", "action__title", "objective__code", "measure", "baseline_value"
            ),
            IndicatorUpdate.objects.filter(government_id=gid).order_by("pk").values_list(
                "period__indicator__title", "period__start", "value", "status"
            ),
            AuditEvent.objects.filter(government_id=gid).order_by("pk").values_list(
                "occurred_at", "actor_label", "action", "content_type__model", "object_repr"
            ),
        )  # fmt: skip
    return h.hexdigest()
