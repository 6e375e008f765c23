"""The IATI file is whole or it is not served: for every way Lazos serves or writes it, a
failure while producing any activity gives no 200 with a partial document and leaves no
partial file."""

from __future__ import annotations

import io
import os
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.core.management import CommandError, call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from lxml import etree

from lazos.core.testing.builders import GovernmentFactory
from lazos.iati import export
from lazos.iati.models import IatiActivityExtra, IatiDocumentLink, Transaction
from lazos.iati.tests.factories import cooperation_action
from lazos.iati.tests.helpers import export_bytes

if TYPE_CHECKING:
    from lazos.governments.models import Government

pytestmark = pytest.mark.django_db

# What the product serves or writes as IATI XML: the public view and the command (to a path
# and to standard output); the guards below fail when another way appears untested.
WAYS = ["view", "command-path", "command-stdout", "write_file"]
IATI_URLS = {"public-iati:activities"}
IATI_COMMANDS = {"export_iati"}


@pytest.fixture
def government():
    return GovernmentFactory.create(
        slug="villa-prueba",
        official_languages=["es"],
        currency="MXN",
        iati_organisation_identifier="MX-RFC-VPR123",
    )


def _fail_on_second_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    original = export.ActivityWriter.element_budget
    calls = {"n": 0}

    def failing(self: Any, activity: Any, action: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("the budget of the second activity cannot be written")
        original(self, activity, action)

    monkeypatch.setattr(export.ActivityWriter, "element_budget", failing)


def _store_broken_fragment(government: Government, action: Any, where: str) -> None:
    """A fragment kept by an import before entity references were refused."""
    xml = '<conditions attached="1"><condition type="1"><narrative>&org;</narrative></condition></conditions>'
    if where == "kept element":
        IatiActivityExtra.objects.create(
            government=government,
            action=action,
            elements=[{"name": "conditions", "xml": xml}],
            reporting_org_ref="MX-RFC-VPR123",  # the government's own: it is in its file
        )
    elif where == "transaction":
        from datetime import date
        from decimal import Decimal

        Transaction.objects.create(
            government=government,
            action=action,
            transaction_type="3",
            date=date(2024, 5, 1),
            value=Decimal("1"),
            currency="MXN",
            value_date=date(2024, 5, 1),
            extra_xml=['<disbursement-channel code="1">&org;</disbursement-channel>'],
        )
    else:
        IatiDocumentLink.objects.create(
            government=government,
            action=action,
            url="https://example.org/a.pdf",
            xml='<document-link url="https://example.org/a.pdf" format="application/pdf">'
            "<title><narrative>&org;</narrative></title>"
            '<category code="A01"/></document-link>',
        )


FAILURES = ["element raises", "kept element", "transaction", "document link"]


def _produce(way: str, government: Government, tmp_path: Path, capfd: Any, client: Any) -> Any:
    """Ask for the file the way ``way`` does; returns what that way answers."""
    target = tmp_path / "out" / "iati-activities.xml"
    target.parent.mkdir(exist_ok=True)
    if way == "view":
        url = reverse("public-iati:activities", kwargs={"government_slug": government.slug})
        return client.get(url)
    if way == "command-path":
        call_command("export_iati", "--government", government.slug, "--output", str(target))
        return target
    if way == "command-stdout":
        call_command("export_iati", "--government", government.slug, "--output", "-")
        sys.stdout.flush()
        return capfd.readouterr().out.encode()
    output = io.BytesIO()
    export.write_file(government, output)
    return output


@pytest.mark.parametrize("failure", FAILURES)
@pytest.mark.parametrize("way", WAYS)
def test_a_failure_mid_export_gives_no_partial_document(
    way, failure, government, tmp_path, monkeypatch, capfd, client, caplog
):
    cooperation_action(government, 1)
    second = cooperation_action(government, 2)
    cooperation_action(government, 3)
    if failure == "element raises":
        _fail_on_second_budget(monkeypatch)
    else:
        _store_broken_fragment(government, second, failure)
    target = tmp_path / "out" / "iati-activities.xml"
    target.parent.mkdir()
    target.write_bytes(b"<previous/>")  # a previous good file stays as it was

    if way == "view":
        response = _produce(way, government, tmp_path, capfd, client)
        assert response.status_code == 503
        assert response["Retry-After"]
        assert "no-store" in response["Cache-Control"]
        assert response["Content-Type"].startswith("text/html")
        content = response.content
        assert b"IATI file unavailable" in content
        assert b"<iati-activities" not in content
        assert b"<iati-activity" not in content
        assert any(
            record.levelname == "ERROR" and str(second.pk) in record.getMessage()
            for record in caplog.records
        ), [record.getMessage() for record in caplog.records]
    elif way == "write_file":
        output = io.BytesIO()
        with pytest.raises(export.ExportError) as failed:
            export.write_file(government, output)
        assert output.getvalue() == b""
        assert failed.value.action_id == second.pk
    else:
        with pytest.raises(CommandError) as refused:
            _produce(way, government, tmp_path, capfd, client)
        assert f"action {second.pk}:" in str(refused.value)
        assert refused.value.returncode == 1
        if way == "command-stdout":
            assert capfd.readouterr().out == ""
    assert target.read_bytes() == b"<previous/>"
    assert sorted(os.listdir(target.parent)) == ["iati-activities.xml"]  # no temporary left


def test_the_public_file_is_whole_with_its_length(client, government):
    cooperation_action(government, 1)
    cooperation_action(government, 2)
    url = reverse("public-iati:activities", kwargs={"government_slug": government.slug})
    response = client.get(url)
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    assert int(response["Content-Length"]) == len(content)
    assert len(etree.fromstring(content).findall("iati-activity")) == 2
    assert response["Content-Disposition"] == (
        'inline; filename="villa-prueba-iati-activities.xml"'
    )


def test_the_command_replaces_a_file_atomically_with_ordinary_permissions(tmp_path, government):
    cooperation_action(government, 1)
    target = tmp_path / "iati-activities.xml"
    target.write_bytes(b"<previous/>")
    os.chmod(target, 0o644)
    call_command("export_iati", "--government", government.slug, "--output", str(target))
    document = etree.parse(str(target)).getroot()
    assert len(document.findall("iati-activity")) == 1
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert sorted(os.listdir(tmp_path)) == ["iati-activities.xml"]
    fresh = tmp_path / "new.xml"
    call_command("export_iati", "--government", government.slug, "--output", str(fresh))
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~umask


def test_the_command_names_a_missing_directory(tmp_path, government):
    with pytest.raises(CommandError) as error:
        call_command(
            "export_iati",
            "--government",
            government.slug,
            "--output",
            str(tmp_path / "missing" / "a.xml"),
        )
    assert "missing" in str(error.value)


def test_a_whole_file_is_checked_before_it_is_handed_out(government, monkeypatch):
    """The check itself: a document that is cut short is never handed out."""
    cooperation_action(government, 1)

    def cut(output: Any, expected: int) -> None:
        output.truncate(output.tell() - 30)
        original_check(output, expected)

    original_check = export.check_document
    monkeypatch.setattr(export, "check_document", cut)
    with pytest.raises(export.ExportError):
        export_bytes(government)


def _patterns(resolver: URLResolver, prefix: str = "") -> list[tuple[str, Any]]:
    found = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            found += _patterns(pattern, namespace)
        elif isinstance(pattern, URLPattern):
            found.append((f"{prefix}{pattern.name}", pattern.callback))
    return found


def test_every_url_that_serves_iati_xml_is_covered():
    """A new view of the IATI file must join WAYS (and be built before it answers)."""
    serving = set()
    for name, callback in _patterns(get_resolver()):
        view = getattr(callback, "view_class", callback)
        source = getattr(view, "__module__", "")
        if source.startswith("lazos.iati") and "iati-activities" in str(reverse_pattern(name)):
            serving.add(name)
    assert serving == IATI_URLS


def reverse_pattern(name: str) -> str:
    try:
        return reverse(name, kwargs={"government_slug": "x"})
    except Exception:
        return ""


def test_every_command_that_writes_iati_xml_is_covered():
    from django.core.management import get_commands

    writing = {
        name
        for name, app in get_commands().items()
        if app == "lazos.iati" and name.startswith("export")
    }
    assert writing == IATI_COMMANDS


def test_nothing_streams_the_file_lazily():
    """The lazy generator the public view used to stream is gone: everything goes through
    ``build_file``/``write_file``, which build and check the whole document first."""
    assert not hasattr(export, "generate")
    root = Path(export.__file__).resolve().parents[1]
    users = [
        path
        for path in root.rglob("*.py")
        if "tests" not in path.parts
        and "iati.export import" in path.read_text(encoding="utf-8")
        and path.parent.name != "iati"
        and "iati" not in path.parts
    ]
    assert users == [], users
