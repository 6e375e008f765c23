"""Backups that restore (issue #16, point 2): ``lazos backup`` then ``lazos restore`` gives back
the same instance, every table and every uploaded file, on SQLite and on PostgreSQL (the suite
runs on both); a non-empty instance, a damaged archive and another code's migrations are
refused and leave nothing behind.

The instance is small but varied: every object builder of every app, for two governments,
plus real uploads. The round trip empties the database with ``lazos flush`` (reference data
included) and the media folder, then restores.
"""

from __future__ import annotations

import hashlib
import json
import runpy
import shutil
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections
from django.utils.module_loading import autodiscover_modules

from lazos.agreements.tests.factories import AgreementFactory
from lazos.core import backup
from lazos.core.attachments import attach_file
from lazos.core.backup import (
    MANIFEST,
    backed_up_models,
    serialise_table,
)
from lazos.core.models import Attachment, AuditEvent
from lazos.core.testing.builders import OBJECT_BUILDERS, GovernmentFactory, UserFactory
from lazos.reference.models import SdgGoal, Theme

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
SETTINGS_FILE = Path(__file__).resolve().parents[2] / "settings.py"


@pytest.fixture(autouse=True)
def _fresh_content_types():
    """A restore gives content types the archive's ids, and the test's rollback takes them
    back: the content types this process cached must not outlive the test."""
    from django.contrib.contenttypes.models import ContentType

    yield
    ContentType.objects.clear_cache()


@pytest.fixture
def media(settings, tmp_path):
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = root
    return root


def build_instance(media: Path, *, everything: bool = True) -> dict[str, Any]:
    """One of everything for two governments (or, for the refusals, only what they need),
    people with rights, and uploaded files."""
    autodiscover_modules("tests.factories")
    governments = [GovernmentFactory.create(), GovernmentFactory.create()]
    for government in governments if everything else ():
        for builder in list(OBJECT_BUILDERS.values()):
            builder(government)
    editor = UserFactory.create(username="ana", password="a-password-1")
    editor.user_permissions.add(Permission.objects.get(codename="view_auditevent"))
    group = Group.objects.create(name="Auditors")
    group.permissions.add(Permission.objects.get(codename="view_auditevent"))
    editor.groups.add(group)
    agreement = AgreementFactory.create(government=governments[0], title="Twinning with Porto")
    for title, content in [("Signed text", PDF), ("Signed text", PDF + b"%v2\n"), ("Annex", PDF)]:
        attach_file(
            agreement,
            acting_user=editor,
            upload=SimpleUploadedFile(f"{title}.pdf", content, content_type="application/pdf"),
            title=title,
        )
    # A file no row names (a report written to storage, say): backed up too.
    (media / "reports").mkdir()
    (media / "reports" / "année 2026.txt").write_text("Rapport annuel\n", encoding="utf-8")
    return {"governments": governments, "agreement": agreement}


def database_state(*, without: frozenset[int] = frozenset()) -> dict[str, tuple[int, str]]:
    """Row count and checksum of every table, recomputed from the database now."""
    natural_keys = backup._natural_keys("default")
    state = {}
    for model in backed_up_models():
        queryset = None
        if model is AuditEvent:
            queryset = AuditEvent.objects.exclude(pk__in=without)
        state[model._meta.label_lower] = serialise_table(
            model, using="default", natural_keys=natural_keys, queryset=queryset
        )
    return state


