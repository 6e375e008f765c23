"""Peer profiles: build them, mark them stale on audited changes, read them fresh.

A :class:`~lazos.matching.models.PeerProfile` holds what another government may know of a
government's work, read from its public data only: ``Action.objects.public()`` (title, public
summary and their translations, themes, SDG targets, modality, partners' places),
``GoodPractice.objects.published()`` and public network memberships. A private action, or the
description of a public one, never enters a profile: a profile is what other governments read.

When they are built
-------------------
* After an audited change: every audit event of a government on the models a profile is read
  from (:data:`WATCHED`) counts one more change on its profile (one ``UPDATE``, in the
  change's transaction) and, once the change commits, queues :func:`refresh_profile_job` for
  that government. Changes recorded in bulk (imports) mark the government once.
* When read stale: the peer pages build the profiles they find stale or missing (only those,
  in a fixed number of queries, see :func:`fresh_profiles`), so a page never shows a change
  older than the last audited write, even when no worker has run the job yet.
* All at once: ``lazos rebuild_peer_profiles`` (or :func:`rebuild_profiles_job`), after a
  deployment that changes :data:`~lazos.matching.models.PROFILE_FORMAT` or a bulk load that
  bypassed the services.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Count, F, QuerySet
from django.utils import timezone

from lazos.actions.models import Action
from lazos.core.content import base_language
from lazos.core.deferred import collector
from lazos.core.jobs import job
from lazos.governments.models import Government
from lazos.matching.models import PROFILE_FORMAT, PeerProfile
from lazos.matching.text import terms_with_words
from lazos.networks.directory import public_network_keys
from lazos.networks.models import NetworkMembership
from lazos.partners.models import Partner
from lazos.practices.models import GoodPractice

ACTION_PUBLIC_FIELDS = ("title", "public_summary")
PRACTICE_FIELDS = ("title", "summary", "context", "solution", "results")
# Models whose audited changes may change a government's profile (app label, model name).
WATCHED = frozenset(
    {
        ("actions", "action"),
        ("practices", "goodpractice"),
        ("networks", "network"),
        ("networks", "networkmembership"),
        ("partners", "partner"),
        ("governments", "government"),
    }
)
BUILD_CHUNK = 200  # governments built together by the rebuild

# language → (number of texts, stem → number of texts with it, norm)
Words = dict[str, tuple[int, dict[str, int], float]]
# [(kind "action" | "practice", id, title, language of the title, language → stems)]
Texts = list[tuple[str, int, str, str, dict[str, list[str]]]]


@dataclass
class Profile:
    """A profile as the engine reads it (the texts are read apart, for the governments shown)."""

    government_id: int
    facts: dict[str, Any]
    words: Words


# --- Texts ---------------------------------------------------------------------------------------


def first_language(government: Government | None) -> str:
    """The government's first official language ("en" when it has none)."""
    languages = getattr(government, "official_languages", None) or []
    return base_language(languages[0]) if languages else "en"


def texts_by_language(
    original: str,
    translations: Mapping[str, Any] | None,
    values: Mapping[str, str],
    fields: Iterable[str],
) -> dict[str, str]:
    """language → the joined text of ``fields`` in it (original and translations)."""
    fields = tuple(fields)
    found = {original: " ".join(str(values.get(name) or "") for name in fields)}
    for code, content in (translations or {}).items():
        if isinstance(content, Mapping):
            joined = " ".join(str(content.get(name) or "") for name in fields)
            if joined.strip():
                language = base_language(code)
                found[language] = f"{found.get(language, '')} {joined}".strip()
    return found


