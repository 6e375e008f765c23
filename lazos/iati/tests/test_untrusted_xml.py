"""Imported IATI files are untrusted XML: a document type declaration (internal entities,
external entities to files or addresses, a parameter entity, a billion laughs) is refused
before anything of it is read, with a message naming where; every element kept as published
can be parsed again on its own, so the public file never breaks on it."""

from __future__ import annotations

import http.server
import io
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from lxml import etree

from lazos.actions.models import Action
from lazos.core.models import AuditEvent
from lazos.core.testing.builders import GovernmentFactory
from lazos.iati import safexml
from lazos.iati.models import IatiActivityExtra, IatiDocumentLink, IatiImport, Transaction
from lazos.iati.reader import IatiFileError, read_file
from lazos.iati.services import import_file
from lazos.iati.tests.helpers import EXAMPLE, assert_valid, export_bytes, with_current_codes
from lazos.partners.models import Partner

pytestmark = pytest.mark.django_db

SECRET = "s3cr3t-from-the-server"

# ``{org}`` is where each case puts its entity reference: the text of an element the import
# keeps as published (<conditions>), of a transaction's unmodelled child and of a title.
ACTIVITY = """<iati-activities version="2.03">
 <iati-activity xml:lang="en" default-currency="EUR">
  <iati-identifier>XM-EX-1-ENT</iati-identifier>
  <reporting-org ref="XM-EX-1" type="40"><narrative>Example Org</narrative></reporting-org>
  <title><narrative>Clean rivers {org}</narrative></title>
  <description><narrative>Work on rivers.</narrative></description>
  <participating-org type="11" role="4"><narrative>Ville</narrative></participating-org>
  <activity-status code="2"/>
  <activity-date type="1" iso-date="2023-01-01"/>
  <transaction>
   <transaction-type code="3"/>
   <transaction-date iso-date="2023-05-01"/>
   <value currency="EUR" value-date="2023-05-01">100</value>
   <disbursement-channel code="1"/>
   <aid-type code="A01"><!-- {org} -->
   </aid-type>
  </transaction>
  <conditions attached="1"><condition type="1"><narrative>{org}</narrative></condition></conditions>
 </iati-activity>
</iati-activities>
"""


def _laughs() -> str:
    declarations = ['<!ENTITY lol0 "lol">']
    for level in range(1, 12):
        declarations.append(f'<!ENTITY lol{level} "{f"&lol{level - 1};" * 10}">')
    return "\n ".join(declarations)


@pytest.fixture
def government():
    return GovernmentFactory.create(slug="villa-prueba", official_languages=["es"], currency="MXN")


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(SECRET, encoding="utf-8")
    return path


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:
        type(self).requests.append(self.path)
        body = f'<!ENTITY leaked "{SECRET}">'.encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/xml-dtd")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def web_server() -> Iterator[tuple[str, list[str]]]:
    """A real server on this machine that records every request an import would make."""
    _Recorder.requests = []
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", _Recorder.requests
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def _cases(secret: Path, address: str) -> dict[str, tuple[str, str]]:
    """name → (document type declaration, entity reference used in the activity)."""
    return {
        "internal entity": (
            '<!DOCTYPE iati-activities [\n <!ENTITY org "Example &amp; Partners">\n]>',
            "&org;",
        ),
        "external entity (file)": (
            f'<!DOCTYPE iati-activities [\n <!ENTITY org SYSTEM "{secret.as_uri()}">\n]>',
            "&org;",
        ),
        "external entity (http)": (
            f'<!DOCTYPE iati-activities [\n <!ENTITY org SYSTEM "{address}/entity">\n]>',
            "&org;",
        ),
        "external DTD (http)": (
            f'<!DOCTYPE iati-activities SYSTEM "{address}/iati.dtd">',
            "&leaked;",
        ),
        "parameter entity (http)": (
            "<!DOCTYPE iati-activities [\n"
            f' <!ENTITY % remote SYSTEM "{address}/remote.dtd">\n'
            " %remote;\n]>",
            "&leaked;",
        ),
        "billion laughs": (
            f"<!DOCTYPE iati-activities [\n {_laughs()}\n]>",
            "&lol11;",
        ),
    }


CASES = [
    "internal entity",
    "external entity (file)",
    "external entity (http)",
    "external DTD (http)",
    "parameter entity (http)",
    "billion laughs",
]


def _file(tmp_path: Path, doctype: str, reference: str, name: str = "activities.xml") -> Path:
    path = tmp_path / name
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        "<!-- exported by another system -->\n"
        f"{doctype}\n" + ACTIVITY.format(org=reference),
        encoding="utf-8",
    )
    return path


