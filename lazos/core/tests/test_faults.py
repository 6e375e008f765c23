"""Faults an operator will meet sooner or later (#16, point 5): the database down, its
connections killed, the disk full, two writers at once on SQLite. Each test makes the fault
happen for real (an address where nothing listens, ``pg_terminate_backend``, a storage that
runs out of space halfway through a file, a second process holding the write lock)."""

from __future__ import annotations

import errno
import os
from urllib.parse import urlsplit, urlunsplit

import pytest

from lazos.core.testing.processes import last_json, run_python

# --- SQLite: a second writer waits for the first instead of failing ------------------------

WRITERS = """
import json, threading, time
import django
django.setup()
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection, connections, transaction
from django.utils import timezone

with connection.schema_editor() as editor:
    editor.create_model(Session)
connection.close()

holding, results = threading.Event(), {}

def first():
    with transaction.atomic():
        Session.objects.create(session_key="first", session_data="", expire_date=timezone.now())
        holding.set()
        time.sleep(1.5)  # the write lock is held all this time
    connections.close_all()

def second():
    holding.wait(10)
    started = time.monotonic()
    try:
        with transaction.atomic():
            Session.objects.create(
                session_key="second", session_data="", expire_date=timezone.now()
            )
        results["outcome"] = "written"
    except Exception as error:
        results["outcome"] = f"{type(error).__name__}: {error}"
    results["waited"] = time.monotonic() - started
    connections.close_all()

threads = [threading.Thread(target=first), threading.Thread(target=second)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join(60)
with connection.cursor() as cursor:
    cursor.execute("PRAGMA journal_mode")
    results["journal_mode"] = cursor.fetchone()[0]
results["keys"] = sorted(Session.objects.values_list("session_key", flat=True))
results["timeout"] = settings.DATABASES["default"]["OPTIONS"].get("timeout")
print(json.dumps(results))
"""


def test_on_sqlite_a_second_writer_waits_for_the_first_and_succeeds(tmp_path):
    """A file database with the project's settings (WAL, BEGIN IMMEDIATE, a busy timeout):
    one thread holds a write transaction for 1.5 s, the other's write waits, then succeeds."""
    database = tmp_path / "writers.sqlite3"
    answer = last_json(run_python(WRITERS, DATABASE_URL=f"sqlite:///{database}"))
    assert answer["outcome"] == "written", answer
    assert answer["waited"] >= 1.0, answer  # it really waited for the first transaction
    assert answer["keys"] == ["first", "second"]
    assert answer["journal_mode"] == "wal"
    assert answer["timeout"] >= 10


# --- The database down: a translated 503 page on every page, not only /healthz ---------------

DOWN = """
import json
import django
django.setup()
from django.test import Client
from django.utils import translation

answers = {}
for path in ("/", "/partners/"):
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="es")
    # A session cookie makes a staff page ask the database who is signed in.
    client.cookies["sessionid"] = "a" * 32
    response = client.get(path)
    answers[path] = {
        "status": response.status_code,
        "retry_after": response.get("Retry-After"),
        "frames": response.get("X-Frame-Options"),
        "language": response.get("Content-Language"),
        "body": response.content.decode(),
    }
with translation.override("es"):
    answers["expected"] = [
        str(translation.gettext("Service temporarily unavailable")),
        str(translation.gettext(
            "The site cannot reach its database at the moment. Please try again in a few minutes."
        )),
    ]
print(json.dumps(answers))
"""


def test_pages_answer_a_translated_503_when_the_database_is_down():
    """A staff page and a portal page, with DEBUG off as in production, against an address
    where no PostgreSQL listens: the site's 503 page in the visitor's language, not a 500."""
    answer = last_json(
        run_python(DOWN, DATABASE_URL="postgres://nobody@127.0.0.1:9/none", DEBUG="false")
    )
    title, explanation = answer.pop("expected")
    for path, page in answer.items():
        assert page["status"] == 503, (path, page["body"][:500])
        assert page["retry_after"] == "60"
        assert page["frames"] == "DENY"
        assert page["language"] == "es"
        assert '<html lang="es">' in page["body"]
        assert f"<h1>{title}</h1>" in page["body"], path
        assert explanation in page["body"]
        assert "Traceback" not in page["body"]
        assert "OperationalError" not in page["body"]