def public_texts(languages: Mapping[int, str], ids: list[int] | None = None) -> dict[int, Texts]:
    """government id → its public texts (two queries; every government when ``ids`` is None).
    ``languages`` gives each government's first language (for texts without one)."""
    wanted = list(languages) if ids is None else ids
    found: dict[int, Texts] = {pk: [] for pk in wanted}
    if not wanted:
        return found
    for kind, queryset, fields in (
        ("action", Action.objects.public(), ACTION_PUBLIC_FIELDS),
        ("practice", GoodPractice.objects.published(), PRACTICE_FIELDS),
    ):
        if ids is not None:
            queryset = queryset.filter(government_id__in=ids)
        rows = queryset.order_by("pk").values_list(
            "pk", "government_id", "language", "translations", *fields
        )
        for pk, government_id, language, translations, *values in rows.iterator(chunk_size=2000):
            if government_id not in found:
                continue
            original = base_language(language) or languages.get(government_id, "en")
            texts = texts_by_language(
                original, translations, dict(zip(fields, values, strict=True)), fields
            )
            per_language = {
                code: sorted({stem for stem, _word in terms_with_words(text, code)})
                for code, text in texts.items()
            }
            found[government_id].append(
                (kind, pk, str(values[0]), original, {k: v for k, v in per_language.items() if v})
            )
    return found


def words_of(texts: Texts) -> Words:
    """The vector of a government's public texts, per language."""
    documents: dict[str, Counter[str]] = defaultdict(Counter)
    counts: Counter[str] = Counter()
    for *_head, per_language in texts:
        for language, found in per_language.items():
            documents[language].update(found)
            counts[language] += 1
    return {
        language: (
            counts[language],
            dict(sorted(vector.items())),
            math.sqrt(sum(n * n for n in vector.values())),
        )
        for language, vector in sorted(documents.items())
    }


# --- Building ------------------------------------------------------------------------------------


def _grouped(queryset: QuerySet[Any], *fields: str) -> list[tuple[Any, ...]]:
    """(values of ``fields``…, count of distinct rows) grouped in the database."""
    return [
        tuple(row)
        for row in queryset.order_by().values_list(*fields).annotate(n=Count("pk", distinct=True))
    ]


def _counts(rows: Iterable[tuple[Any, ...]]) -> dict[int, dict[str, int]]:
    """(government, code, n) → government → {code: n}."""
    found: dict[int, dict[str, int]] = defaultdict(dict)
    for government_id, code, n in rows:
        found[government_id][str(code)] = n
    return found