def media_state(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def empty_instance(media: Path) -> None:
    # PostgreSQL: the test's transaction holds deferred foreign-key checks, which a TRUNCATE
    # refuses to skip; run them now.
    connection.check_constraints()
    call_command("flush", interactive=False, verbosity=0)
    for path in sorted(media.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()


def is_empty(media: Path) -> bool:
    return (
        backup.what_is_here(using="default", storage=default_storage) == []
        and not SdgGoal.objects.exists()
        and media_state(media) == {}
    )


# Building the instance and backing it up is most of a test's time; each kind of archive is
# made once per test process and every later test restores its own copy of that file.
_made: dict[bool, dict[str, Any]] = {}


def archived(media: Path, tmp_path: Path, *, everything: bool) -> dict[str, Any]:
    """An instance, its archive, its state; then the instance emptied."""
    path = tmp_path / "lazos.zip"
    made = _made.get(everything)
    if made is None:
        build_instance(media, everything=everything)
        before = database_state()
        files = media_state(media)
        call_command("backup", str(path), verbosity=0)
        made = _made[everything] = {"path": path, "database": before, "files": files}
    else:
        shutil.copy2(made["path"], path)  # the archive's permissions too
    empty_instance(media)
    return {"path": path, "database": dict(made["database"]), "files": dict(made["files"])}


@pytest.fixture
def archive(media, tmp_path) -> dict[str, Any]:
    return archived(media, tmp_path, everything=True)


@pytest.fixture
def small_archive(media, tmp_path) -> dict[str, Any]:
    """Enough for the refusals: governments, an agreement, people, uploads."""
    return archived(media, tmp_path, everything=False)


def rewrite(path: Path, target: Path, change) -> Path:
    """A copy of the archive at ``path`` with ``change(name, data) -> data`` applied."""
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w") as out:
        for item in source.infolist():
            out.writestr(item.filename, change(item.filename, source.read(item.filename)))
    return target


def with_manifest(path: Path, target: Path, edit) -> Path:
    def change(name: str, data: bytes) -> bytes:
        if name != MANIFEST:
            return data
        manifest = json.loads(data)
        edit(manifest)
        return json.dumps(manifest).encode()

    return rewrite(path, target, change)


# --- The round trip ------------------------------------------------------------------------------


def test_backup_then_restore_gives_back_every_table_and_every_file(archive, media):
    state = archive["database"]
    assert is_empty(media)
    # Varied: reference data, people, links between rows, the audit trail, uploads.
    for label in (
        "reference.sdggoal",
        "accounts.user",
        "accounts.user_groups",
        "auth.group_permissions",
        "governments.government",
        "agreements.agreement",
        "core.attachment",
        "core.auditevent",
    ):
        assert state[label][0] > 0, label
    assert len([rows for rows, _sha in state.values() if rows]) >= 40
    assert len([name for name in archive["files"] if name.startswith("attachments/")]) == 3
    assert "reports/année 2026.txt" in archive["files"]

    call_command("restore", str(archive["path"]), verbosity=0)

    event = AuditEvent.objects.latest("id")
    assert event.object_repr.startswith("Restore of the backup made at")
    assert event.government_id is None
    assert event.channel == "command"
    assert database_state(without=frozenset({event.pk})) == state
    assert media_state(media) == archive["files"]
    # The restored audit trail is as it was, plus the one event of the restore.
    assert AuditEvent.objects.count() == state["core.auditevent"][0] + 1
    # The restored instance works: a new row gets a fresh id, the files open.
    attachment = Attachment.objects.order_by("pk").last()
    assert attachment is not None
    assert attachment.file.read().startswith(b"%PDF")
    new = GovernmentFactory.create()
    assert new.pk > max(g.pk for g in type(new).objects.exclude(pk=new.pk))


def test_reference_data_written_by_migrate_is_replaced_by_the_archives(archive, media):
    """A new instance has the reference data its migrations load (here: one theme more, one
    renamed): the restore replaces it with the archive's, ids included."""
    Theme.objects.create(code="space", name_en="Space", name_es="Espacio", name_fr="Espace")
    Theme.objects.create(code="culture", name_en="Kultur", name_es="", name_fr="")
    call_command("restore", str(archive["path"]), verbosity=0)
    event = AuditEvent.objects.latest("id")
    assert database_state(without=frozenset({event.pk})) == archive["database"]
    assert not Theme.objects.filter(code="space").exists()


def test_the_manifest_says_what_the_archive_holds(archive):
    with zipfile.ZipFile(archive["path"]) as opened:
        manifest = json.loads(opened.read(MANIFEST))
        names = set(opened.namelist())
    assert manifest["format"] == "lazos-backup"
    assert manifest["format_version"] == 1
    assert manifest["engine"] == connection.vendor
    assert manifest["migrations"] == backup.migration_state("default")
    assert manifest["migrations"]["core"][0].startswith("0001_")
    assert manifest["created_at"]
    tables = {t["model"]: t for t in manifest["tables"]}
    assert {label: (t["rows"], t["sha256"]) for label, t in tables.items()} == archive["database"]
    assert "sessions.session" not in tables
    assert "sessions.session" in manifest["excluded"]
    assert {f["path"]: f["sha256"] for f in manifest["files"]} == archive["files"]
    # Rows the builders write without a file (the test kit's attachment rows) are named.
    assert (
        len([n for n in manifest["missing_files"] if n.endswith("/test/Secret annex-1.pdf")]) == 2
    )
    assert not set(manifest["missing_files"]) & set(archive["files"])
    assert names == {MANIFEST} | {t["file"] for t in tables.values()} | {
        f"media/{f['path']}" for f in manifest["files"]
    }


def test_the_archive_is_readable_by_its_owner_only_and_never_overwritten(small_archive):
    assert small_archive["path"].stat().st_mode & 0o077 == 0
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", str(small_archive["path"]), verbosity=0)


def test_a_backup_is_never_written_among_the_uploads(media):
    with pytest.raises(CommandError, match="inside MEDIA_ROOT"):
        call_command("backup", str(media / "lazos.zip"), verbosity=0)
    assert media_state(media) == {}


# --- Refusals --------------------------------------------------------------------------------------


def test_a_non_empty_instance_is_refused_and_left_as_it_was(small_archive, media):
    GovernmentFactory.create(name="Already here")
    (media / "stray.pdf").write_bytes(PDF)
    before, files = database_state(), media_state(media)
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(small_archive["path"]), verbosity=0)
    message = str(refused.value)
    assert "not empty" in message
    assert "governments.government (1 rows)" in message
    assert "stray.pdf" in message
    assert database_state() == before
    assert media_state(media) == files


def test_a_changed_file_is_refused_and_nothing_is_restored(small_archive, media, tmp_path):
    damaged = rewrite(
        small_archive["path"],
        tmp_path / "damaged.zip",
        lambda name, data: data + b"tampered" if name.startswith("media/reports/") else data,
    )
    with pytest.raises(CommandError, match=r"damaged(.|\n)*reports/année 2026.txt"):
        call_command("restore", str(damaged), verbosity=0)
    assert is_empty(media)


def test_a_changed_table_is_refused_and_nothing_is_restored(small_archive, media, tmp_path):
    def change(name: str, data: bytes) -> bytes:
        return data.replace(b"Twinning with Porto", b"Twinning with Lyon")

    damaged = rewrite(small_archive["path"], tmp_path / "damaged.zip", change)
    with pytest.raises(
        CommandError, match=r"table agreements\.agreement: its data does not match its checksum"
    ):
        call_command("restore", str(damaged), verbosity=0)
    assert is_empty(media)


def test_rows_that_do_not_read_back_as_archived_roll_everything_back(
    small_archive, media, tmp_path
):
    """A data file consistent with its manifest whose rows the database stores differently
    (here a time with another offset) fails the check after loading: the whole load is rolled
    back and the files already put back are removed."""
    with zipfile.ZipFile(small_archive["path"]) as opened:
        manifest = json.loads(opened.read(MANIFEST))
        name = "data/agreements.agreement.jsonl"
        data = opened.read(name)
    lines = data.decode().splitlines(keepends=True)
    row = json.loads(lines[0])
    row["fields"]["created_at"] = row["fields"]["created_at"].replace("+00:00", "+01:00")
    lines[0] = json.dumps(row, sort_keys=True, ensure_ascii=False) + "\n"
    changed = "".join(lines).encode()
    for table in manifest["tables"]:
        if table["file"] == name:
            table["sha256"] = hashlib.sha256(changed).hexdigest()

    def change(member: str, content: bytes) -> bytes:
        if member == MANIFEST:
            return json.dumps(manifest).encode()
        return changed if member == name else content

    inconsistent = rewrite(small_archive["path"], tmp_path / "inconsistent.zip", change)
    # The files are put back after the tables are checked: to prove they are removed on a
    # failure, fail after them.
    with pytest.raises(CommandError, match=r"agreements\.agreement: the restored rows differ"):
        call_command("restore", str(inconsistent), verbosity=0)
    assert is_empty(media)


def test_a_failure_after_the_files_are_back_removes_them(small_archive, media, monkeypatch):
    def fail(*args, **kwargs):
        raise backup.BackupError("the audit trail is unavailable")

    monkeypatch.setattr(backup, "_record_restore", fail)
    with pytest.raises(CommandError, match="the audit trail is unavailable"):
        call_command("restore", str(small_archive["path"]), verbosity=0)
    assert is_empty(media)


def test_an_archive_of_other_migrations_is_refused_naming_the_app(small_archive, media, tmp_path):
    def ahead(manifest):
        manifest["migrations"]["agreements"].append("9999_from_the_future")

    def behind(manifest):
        manifest["migrations"]["partners"].pop()

    newer = with_manifest(small_archive["path"], tmp_path / "newer.zip", ahead)
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(newer), verbosity=0)
    assert "agreements: the archive is ahead" in str(refused.value)
    assert "9999_from_the_future" in str(refused.value)

    older = with_manifest(small_archive["path"], tmp_path / "older.zip", behind)
    with pytest.raises(CommandError, match="partners: the archive is behind"):
        call_command("restore", str(older), verbosity=0)
    assert is_empty(media)


