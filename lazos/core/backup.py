"""Backups that restore: one archive holding the database and the uploaded files, and its proof.

``lazos backup PATH`` writes a ZIP archive:

- ``data/<app_label>.<model>.jsonl``: every row of every table, one JSON object a line, in a
  canonical form (keys sorted, rows in primary-key order compared byte by byte, full
  microseconds), read in one consistent snapshot (PostgreSQL: one REPEATABLE READ, READ ONLY
  transaction; SQLite: one read transaction). The form does not depend on the database
  engine: content types and permissions, whose ids each instance numbers itself, are named by
  their natural keys wherever they appear; every other row keeps its primary key.
  Many-to-many links are the rows of their own tables.
- ``media/<name>``: every file of the default storage (``MEDIA_ROOT``).
- ``manifest.json``: what the archive holds and how to check it (:class:`Manifest`). A table's
  checksum is the SHA-256 of its data file, which *is* the canonical serialisation, so the
  restore can compute it again from the restored database and compare.

``lazos restore PATH`` checks the archive against its manifest, refuses a database that is not
empty or whose migrations differ from the archive's, then in one transaction loads the rows,
resets the sequences, computes every table's count and checksum again from the database, puts
the files back and checks them, and records one audit event. Any failure rolls the database
back and removes the files it wrote: the instance stays empty.

What an empty instance may hold: what ``migrate`` writes. Content types and permissions are
matched by natural key (the archive's are added where missing). The tables of
:data:`REFERENCE_APPS` (SDGs, themes, subdivisions, and the GeoNames cities when they were
loaded) are *replaced* by the archive's rows, so the restored instance has the same ids and the
same reference data as the original. Signed-in sessions are not kept (:data:`EXCLUDED_MODELS`).
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import logging
import os
import tempfile
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any, cast
from zipfile import ZIP_DEFLATED, BadZipFile, ZipFile

import django
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.cache import cache
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.jsonl import Serializer as JsonlSerializer
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.db.models.functions import Collate
from django.utils import timezone

from lazos import __version__
from lazos.core import audit
from lazos.core.models import AuditEvent

FORMAT = "lazos-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA_DIR = "data"
MEDIA_DIR = "media"

# Rows that each instance numbers itself and that are named by their natural key instead:
# migrate creates them; the restore matches the archive's to the instance's, adding any missing.
NATURAL_MODELS: tuple[type[models.Model], ...] = (ContentType, Permission)
# Apps whose tables migrations (and ``lazos load_reference``) fill: the restore replaces their
# rows with the archive's, keeping the archive's ids.
REFERENCE_APPS = frozenset({"reference"})
# Tables left out of the archive, and why (the operator reads this in the manifest).
EXCLUDED_MODELS = {
    "sessions.session": "signed-in sessions are not kept: after a restore everyone signs in again",
}

CHUNK = 2000
COPY_BUFFER = 1024 * 1024


logger = logging.getLogger(__name__)


class BackupError(Exception):
    """Why a backup or a restore was refused or failed, in words for the operator."""


# --- Which tables, in which order --------------------------------------------------------------


def backed_up_models() -> list[type[models.Model]]:
    """Every table the archive holds: content types and permissions first (other rows name
    them), then every concrete model, many-to-many tables included, by label."""
    found = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.label_lower not in EXCLUDED_MODELS
        and model not in NATURAL_MODELS
    ]
    return [*NATURAL_MODELS, *sorted(found, key=lambda m: m._meta.label_lower)]


def is_reference(model: type[models.Model]) -> bool:
    return model._meta.app_label in REFERENCE_APPS


def data_name(model: type[models.Model]) -> str:
    return f"{DATA_DIR}/{model._meta.label_lower}.jsonl"


def _binary_collation(connection: BaseDatabaseWrapper) -> str:
    return "C" if connection.vendor == "postgresql" else "BINARY"


def _ordering(model: type[models.Model], connection: BaseDatabaseWrapper) -> list[Any]:
    """Rows in an order every engine agrees on: text compared byte by byte, not by locale."""
    text = _binary_collation(connection)
    if model is ContentType:
        return [Collate(models.F(name), text) for name in ("app_label", "model")]
    if model is Permission:
        names = ("content_type__app_label", "content_type__model", "codename")
        return [Collate(models.F(name), text) for name in names]
    pk = model._meta.pk
    assert pk is not None
    # A one-to-one key has the type of the key it points to.
    compared = pk.target_field if isinstance(pk, models.ForeignKey) else pk
    if isinstance(compared, models.CharField | models.TextField):
        return [Collate(models.F(pk.attname), text)]
    return [pk.attname]


# --- The canonical serialisation ---------------------------------------------------------------


class CanonicalEncoder(DjangoJSONEncoder):
    """Django's encoder, but times keep their microseconds (Django's keeps milliseconds)."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime):
            if timezone.is_aware(o):
                o = o.astimezone(datetime.UTC)
            return o.isoformat()
        if isinstance(o, datetime.time):
            return o.isoformat()
        return super().default(o)