def _place_counts(rows: Iterable[tuple[Any, ...]]) -> dict[int, dict[str, dict[str, int]]]:
    """(government, place, code, n) → government → {place: {code: n}}."""
    found: dict[int, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for government_id, place, code, n in rows:
        found[government_id][str(place)][str(code)] = n
    return found


def compute_profiles(ids: list[int]) -> dict[int, tuple[dict[str, Any], Words, Texts]]:
    """government id → (facts, words, texts) read from its public data. A fixed number of
    queries whatever the number of governments."""
    if not ids:
        return {}
    languages = {
        pk: first_language(government)
        for pk, government in Government.objects.filter(pk__in=ids)
        .only("id", "official_languages")
        .in_bulk()
        .items()
    }
    ids = list(languages)
    public = Action.objects.public().filter(government_id__in=ids)
    published = GoodPractice.objects.published().filter(government_id__in=ids)
    with_places = public.filter(partners__place__isnull=False)
    owner = "government_id"
    parts = {
        "action_themes": _counts(_grouped(public.filter(themes__isnull=False), owner, "themes")),
        "action_targets": _counts(
            _grouped(public.filter(sdg_targets__isnull=False), owner, "sdg_targets")
        ),
        "action_modalities": _counts(_grouped(public, owner, "modality")),
        "practice_themes": _counts(
            _grouped(published.filter(themes__isnull=False), owner, "themes")
        ),
        "practice_targets": _counts(
            _grouped(published.filter(sdg_targets__isnull=False), owner, "sdg_targets")
        ),
        "places": _counts(_grouped(with_places, owner, "partners__place")),
    }
    place_parts = {
        "place_themes": _place_counts(
            _grouped(with_places.filter(themes__isnull=False), owner, "partners__place", "themes")
        ),
        "place_targets": _place_counts(
            _grouped(
                with_places.filter(sdg_targets__isnull=False),
                owner,
                "partners__place",
                "sdg_targets",
            )
        ),
        "place_modalities": _place_counts(
            _grouped(with_places, owner, "partners__place", "modality")
        ),
    }
    networks = public_network_keys(ids)
    texts = public_texts(languages, ids)
    found = {}
    for pk in ids:
        facts: dict[str, Any] = {key: dict(values.get(pk, {})) for key, values in parts.items()}
        facts.update({key: dict(values.get(pk, {})) for key, values in place_parts.items()})
        facts["networks"] = sorted(networks.get(pk, set()))
        found[pk] = (facts, words_of(texts[pk]), texts[pk])
    return found


def build_profiles(ids: Iterable[int]) -> dict[int, Profile]:
    """Build and store the profiles of these governments; return them."""
    ids = list(dict.fromkeys(ids))
    if not ids:
        return {}
    # The changes counted before reading: a change recorded while we read leaves it stale.
    counted = dict(
        PeerProfile.objects.filter(government_id__in=ids).values_list("government_id", "changes")
    )
    computed = compute_profiles(ids)
    now = timezone.now()
    rows = [
        PeerProfile(
            government_id=pk,
            changes=counted.get(pk, 0),
            built_from=counted.get(pk, 0),
            version=PROFILE_FORMAT,
            built_at=now,
            facts=facts,
            words=words,
            texts=texts,
        )
        for pk, (facts, words, texts) in computed.items()
    ]
    PeerProfile.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["government"],
        update_fields=[
            "built_from",
            "version",
            "built_at",
            "facts",
            "words",
            "texts",
            "updated_at",
        ],
    )
    built = {}
    for row in rows:
        pk = row.government_id
        built[pk] = Profile(government_id=pk, facts=row.facts, words=row.words)
        _keep(pk, (row.built_at, row.built_from, row.version), built[pk])
    return built


def rebuild_profiles(*, chunk: int = BUILD_CHUNK) -> int:
    """Build the profile of every government again; returns how many were built."""
    ids = list(Government.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), chunk):
        with transaction.atomic():
            build_profiles(ids[start : start + chunk])
    return len(ids)


# --- Reading -------------------------------------------------------------------------------------


# Profiles as read from the database, kept by each process: government → ((built at, built
# from, format), profile). A profile is never changed in place (a build writes a new row
# version, with its own time), so one kept under the same stamp is the row as stored; the
# pages then read only the stamps of the profiles, and the contents of those built since.
_READ: dict[int, tuple[tuple[Any, int, int], Profile]] = {}


def _keep(pk: int, stamp: tuple[Any, int, int], profile: Profile) -> None:
    _READ[pk] = (stamp, profile)


def fresh_profiles(ids: Iterable[int]) -> dict[int, Profile]:
    """The profiles of these governments, built first for those stale or missing (only them):
    one query when all are fresh and were read (or built) by this process before, one more
    for the contents of those it has not read since they were last built, a fixed number
    more for those stale."""
    wanted = set(ids)
    found: dict[int, Profile] = {}
    stale: list[int] = []
    unread: list[int] = []
    rows = PeerProfile.objects.filter(government_id__in=wanted) if len(wanted) < 500 else None
    if rows is None:  # most of the instance: no long list of ids
        rows = PeerProfile.objects.all()
    for pk, changes, built_from, version, built_at in rows.values_list(
        "government_id", "changes", "built_from", "version", "built_at"
    ):
        if pk not in wanted:
            continue
        if built_from < changes or version != PROFILE_FORMAT:
            stale.append(pk)
            continue
        kept = _READ.get(pk)
        if kept is not None and kept[0] == (built_at, built_from, version):
            found[pk] = kept[1]
        else:
            unread.append(pk)
    if unread:
        for pk, built_from, version, built_at, facts, words in (
            PeerProfile.objects.filter(government_id__in=unread)
            .filter(built_from=F("changes"), version=PROFILE_FORMAT)
            .values_list("government_id", "built_from", "version", "built_at", "facts", "words")
        ):
            found[pk] = Profile(government_id=pk, facts=facts, words=words)
            _keep(pk, (built_at, built_from, version), found[pk])
    stale += [pk for pk in wanted if pk not in found and pk not in stale]
    if stale:
        found.update(build_profiles(sorted(stale)))
    return found