def test_what_is_not_a_backup_is_refused(media, tmp_path):
    not_zip = tmp_path / "notes.zip"
    not_zip.write_text("hello")
    with pytest.raises(CommandError, match="not a readable backup archive"):
        call_command("restore", str(not_zip), verbosity=0)
    no_manifest = tmp_path / "other.zip"
    with zipfile.ZipFile(no_manifest, "w") as out:
        out.writestr("data.json", "{}")
    with pytest.raises(CommandError, match=r"no manifest\.json"):
        call_command("restore", str(no_manifest), verbosity=0)


def test_an_archive_listing_a_file_outside_the_media_folder_is_refused(
    small_archive, media, tmp_path
):
    with zipfile.ZipFile(small_archive["path"]) as opened:
        manifest = json.loads(opened.read(MANIFEST))
    manifest["files"].append({"path": "../escaped.txt", "size": 1, "sha256": "0" * 64})
    climbing = rewrite(
        small_archive["path"],
        tmp_path / "climbing.zip",
        lambda name, data: json.dumps(manifest).encode() if name == MANIFEST else data,
    )
    with zipfile.ZipFile(climbing, "a") as out:
        out.writestr("media/../escaped.txt", "x")
    with pytest.raises(CommandError, match="unsafe name"):
        call_command("restore", str(climbing), verbosity=0)
    assert not (media.parent / "escaped.txt").exists()
    assert is_empty(media)