class CanonicalSerializer(JsonlSerializer):
    """One JSON object a line, keys sorted; natural keys only for :data:`NATURAL_MODELS`;
    many-to-many links left to their own tables."""

    natural_keys: dict[type[models.Model], dict[Any, Any]]

    def handle_fk_field(self, obj: models.Model, field: Any) -> None:
        related = field.remote_field.model
        if related in NATURAL_MODELS:
            value = getattr(obj, field.attname)
            assert self._current is not None
            self._current[field.name] = None if value is None else self.natural_keys[related][value]
            return
        self.use_natural_foreign_keys = False
        super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj: models.Model, field: Any) -> None:
        return  # the link table is backed up as a table of its own

    def end_object(self, obj: models.Model) -> None:
        self.stream.write(json.dumps(self.get_dump_object(obj), **self.json_kwargs) + "\n")
        self._current = None


def _natural_keys(using: str) -> dict[type[models.Model], dict[Any, Any]]:
    """The natural key of every content type and permission, by id (two small tables)."""
    types = {ct.pk: list(ct.natural_key()) for ct in ContentType.objects.using(using).all()}
    permissions = {
        pk: [codename, *types[content_type_id]]
        for pk, codename, content_type_id in Permission.objects.using(using).values_list(
            "pk", "codename", "content_type_id"
        )
    }
    return {ContentType: types, Permission: permissions}


class _HashingWriter:
    """A text sink that counts lines and hashes what it is given, passing the bytes on."""

    def __init__(self, out: IO[bytes] | None) -> None:
        self.out = out
        self.digest = hashlib.sha256()
        self.rows = 0

    def write(self, text: str) -> int:
        data = text.encode()
        self.digest.update(data)
        self.rows += text.count("\n")
        if self.out is not None:
            self.out.write(data)
        return len(text)


def serialise_table(
    model: type[models.Model],
    *,
    using: str,
    natural_keys: dict[type[models.Model], dict[Any, Any]],
    out: IO[bytes] | None = None,
    on_row: Callable[[models.Model], None] | None = None,
    queryset: models.QuerySet[Any] | None = None,
) -> tuple[int, str]:
    """Write ``model``'s rows (or those of ``queryset``) in canonical form to ``out`` (if
    given); their count and SHA-256."""
    connection = connections[using]
    if queryset is None:
        queryset = model._base_manager.using(using).all()
    rows: Iterable[models.Model] = queryset.order_by(*_ordering(model, connection)).iterator(
        chunk_size=CHUNK
    )
    if on_row is not None:
        rows = _tap(rows, on_row)
    sink = _HashingWriter(out)
    serializer = CanonicalSerializer()
    serializer.natural_keys = natural_keys
    serializer.serialize(
        rows,
        stream=cast(IO[str], sink),
        use_natural_primary_keys=model in NATURAL_MODELS,
        cls=CanonicalEncoder,
        sort_keys=True,
        ensure_ascii=False,
    )
    return sink.rows, sink.digest.hexdigest()


def _tap(rows: Iterable[models.Model], on_row: Callable[[models.Model], None]) -> Iterator[Any]:
    for row in rows:
        on_row(row)
        yield row


# --- The manifest ------------------------------------------------------------------------------