def texts_of(ids: Iterable[int]) -> dict[int, Texts]:
    """government id → its public texts, from the profiles (one query)."""
    ids = list(ids)
    if not ids:
        return {}
    return dict(
        PeerProfile.objects.filter(government_id__in=ids).values_list("government_id", "texts")
    )


def instance_stamp(government_id: int) -> str | None:
    """What the peer pages of a government depend on, in one query: its own register (count
    and last change of its actions, practices, partners and network memberships, its own row)
    and every profile of the instance (how many, the changes recorded, the last built). None
    when a profile is stale or missing: the page then builds it, and nothing is cached.

    Every audited change to what a profile is read from counts a change on its profile
    (:func:`on_audit_event`), and a build changes the time built, so a result cached under
    this stamp is never older than the last audited write of any government; a write that
    bypassed the services (a bulk load) to the seeker's own register changes the stamp too.
    (Written in SQL: built with the ORM, its fourteen subqueries cost more than running it.)"""
    quote = connection.ops.quote_name
    governments, profiles = quote(Government._meta.db_table), quote(PeerProfile._meta.db_table)
    own = ""
    for model in (Action, GoodPractice, Partner, NetworkMembership):
        table = quote(model._meta.db_table)  # names from the models, values as parameters
        own += f", (SELECT COUNT(*) FROM {table} WHERE government_id = %s)"  # noqa: S608
        own += f", (SELECT MAX(updated_at) FROM {table} WHERE government_id = %s)"  # noqa: S608
    sql = (
        f"SELECT (SELECT COUNT(*) FROM {governments}), COUNT(*), SUM(changes), SUM(built_from), "  # noqa: S608
        "SUM(CASE WHEN version = %s THEN 0 ELSE 1 END), MAX(built_at), "
        f"(SELECT updated_at FROM {governments} WHERE id = %s){own} FROM {profiles}"
    )
    params = [PROFILE_FORMAT, government_id, *[government_id] * 8]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    governments_n, count, changes, built_from, other_format, *_rest = row
    if count != governments_n or (changes or 0) != (built_from or 0) or other_format:
        return None
    return "|".join(str(value) for value in row)


# --- Marking stale -------------------------------------------------------------------------------


def _queue_refresh(government_id: int) -> Callable[[], None]:
    def queue() -> None:
        refresh_profile_job.enqueue(government_id)

    return queue


def _mark(ids: set[int]) -> None:
    PeerProfile.objects.filter(government_id__in=ids).update(changes=F("changes") + 1)
    for pk in sorted(ids):
        transaction.on_commit(_queue_refresh(pk))


def mark_stale(government_id: int) -> None:
    """Count one more change on the government's profile and queue its refresh after the
    commit; inside ``deferred_work()`` once per government at the end of the batch."""
    pending = collector("matching:stale-profiles", _mark)
    if pending is None:
        _mark({government_id})
    else:
        pending.add(government_id)


def on_audit_event(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    """The audit trail's ``post_save``: a change to what a profile is read from."""
    if not created or kwargs.get("raw") or not instance.government_id:
        return
    content_type = ContentType.objects.get_for_id(instance.content_type_id)
    if (content_type.app_label, content_type.model) in WATCHED:
        mark_stale(instance.government_id)


@job
def refresh_profile_job(government_id: int) -> None:
    """Build one government's profile again, when it is stale (the change's refresh)."""
    profile = PeerProfile.objects.filter(government_id=government_id).first()
    if profile is None or profile.is_stale:
        with transaction.atomic():
            build_profiles([government_id])


@job
def rebuild_profiles_job() -> int:
    """Build every government's profile again."""
    return rebuild_profiles()