def test_other_server_errors_stay_500(rf, settings):
    from lazos.core.errors import server_error

    try:
        raise ValueError("not a database problem")
    except ValueError:
        response = server_error(rf.get("/"))
    assert response.status_code == 500


# --- Connections killed under the application: the next request reconnects by itself ---------

KILLED = """
import json, os, time
import django
django.setup()
import psycopg
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from wsgiref.util import setup_testing_defaults

application = WSGIHandler()

def get(path):
    environ = {"PATH_INFO": path, "HTTP_ACCEPT_LANGUAGE": "en"}
    setup_testing_defaults(environ)
    statuses = []
    body = application(environ, lambda status, headers, exc_info=None: statuses.append(status))
    try:
        b"".join(body)
    finally:
        body.close()  # request_finished: what a real server does after each response
    return int(statuses[0].split()[0])

answers = {"before": [get("/healthz"), get("/")]}
killed = connection.connection.info.backend_pid  # kept between requests (CONN_MAX_AGE)
with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as other:
    assert other.execute("SELECT pg_terminate_backend(%s)", [killed]).fetchone()[0]
    for _ in range(100):
        gone = other.execute(
            "SELECT count(*) = 0 FROM pg_stat_activity WHERE pid = %s", [killed]
        ).fetchone()[0]
        if gone:
            break
        time.sleep(0.05)
answers["after"] = [get("/"), get("/healthz")]
answers["reconnected"] = connection.connection.info.backend_pid != killed
print(json.dumps(answers))
"""


@pytest.mark.postgres
def test_a_killed_database_connection_is_replaced_at_the_next_request(db, settings):
    """The application's connection is kept between requests, as in production; another
    connection kills it with pg_terminate_backend; the very next request succeeds on a new
    connection (CONN_HEALTH_CHECKS), with no 5xx in between."""
    from django.db import connection

    url = urlsplit(os.environ["DATABASE_URL"])
    test_database = urlunsplit(url._replace(path="/" + connection.settings_dict["NAME"]))
    answer = last_json(
        run_python(KILLED, DATABASE_URL=test_database, DATABASE_CONN_MAX_AGE="60", DEBUG="false")
    )
    assert answer == {"before": [200, 200], "after": [200, 200], "reconnected": True}


# --- A full disk on upload: a clear error and nothing half-stored ---------------------------

PDF = b"%PDF-1.4\n" + b"0" * 200_000 + b"\n%%EOF\n"


@pytest.fixture
def full_disk(settings, tmp_path, monkeypatch):
    """The real file system storage, writing the first chunk of a file and then failing as
    a full disk does (ENOSPC): a partial file is really left on disk by Django itself."""
    from django.core.files.storage import FileSystemStorage

    settings.MEDIA_ROOT = tmp_path / "media"
    original = vars(FileSystemStorage)["_save"]

    class Filling:
        def __init__(self, content):
            self.content = content

        def chunks(self):
            self.content.seek(0)
            yield self.content.read(64 * 1024)
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def save(storage, name, content):
        return original(storage, name, Filling(content))

    monkeypatch.setattr(FileSystemStorage, "_save", save)
    return settings.MEDIA_ROOT


def test_an_upload_on_a_full_disk_is_refused_clearly_and_nothing_is_kept(world, full_disk):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse
    from django.utils import translation

    from lazos.agreements.tests.factories import AgreementFactory
    from lazos.core.models import Attachment, AuditEvent

    agreement = AgreementFactory.create(
        government=world.government, title="Twinning", lead_department=world.department
    )
    client = world.client_for("editor")
    events = AuditEvent.objects.count()
    response = client.post(
        reverse(
            "attachments:attachment-add",
            args=[agreement._meta.app_label, agreement._meta.model_name, agreement.pk],
        ),
        {
            "file": SimpleUploadedFile("signed.pdf", PDF, content_type="application/pdf"),
            "title": "Signed text",
            "kind": "signed_text",
        },
        HTTP_ACCEPT_LANGUAGE="es",
        follow=True,
    )
    assert response.status_code == 200
    with translation.override(response["Content-Language"]):
        expected = translation.gettext(
            "“%(name)s” could not be stored: the server has no space left for files. "
            "Nothing was saved; please tell the people who run this site."
        ) % {"name": "signed.pdf"}
    assert [str(message) for message in response.context["messages"]] == [expected]
    assert not Attachment.objects.exists()
    assert AuditEvent.objects.count() == events
    assert [path for path in full_disk.rglob("*") if path.is_file()] == []