@dataclass
class TableEntry:
    model: str
    table: str
    file: str
    rows: int
    sha256: str


@dataclass
class FileEntry:
    path: str
    size: int
    sha256: str


@dataclass
class Manifest:
    """What an archive holds. Its checksums prove, after a restore, that every table reads
    back row for row as it was written (same count, same canonical bytes) and every file byte
    for byte; the migration state says which code the rows belong to."""

    backup_id: str
    created_at: str
    lazos_version: str
    django_version: str
    engine: str
    migrations: dict[str, list[str]]
    tables: list[TableEntry]
    files: list[FileEntry]
    excluded: dict[str, str] = field(default_factory=dict)
    missing_files: list[str] = field(default_factory=list)
    format: str = FORMAT
    format_version: int = FORMAT_VERSION

    def to_json(self) -> str:
        body = {
            "format": self.format,
            "format_version": self.format_version,
            "backup_id": self.backup_id,
            "created_at": self.created_at,
            "lazos_version": self.lazos_version,
            "django_version": self.django_version,
            "engine": self.engine,
            "migrations": self.migrations,
            "excluded": self.excluded,
            "tables": [vars(t) for t in self.tables],
            "files": [vars(f) for f in self.files],
            "missing_files": self.missing_files,
        }
        return json.dumps(body, indent=1, ensure_ascii=False, sort_keys=False) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        try:
            body = json.loads(text)
            if body.get("format") != FORMAT:
                raise BackupError(
                    "This is not a Lazos backup (its manifest names no Lazos format)."
                )
            if body.get("format_version") != FORMAT_VERSION:
                raise BackupError(
                    f"This backup has format version {body.get('format_version')}; this Lazos "
                    f"reads version {FORMAT_VERSION}. Restore it with the Lazos version that made "
                    f"it ({body.get('lazos_version')})."
                )
            return cls(
                backup_id=body["backup_id"],
                created_at=body["created_at"],
                lazos_version=body["lazos_version"],
                django_version=body["django_version"],
                engine=body["engine"],
                migrations={k: list(v) for k, v in body["migrations"].items()},
                tables=[TableEntry(**t) for t in body["tables"]],
                files=[FileEntry(**f) for f in body["files"]],
                excluded=dict(body.get("excluded", {})),
                missing_files=list(body.get("missing_files", [])),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise BackupError(f"The manifest of this backup cannot be read: {error!r}.") from error


def migration_state(using: str) -> dict[str, list[str]]:
    """The migrations applied to the database, per app, sorted."""
    applied = MigrationRecorder(connections[using]).applied_migrations()
    state: dict[str, list[str]] = {}
    for app_label, name in applied:
        state.setdefault(app_label, []).append(name)
    return {app: sorted(names) for app, names in sorted(state.items())}


# --- Media -------------------------------------------------------------------------------------


def storage_files(storage: Storage, directory: str = "") -> Iterator[str]:
    """Every file name of ``storage``, depth first, sorted (a missing root holds nothing)."""
    try:
        directories, files = storage.listdir(directory)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in sorted(files):
        yield f"{directory}/{name}" if directory else name
    for sub in sorted(directories):
        yield from storage_files(storage, f"{directory}/{sub}" if directory else sub)


def _file_fields(model: type[models.Model]) -> list[models.FileField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


def _safe_member(name: str, prefix: str) -> str:
    """The storage name of archive member ``prefix/name``; refuses paths that climb out."""
    relative = name[len(prefix) + 1 :]
    path = PurePosixPath(relative)
    if not relative or path.is_absolute() or ".." in path.parts or "\\" in relative:
        raise BackupError(f"The archive holds a file with an unsafe name: {name!r}.")
    return relative


# --- Backup ------------------------------------------------------------------------------------


@contextmanager
def snapshot(using: str) -> Iterator[None]:
    """One consistent read of the whole database.

    PostgreSQL: a REPEATABLE READ, READ ONLY transaction sees the database as it was at its
    first query. SQLite: a deferred transaction holds one read snapshot (the project's
    connections begin IMMEDIATE transactions, which would keep writers waiting for the whole
    backup). Inside a transaction already (tests), its snapshot is used.
    """
    connection = connections[using]
    if connection.in_atomic_block:
        yield
        return
    if connection.vendor == "postgresql":
        with transaction.atomic(using=using):
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
        return
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("BEGIN DEFERRED")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("ROLLBACK")


@dataclass
class BackupResult:
    path: Path
    manifest: Manifest


def create_backup(
    path: Path,
    *,
    using: str = DEFAULT_DB_ALIAS,
    storage: Storage | None = None,
    progress: Callable[[str], None] | None = None,
) -> BackupResult:
    """Write the archive to ``path`` (refused if it exists), readable by its owner only.

    The archive is written under a temporary name in the same folder and renamed when
    complete, so ``path`` is either a whole archive or absent.
    """
    storage = storage or default_storage
    path = Path(path)
    if path.exists():
        raise BackupError(
            f"{path} already exists: choose a new name (backups are never overwritten)."
        )
    if not path.parent.is_dir():
        raise BackupError(f"The folder {path.parent} does not exist.")
    media_root = Path(settings.MEDIA_ROOT).resolve()
    if path.resolve().is_relative_to(media_root):
        raise BackupError(
            f"{path} is inside MEDIA_ROOT ({media_root}): the backup would hold itself, and "
            "anyone who can read uploads could read it. Write it elsewhere."
        )
    say = progress or (lambda _message: None)
    connection = connections[using]
    handle, temporary = tempfile.mkstemp(
        prefix=f".{path.name}.", suffix=".partial", dir=path.parent
    )
    os.close(handle)
    os.chmod(temporary, 0o600)
    try:
        with ZipFile(temporary, "w", compression=ZIP_DEFLATED, allowZip64=True) as archive:
            referenced: set[str] = set()
            with snapshot(using):
                created_at = timezone.now()
                natural_keys = _natural_keys(using)
                tables = []
                for model in backed_up_models():
                    file_fields = _file_fields(model)

                    def note_files(
                        row: models.Model, fields: list[models.FileField] = file_fields
                    ) -> None:
                        for file_field in fields:
                            name = getattr(row, file_field.attname).name
                            if name:
                                referenced.add(str(name))

                    with archive.open(data_name(model), "w", force_zip64=True) as out:
                        rows, digest = serialise_table(
                            model,
                            using=using,
                            natural_keys=natural_keys,
                            out=out,
                            on_row=note_files if file_fields else None,
                        )
                    tables.append(
                        TableEntry(
                            model=model._meta.label_lower,
                            table=model._meta.db_table,
                            file=data_name(model),
                            rows=rows,
                            sha256=digest,
                        )
                    )
                    say(f"{model._meta.label_lower}: {rows} rows")
                migrations = migration_state(using)
            files = []
            for name in storage_files(storage):
                digest_of = hashlib.sha256()
                size = 0
                with (
                    storage.open(name, "rb") as source,
                    archive.open(f"{MEDIA_DIR}/{name}", "w", force_zip64=True) as out,
                ):
                    while chunk := source.read(COPY_BUFFER):
                        digest_of.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
                files.append(FileEntry(path=name, size=size, sha256=digest_of.hexdigest()))
            say(f"{len(files)} uploaded files")
            present = {f.path for f in files}
            manifest = Manifest(
                backup_id=str(uuid.uuid4()),
                created_at=created_at.isoformat(),
                lazos_version=__version__,
                django_version=django.get_version(),
                engine=connection.vendor,
                migrations=migrations,
                tables=tables,
                files=files,
                excluded=dict(EXCLUDED_MODELS),
                missing_files=sorted(referenced - present),
            )
            archive.writestr(MANIFEST, manifest.to_json())
        with open(temporary, "rb") as written:
            os.fsync(written.fileno())
        os.replace(temporary, path)
        logger.info(
            "Backup %s written to %s: %d rows in %d tables, %d files.",
            manifest.backup_id,
            path,
            sum(t.rows for t in manifest.tables),
            len(manifest.tables),
            len(manifest.files),
        )
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    return BackupResult(path=path, manifest=manifest)


# --- Restore -----------------------------------------------------------------------------------


def read_manifest(archive: ZipFile) -> Manifest:
    try:
        text = archive.read(MANIFEST).decode()
    except KeyError as error:
        raise BackupError("This archive has no manifest.json: it is not a Lazos backup.") from error
    return Manifest.from_json(text)


def open_archive(path: Path) -> ZipFile:
    try:
        return ZipFile(path)
    except FileNotFoundError as error:
        raise BackupError(f"{path} does not exist.") from error
    except (BadZipFile, OSError) as error:
        raise BackupError(f"{path} is not a readable backup archive: {error}.") from error


def check_migrations(manifest: Manifest, *, using: str) -> None:
    """Refuse when the database is not migrated to the code, or the archive's migrations
    differ from the database's: name each app and whether the archive is ahead or behind."""
    connection = connections[using]
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        pending = sorted({f"{m.app_label}.{m.name}" for m, _backwards in plan})
        raise BackupError(
            f"This database is not migrated ({len(pending)} migrations to apply, e.g. "
            f"{', '.join(pending[:3])}): run `lazos migrate` first."
        )
    here = migration_state(using)
    problems = []
    for app in sorted(set(here) | set(manifest.migrations)):
        ours, theirs = set(here.get(app, [])), set(manifest.migrations.get(app, []))
        if theirs - ours:
            problems.append(
                f"{app}: the archive is ahead, it has migrations this code does not "
                f"({', '.join(sorted(theirs - ours))})"
            )
        if ours - theirs:
            problems.append(
                f"{app}: the archive is behind, it lacks migrations this code has "
                f"({', '.join(sorted(ours - theirs))})"
            )
    if problems:
        raise BackupError(
            f"The archive was made with another version of Lazos ({manifest.lazos_version}; "
            f"this is {__version__}) and its migrations differ:\n  - "
            + "\n  - ".join(problems)
            + "\nRestore it with the version that made it (then upgrade and migrate), or "
            "upgrade this installation to it."
        )


def check_archive(archive: ZipFile, manifest: Manifest) -> None:
    """Every data file and uploaded file is present, complete and has its checksum; nothing
    else is in the archive."""
    expected = {t.file: (t.rows, t.sha256, t.model) for t in manifest.tables}
    expected_files = {f"{MEDIA_DIR}/{f.path}": f for f in manifest.files}
    names = set(archive.namelist()) - {MANIFEST}
    unknown = sorted(names - set(expected) - set(expected_files))
    if unknown:
        raise BackupError(
            f"The archive holds files its manifest does not list: {', '.join(unknown[:5])}."
        )
    problems = []
    for name, (rows, sha, model) in expected.items():
        if name not in names:
            problems.append(f"table {model}: its data file {name} is missing")
            continue
        digest, lines = _digest_member(archive, name)
        if digest != sha:
            problems.append(f"table {model}: its data does not match its checksum")
        elif lines != rows:
            problems.append(f"table {model}: {lines} rows where the manifest says {rows}")
    for name, entry in expected_files.items():
        _safe_member(name, MEDIA_DIR)
        if name not in names:
            problems.append(f"file {entry.path}: missing from the archive")
            continue
        digest, _lines = _digest_member(archive, name)
        if digest != entry.sha256:
            problems.append(f"file {entry.path}: its content does not match its checksum")
    if problems:
        raise BackupError(
            "The archive is damaged; nothing was restored:\n  - " + "\n  - ".join(problems)
        )


def _digest_member(archive: ZipFile, name: str) -> tuple[str, int]:
    digest = hashlib.sha256()
    lines = 0
    try:
        with archive.open(name) as member:
            while chunk := member.read(COPY_BUFFER):
                digest.update(chunk)
                lines += chunk.count(b"\n")
    except (BadZipFile, OSError) as error:  # a CRC error or a truncated member
        raise BackupError(
            f"The archive is damaged; nothing was restored: {name}: {error}."
        ) from error
    return digest.hexdigest(), lines


def what_is_here(*, using: str, storage: Storage) -> list[str]:
    """What makes this instance not empty: the tables with rows (beyond what migrate writes)
    and the uploaded files."""
    found = []
    for model in backed_up_models():
        if model in NATURAL_MODELS or is_reference(model):
            continue
        count = model._base_manager.using(using).count()
        if count:
            found.append(f"{model._meta.label_lower} ({count} rows)")
    files = []
    for name in storage_files(storage):
        files.append(name)
        if len(files) > 3:
            break
    if files:
        found.append(f"uploaded files ({', '.join(files[:3])}{', …' if len(files) > 3 else ''})")
    return found


@dataclass
class RestoreResult:
    manifest: Manifest
    rows: int
    files: int
    event: AuditEvent


def restore_backup(
    path: Path,
    *,
    using: str = DEFAULT_DB_ALIAS,
    storage: Storage | None = None,
    progress: Callable[[str], None] | None = None,
) -> RestoreResult:
    """Load the archive at ``path`` into this empty instance and prove it came back whole."""
    storage = storage or default_storage
    say = progress or (lambda _message: None)
    with open_archive(Path(path)) as archive:
        manifest = read_manifest(archive)
        check_migrations(manifest, using=using)
        check_archive(archive, manifest)
        say("The archive is whole: every checksum matches its manifest.")
        present = what_is_here(using=using, storage=storage)
        if present:
            shown = present[:8] + ([f"and {len(present) - 8} more"] if len(present) > 8 else [])
            raise BackupError(
                "This instance is not empty, so nothing was restored. It holds: "
                + "; ".join(shown)
                + ". Restore into a new, migrated database and an empty MEDIA_ROOT."
            )
        written: list[str] = []
        # Content types come back with the archive's ids: what this process cached of the old
        # ones is wrong from now on (and again if the restore rolls back).
        transaction.on_commit(ContentType.objects.clear_cache, using=using)
        try:
            with transaction.atomic(using=using):
                ContentType.objects.clear_cache()
                rows = _load_rows(archive, manifest, using=using, say=say)
                _verify_tables(manifest, using=using)
                say("The restored tables match the manifest: counts and checksums.")
                _restore_files(archive, manifest, storage=storage, written=written)
                say(f"{len(written)} uploaded files restored and checked.")
                event = _record_restore(manifest, Path(path), using=using)
        except BaseException as error:
            ContentType.objects.clear_cache()
            for name in written:
                with suppress(OSError):
                    storage.delete(name)
            if isinstance(error, DatabaseError):
                raise BackupError(
                    f"The database refused the restore, so nothing was restored: {error}".strip()
                    + (
                        "\nOn PostgreSQL, run `lazos restore` as the tables' owner "
                        "(DATABASE_MIGRATION_URL), as `lazos migrate` is."
                        if connections[using].vendor == "postgresql"
                        else ""
                    )
                ) from error
            raise
    # Pages cached while the instance was empty would hide what was restored.
    cache.clear()
    logger.info(
        "Backup %s (made %s) restored from %s: %d rows, %d files; audit event %s.",
        manifest.backup_id,
        manifest.created_at,
        path,
        rows,
        len(written),
        event.pk,
    )
    return RestoreResult(manifest=manifest, rows=rows, files=len(written), event=event)


def _member_rows(archive: ZipFile, name: str, *, using: str) -> Iterator[Any]:
    with archive.open(name) as member:
        text = io.TextIOWrapper(member, encoding="utf-8")
        yield from serializers.deserialize("jsonl", text, using=using)


def _load_rows(
    archive: ZipFile, manifest: Manifest, *, using: str, say: Callable[[str], None]
) -> int:
    connection = connections[using]
    models_by_label = {m._meta.label_lower: m for m in backed_up_models()}
    loaded: list[type[models.Model]] = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Rows point to rows of tables loaded later: check the links at the end.
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        # Sessions belong to no restored person; reference rows are replaced by the archive's.
        replaced = [apps.get_model(label) for label in EXCLUDED_MODELS] + [
            models_by_label[entry.model]
            for entry in manifest.tables
            if entry.model in models_by_label and is_reference(models_by_label[entry.model])
        ]
        for emptied in replaced:
            table = connection.ops.quote_name(emptied._meta.db_table)
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608
    total = 0
    for entry in manifest.tables:
        model = models_by_label.get(entry.model)
        if model is None:
            raise BackupError(
                f"The archive holds the table {entry.model}, which this code does not have."
            )
        if model in NATURAL_MODELS:
            for item in _member_rows(archive, entry.file, using=using):
                item.save(using=using)  # matched by natural key: updated, or added if missing
        else:
            fields = [
                f for f in model._meta.local_concrete_fields if not getattr(f, "generated", False)
            ]
            batch: list[models.Model] = []
            for item in _member_rows(archive, entry.file, using=using):
                batch.append(item.object)
                if len(batch) >= CHUNK:
                    _insert(model, batch, fields, using=using)
                    batch = []
            if batch:
                _insert(model, batch, fields, using=using)
        loaded.append(model)
        total += entry.rows
        if entry.rows:
            say(f"{entry.model}: {entry.rows} rows loaded")
    connection.check_constraints()
    statements = connection.ops.sequence_reset_sql(no_style(), loaded)
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    return total


def _insert(
    model: type[models.Model], rows: list[models.Model], fields: list[Any], *, using: str
) -> None:
    """Insert the rows as they are (raw: no auto_now, no signals, no re-audit)."""
    connection = connections[using]
    size = max(1, connection.ops.bulk_batch_size(fields, rows))
    manager = model._base_manager.db_manager(using)
    for start in range(0, len(rows), size):
        manager._insert(rows[start : start + size], fields=fields, raw=True, using=using)  # type: ignore[attr-defined]


def _verify_tables(manifest: Manifest, *, using: str) -> None:
    natural_keys = _natural_keys(using)
    models_by_label = {m._meta.label_lower: m for m in backed_up_models()}
    problems = []
    for entry in manifest.tables:
        rows, digest = serialise_table(
            models_by_label[entry.model], using=using, natural_keys=natural_keys
        )
        if rows != entry.rows:
            problems.append(f"{entry.model}: {rows} rows restored, {entry.rows} in the archive")
        elif digest != entry.sha256:
            problems.append(f"{entry.model}: the restored rows differ from the archive's")
    if problems:
        raise BackupError(
            "The restored database does not match the archive, so nothing was restored:\n  - "
            + "\n  - ".join(problems)
        )


def _restore_files(
    archive: ZipFile, manifest: Manifest, *, storage: Storage, written: list[str]
) -> None:
    for entry in manifest.files:
        member = f"{MEDIA_DIR}/{entry.path}"
        name = _safe_member(member, MEDIA_DIR)
        with archive.open(member) as source:
            saved = storage.save(name, File(source, name=name))
        written.append(saved)
        if saved != name:
            raise BackupError(
                f"The file {name} could not be put back under its own name (got {saved})."
            )
        digest = hashlib.sha256()
        with storage.open(saved, "rb") as stored:
            while chunk := stored.read(COPY_BUFFER):
                digest.update(chunk)
        if digest.hexdigest() != entry.sha256:
            raise BackupError(f"The file {name} does not read back as it was archived.")


def _record_restore(manifest: Manifest, path: Path, *, using: str) -> AuditEvent:
    """One audit event for the whole restore (the restored audit trail is not re-audited)."""
    return AuditEvent.objects.using(using).create(
        government_id=None,
        actor_id=None,
        actor_label=str(audit.current_channel().label),
        channel=audit.current_channel(),
        action=audit.AuditAction.CREATE,
        content_type=ContentType.objects.db_manager(using).get_for_model(AuditEvent),
        object_id=manifest.backup_id[:64],
        object_repr=f"Restore of the backup made at {manifest.created_at}"[:200],
        changes={
            "restored_from": {
                "before": None,
                "after": {
                    "archive": path.name,
                    "backup_id": manifest.backup_id,
                    "created_at": manifest.created_at,
                    "lazos_version": manifest.lazos_version,
                    "engine": manifest.engine,
                    "rows": sum(t.rows for t in manifest.tables),
                    "files": len(manifest.files),
                },
            }
        },
        note=f"lazos restore {path.name}"[:500],
    )