def _counts() -> tuple[int, ...]:
    return (
        Action.objects.count(),
        Partner.objects.count(),
        IatiActivityExtra.objects.count(),
        Transaction.objects.count(),
        IatiImport.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.mark.parametrize("case", CASES)
def test_a_document_type_declaration_is_refused_where_it_is(
    tmp_path, government, secret_file, web_server, case
):
    address, requests = web_server
    doctype, reference = _cases(secret_file, address)[case]
    path = _file(tmp_path, doctype, reference)
    before = _counts()
    started = time.monotonic()
    with pytest.raises(IatiFileError) as error:
        import_file(government, str(path), acting_user=None, publish=True)
    assert time.monotonic() - started < 5
    messages = [str(problem) for problem in error.value.problems]
    assert messages[0].startswith("Line 3, <!DOCTYPE>:"), messages
    assert "document type" in messages[0]
    assert not any(SECRET in message for message in messages)
    assert requests == []  # nothing was fetched
    assert _counts() == before  # nothing was written


@pytest.mark.parametrize("case", CASES)
def test_the_office_upload_refuses_it_and_keeps_nothing(
    tmp_path, world, secret_file, web_server, case
):
    address, requests = web_server
    doctype, reference = _cases(secret_file, address)[case]
    content = _file(tmp_path, doctype, reference).read_bytes()
    client = world.client_for("coordinator")
    before = _counts()
    response = client.post(
        reverse("iati:import-start"),
        {"file": SimpleUploadedFile("activities.xml", content, content_type="application/xml")},
    )
    assert response.status_code == 200
    assert b"Line 3, &lt;!DOCTYPE&gt;" in response.content
    assert SECRET.encode() not in response.content
    assert requests == []
    assert _counts() == before


def test_the_refusal_is_translated(tmp_path, government):
    from django.utils import translation

    doctype = '<!DOCTYPE iati-activities [<!ENTITY org "Org">]>'
    path = _file(tmp_path, doctype, "&org;")
    with translation.override("es"):
        with pytest.raises(IatiFileError) as error:
            read_file(str(path))
        message = str(error.value.problems[0])
    assert message.startswith("Línea 3"), message


def test_a_doctype_after_a_byte_order_mark_or_in_utf16_is_found(tmp_path):
    text = '<?xml version="1.0"?>\n<!DOCTYPE iati-activities [<!ENTITY org "Org">]>\n'
    text += ACTIVITY.format(org="&org;")
    for encoding, name in (("utf-8-sig", "bom.xml"), ("utf-16", "utf16.xml")):
        path = tmp_path / name
        declared = text if encoding != "utf-16" else text.replace("?>", ' encoding="UTF-16"?>', 1)
        path.write_bytes(declared.encode(encoding))
        with pytest.raises(IatiFileError) as error:
            read_file(str(path))
        assert str(error.value.problems[0]).startswith("Line 2, <!DOCTYPE>:"), name


def test_a_doctype_the_prolog_scan_misses_is_still_refused(tmp_path, monkeypatch):
    """Second line of defence: the parsed document's own declaration is checked too."""
    monkeypatch.setattr(safexml, "doctype_line", lambda head, complete: (True, None))
    path = _file(tmp_path, '<!DOCTYPE iati-activities [<!ENTITY org "Org">]>', "&org;")
    with pytest.raises(IatiFileError) as error:
        read_file(str(path))
    assert "<!DOCTYPE>" in str(error.value.problems[0])


def test_an_undeclared_entity_is_not_well_formed(tmp_path):
    path = _file(tmp_path, "", "&org;")
    with pytest.raises(IatiFileError) as error:
        read_file(str(path))
    assert "well-formed" in str(error.value.problems[0])


def test_an_entity_node_in_an_activity_is_refused_where_it_is():
    """Third line of defence: whatever produced it, an entity reference is never kept."""
    activity = etree.fromstring(ACTIVITY.format(org="x").encode())[0]
    narrative = activity.find("conditions/condition/narrative")
    narrative.append(etree.Entity("org"))
    problems = safexml.entity_problems(activity)
    assert [(problem.element, problem.line) for problem in problems] == [("narrative", 18)]
    assert "&org;" in problems[0].message


def test_prolog_scan_decisions():
    scan = safexml.doctype_line
    assert scan(b'<?xml version="1.0"?>\n<iati-activities/>', False) == (True, None)
    assert scan(b"<?xml version", False) == (False, None)  # needs more
    assert scan(b"<?xml version", True) == (True, None)  # the parser will say what is wrong
    assert scan(b"<!-- a --> <!", False) == (False, None)
    assert scan(b"<!-- a -->\r\n<!DOCTYPE x>", False) == (True, 2)
    assert scan(b"\n\n<!-- <!DOCTYPE x> -->\n<?pi <!DOCTYPE?><x/>", False) == (True, None)
    assert scan(b"\xef\xbb\xbf<!DOCTYPE x>", False) == (True, 1)
    assert scan("\n<!DOCTYPE x>".encode("utf-16"), False) == (True, 2)


# Round trips ------------------------------------------------------------------------------

ROUND_TRIP = """<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03">
 <iati-activity xml:lang="en" default-currency="EUR">
  <iati-identifier>XM-EX-1-RT</iati-identifier>
  <reporting-org ref="XM-EX-1" type="40"><narrative>Example &amp; Org</narrative></reporting-org>
  <title><narrative>Ríos &#8220;limpios&#8221; &lt;2030&gt;</narrative></title>
  <description><narrative>Work on rivers &#x2014; 100&#x20AC;.</narrative></description>
  <participating-org type="11" role="4"><narrative>Ville &amp; Cie</narrative></participating-org>
  <activity-status code="2"/>
  <activity-date type="1" iso-date="2023-01-01"/>
  <transaction>
   <transaction-type code="3"/>
   <transaction-date iso-date="2023-05-01"/>
   <value currency="EUR" value-date="2023-05-01">100</value>
   <description><narrative>Pago &amp; transferencia</narrative></description>
   <disbursement-channel code="1"/>
  </transaction>
  <document-link url="https://example.org/a?b=1&amp;c=2" format="application/pdf">
   <title><narrative>Informe &#233; &amp; anexo</narrative></title>
   <category code="A01"/>
  </document-link>
  <conditions attached="1"><condition type="1"><narrative>Ríos &amp; ríos &#233; &lt;b&gt; "q" &apos;a&apos;</narrative></condition></conditions>
 </iati-activity>
</iati-activities>
"""


def _stored_fragments() -> list[str]:
    fragments = [
        item["xml"] for extra in IatiActivityExtra.objects.all() for item in extra.elements
    ]
    fragments += [xml for row in Transaction.objects.all() for xml in row.extra_xml]
    fragments += list(IatiDocumentLink.objects.values_list("xml", flat=True))
    return fragments


def _assert_standalone(fragments: list[str]) -> None:
    assert fragments
    for xml in fragments:
        element = safexml.fragment(xml)  # parses alone, without any declaration
        assert not list(element.iter(etree.Entity)), xml


@pytest.mark.shared_data
def test_predefined_and_character_references_round_trip_into_a_valid_file(tmp_path, government):
    government.iati_organisation_identifier = "XM-EX-1"  # the file's reporter: in its file
    government.save()
    path = tmp_path / "refs.xml"
    path.write_text(ROUND_TRIP, encoding="utf-8")
    import_file(government, str(path), acting_user=None, publish=True)
    _assert_standalone(_stored_fragments())
    document = assert_valid(export_bytes(government))
    activity = document.find("iati-activity")
    assert activity.findtext("title/narrative") == "Ríos “limpios” <2030>"
    assert activity.findtext("conditions/condition/narrative") == "Ríos & ríos é <b> \"q\" 'a'"
    assert activity.find("document-link").get("url") == "https://example.org/a?b=1&c=2"
    assert activity.find("transaction/disbursement-channel") is not None
    # and the export imports again as the same action
    import_file(government, io.BytesIO(etree.tostring(document)), acting_user=None)
    assert Action.objects.filter(government=government).count() == 1


@pytest.mark.shared_data
def test_a_refused_file_with_entities_leaves_the_public_file_whole(tmp_path, government):
    """The round trip of the issue: a file with entity references offered to the import,
    then the public file, which stays complete and valid."""
    government.iati_organisation_identifier = "AA-AAA-123456789"  # the example's reporter
    government.save()
    example = tmp_path / EXAMPLE.name
    example.write_bytes(with_current_codes(EXAMPLE.read_bytes()))  # two retired codes
    import_file(government, str(example), acting_user=None, publish=True)
    declared = ROUND_TRIP.replace(
        '<iati-activities version="2.03">',
        '<!DOCTYPE iati-activities [<!ENTITY org "Org">]>\n<iati-activities version="2.03">',
    ).replace("Ville &amp; Cie", "&org;")
    path = tmp_path / "entities.xml"
    path.write_text(declared, encoding="utf-8")
    with pytest.raises(IatiFileError):
        import_file(government, str(path), acting_user=None, publish=True)
    _assert_standalone(_stored_fragments())
    document = assert_valid(export_bytes(government))
    assert len(document.findall("iati-activity")) == 1