# --- PostgreSQL: the restore runs as the tables' owner -------------------------------------------


def test_restore_connects_as_the_owner_like_migrate(monkeypatch):
    """Loading keeps the archive's ids and resets the sequences, which only the owner of the
    tables may do; the backup reads, which the application's role may."""
    for name in ("DATABASE_URL", "DATABASE_MIGRATION_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", "postgres://lazos_app:app@db.example.org:5432/lazos")
    monkeypatch.setenv("DATABASE_MIGRATION_URL", "postgres://lazos_owner:o@db.example.org/lazos")
    users = {}
    for command in ("restore", "backup"):
        monkeypatch.setattr(sys, "argv", ["lazos", command])
        users[command] = runpy.run_path(str(SETTINGS_FILE))["DATABASES"]["default"]["USER"]
    assert users == {"restore": "lazos_owner", "backup": "lazos_app"}


@pytest.mark.postgres
def test_postgresql_sequences_continue_after_the_restored_ids(archive, media):
    call_command("restore", str(archive["path"]), verbosity=0)
    for model in (AuditEvent, Attachment, Group):
        highest = model.objects.order_by("-pk").values_list("pk", flat=True).first()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [model._meta.db_table]
            )
            assert cursor.fetchone()[0] > highest


# --- Outside a test's transaction: the real snapshot and the real commit ------------------------


@pytest.mark.django_db(transaction=True)
def test_a_backup_reads_one_snapshot_and_a_restore_commits(media, tmp_path, monkeypatch):
    """As an operator runs them: the backup in its own read transaction (on PostgreSQL a row
    committed by another connection while the backup runs is not in it), the restore in its
    own transaction, committed."""
    government = GovernmentFactory.create()
    agreement = AgreementFactory.create(government=government, title="Twinning with Porto")
    attach_file(
        agreement,
        acting_user=None,
        upload=SimpleUploadedFile("text.pdf", PDF, content_type="application/pdf"),
        title="Signed text",
    )
    Group.objects.create(name="Before the backup")
    before = database_state()
    files = media_state(media)
    late_writes = []
    if connection.vendor == "postgresql":
        read_natural_keys = backup._natural_keys

        def write_meanwhile(using: str):
            found = read_natural_keys(using)  # the snapshot's first read has happened
            other = connections.create_connection("default")
            try:
                with other.cursor() as cursor:
                    cursor.execute("INSERT INTO auth_group (name) VALUES ('During the backup')")
                late_writes.append("During the backup")
            finally:
                other.close()
            return found

        monkeypatch.setattr(backup, "_natural_keys", write_meanwhile)
    path = tmp_path / "lazos.zip"
    call_command("backup", str(path), verbosity=0)
    monkeypatch.undo()
    if late_writes:
        assert Group.objects.filter(name="During the backup").exists()
        Group.objects.filter(name="During the backup").delete()

    empty_instance(media)
    call_command("restore", str(path), verbosity=0)

    event = AuditEvent.objects.latest("id")
    assert database_state(without=frozenset({event.pk})) == before
    assert list(Group.objects.values_list("name", flat=True)) == ["Before the backup"]
    assert media_state(media) == files
