"""Hostile input, guarded class by class (#16, point 4): XML that declares a document type
on every path that reads XML, ``</script>`` in every inline data block, redirects to
another site, and uploaded files that would be drawn by the browser. Each test walks every
entry point of its class, so a new one that forgets the rule fails here."""

from __future__ import annotations

import html
import io
import json
import re
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from lxml import etree

# What this checks does not depend on the database engine: CI runs it once, in the SQLite pass.
pytestmark = [pytest.mark.django_db, pytest.mark.engine_independent]

MARKER = "marker-from-a-local-file-7f3c"

# --- XML: no DTD, no entity, on every path that reads XML -----------------------------------


def _laughs() -> str:
    declarations = ['<!ENTITY l0 "lol">']
    declarations += [f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 12)]
    return "".join(declarations)


def _payloads(secret: Path) -> dict[str, tuple[str, str]]:
    """name → (internal subset of the document type declaration, reference in the text);
    ``{root}`` is the root element's name."""
    uri = secret.as_uri()
    return {
        "external entity": (f'[<!ENTITY x SYSTEM "{uri}">]', "&x;"),
        "external DTD": (f'SYSTEM "{uri}"', "text"),
        "parameter entity": (f'[<!ENTITY % p SYSTEM "{uri}"> %p;]', "text"),
        "billion laughs": (f"[{_laughs()}]", "&l11;"),
    }


ACTIVITIES = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE iati-activities {doctype}>
<iati-activities version="2.03">
 <iati-activity xml:lang="en" default-currency="EUR">
  <iati-identifier>XM-EX-1-HOSTILE</iati-identifier>
  <reporting-org ref="XM-EX-1" type="40"><narrative>Example Org</narrative></reporting-org>
  <title><narrative>Rivers {reference}</narrative></title>
  <description><narrative>Work on rivers.</narrative></description>
  <participating-org type="11" role="4"><narrative>Ville</narrative></participating-org>
  <activity-status code="2"/>
  <activity-date type="1" iso-date="2023-01-01"/>
 </iati-activity>
</iati-activities>
"""


def _activities(doctype: str, reference: str) -> bytes:
    return ACTIVITIES.format(doctype=doctype, reference=reference).encode()


def _iati_import(doctype: str, reference: str, tmp_path: Path) -> tuple[bool, str]:
    from lazos.core.testing.builders import GovernmentFactory
    from lazos.iati.models import IatiImport
    from lazos.iati.reader import IatiFileError
    from lazos.iati.services import import_file

    government = GovernmentFactory.create(slug="villa-hostil")
    path = tmp_path / "activities.xml"
    path.write_bytes(_activities(doctype, reference))
    try:
        import_file(government, str(path), acting_user=None, publish=True)
    except IatiFileError as error:
        return not IatiImport.objects.exists(), str([str(p) for p in error.problems])
    return False, "imported"


def _kept_fragment(doctype: str, reference: str, tmp_path: Path) -> tuple[bool, str]:
    from lazos.iati import safexml

    xml = f"<!DOCTYPE narrative {doctype}><narrative>{reference}</narrative>"
    try:
        element = safexml.fragment(xml)
    except etree.XMLSyntaxError as error:
        return True, str(error)
    return False, str(etree.tostring(element, encoding="unicode"))


def _exported_file_check(doctype: str, reference: str, tmp_path: Path) -> tuple[bool, str]:
    from lazos.iati import safexml
    from lazos.iati.validation import check_exported_document

    problems = check_exported_document(io.BytesIO(_activities(doctype, reference)))
    return any(p.element == safexml.DOCTYPE for p in problems), str(problems)


def _export_check(doctype: str, reference: str, tmp_path: Path) -> tuple[bool, str]:
    from lazos.iati.export import ExportError, check_document

    try:
        check_document(io.BytesIO(_activities(doctype, reference)), 1)
    except ExportError as error:
        # Refused for its document type, or by libxml2's own expansion limit while reading
        # the declarations (a billion laughs): either way, never served.
        return "document type" in str(error) or "amplification" in str(error), str(error)
    return False, "accepted"


def _xlsx(doctype: str, reference: str) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["name", "city"])
    workbook.active.append(["HOSTILE", "Lyon"])
    plain = io.BytesIO()
    workbook.save(plain)
    hostile = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(plain.getvalue())) as source,
        zipfile.ZipFile(hostile, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for name in source.namelist():
            content = source.read(name)
            if name == "xl/worksheets/sheet1.xml":
                text = content.decode().replace("HOSTILE", reference)
                content = f"<!DOCTYPE worksheet {doctype}>{text}".encode()
            target.writestr(name, content)
    return hostile.getvalue()


def _spreadsheet_import(doctype: str, reference: str, tmp_path: Path) -> tuple[bool, str]:
    from lazos.spreadsheets.readers import SpreadsheetError, read_xlsx

    try:
        sheet = read_xlsx(_xlsx(doctype, reference), "partners.xlsx")
    except SpreadsheetError as error:
        return error.code == "xlsx_doctype", str(error.messages)
    return False, repr([row.values for row in sheet.rows])


XML_ENTRY_POINTS: dict[str, Callable[[str, str, Path], tuple[bool, str]]] = {
    "IATI import": _iati_import,
    "kept IATI fragment": _kept_fragment,
    "IATI file check": _exported_file_check,
    "IATI export check": _export_check,
    "XLSX import": _spreadsheet_import,
}


@pytest.mark.parametrize("payload", ["external entity", "external DTD", "parameter entity",
                                     "billion laughs"])  # fmt: skip
@pytest.mark.parametrize("entry", list(XML_ENTRY_POINTS))
def test_every_xml_path_refuses_a_document_type_without_reading_or_expanding(
    tmp_path, entry, payload
):
    secret = tmp_path / "secret.txt"
    secret.write_text(MARKER, encoding="utf-8")
    doctype, reference = _payloads(secret)[payload]
    started = time.monotonic()
    refused, output = XML_ENTRY_POINTS[entry](doctype, reference, tmp_path)
    assert refused, output
    assert MARKER not in output
    # Not expanded: the answer is a short message (a billion laughs would be 10¹¹ "lol"s)…
    assert len(output) < 5_000, len(output)
    # …and a guard only, far above what refusing takes: nothing is parsed past the prolog.
    assert time.monotonic() - started < 5


def test_no_other_module_parses_xml():
    """A new XML path must join XML_ENTRY_POINTS: only these modules parse XML, and the
    ones reading Lazos's own shipped files (the IATI schema and codelists) read no upload."""
    readers = {
        "iati/reader.py",  # imports (through safexml)
        "iati/safexml.py",  # kept fragments
        "iati/validation.py",  # the written file's check
        "iati/export.py",  # the written file's check
        "iati/schema.py",  # shipped schema files
        "iati/structure.py",  # shipped schema files
        "iati/codelists.py",  # shipped codelists
    }
    lazos = Path(__file__).resolve().parents[2]
    pattern = re.compile(
        r"\b(?:etree\.(?:parse|iterparse|fromstring|XML|XMLParser)|minidom|xml\.sax(?!\.saxutils)|"
        r"xml\.dom|ElementTree|expat|load_workbook)\b"
    )
    found = {
        str(path.relative_to(lazos))
        for path in lazos.rglob("*.py")
        if "tests" not in path.parts and pattern.search(path.read_text(encoding="utf-8"))
    }
    assert found - readers == {"spreadsheets/readers.py"}  # the XLSX import, above


# --- </script> in inline data blocks ---------------------------------------------------------

HOSTILE_TEXT = "</script><script>alert(1)</script><!-- x"
SCRIPT_BLOCK = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)


@pytest.fixture
def portal_world(db):
    from lazos.portal.tests.world import build_portal_world

    return build_portal_world()


def test_inline_data_blocks_survive_script_endings_in_public_text(client, portal_world):
    """A public action's title and a public partner's name end the script element and open
    a comment; every inline block (JSON-LD) still parses whole, with the text as data."""
    from lazos.actions.models import Action
    from lazos.partners.models import Partner

    Action.objects.filter(pk=portal_world.public_action.pk).update(title=HOSTILE_TEXT)
    Partner.objects.filter(pk=portal_world.partner.pk).update(name=HOSTILE_TEXT)
    slug = portal_world.government.slug
    pages = ["/", f"/{slug}/", f"/{slug}/actions/", f"/{slug}/actions/"
             f"{portal_world.public_action.pk}/"]  # fmt: skip
    blocks_seen = 0
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        html = response.content.decode()
        assert "<script>alert(1)</script>" not in html, page
        for attributes, body in SCRIPT_BLOCK.findall(html):
            if "src=" in attributes:
                assert not body.strip(), page
                continue
            blocks_seen += 1
            assert "</script" not in body.lower(), page
            assert "<!--" not in body, page
            json.loads(body)  # parses whole: the hostile text did not cut it
    assert blocks_seen >= 3  # the JSON-LD blocks were there to be attacked
    action_page = client.get(pages[-1]).content.decode()
    data = [json.loads(body) for _, body in SCRIPT_BLOCK.findall(action_page) if body.strip()]
    assert HOSTILE_TEXT in json.dumps(data, ensure_ascii=False)  # kept as data, intact


def test_no_template_writes_an_inline_block_but_through_an_escaping_tag():
    """Inline blocks come from ``{% jsonld %}`` (or ``json_script``), which escape ``<``,
    ``>`` and ``&``; a template that writes ``<script>`` with a body by hand fails here."""
    lazos = Path(__file__).resolve().parents[2]
    offending = []
    for template in lazos.rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        for match in re.finditer(r"<script\b([^>]*)>(.*?)</script>", text, re.S | re.I):
            if "src=" not in match[1] or match[2].strip():
                offending.append(str(template.relative_to(lazos)))
    assert offending == []


# --- Redirects stay on this site ---------------------------------------------------------------

HOSTILE_TARGETS = [
    "//evil.example/",
    "https://evil.example/",
    "http://evil.example/",
    "/\\evil.example/",
    "\\\\evil.example/",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "https:evil.example",
    "/\x00//evil.example/",
    "%2F%2Fevil.example/",
    "///evil.example/",
    "\t//evil.example/",
    " https://evil.example/",
    "https://testserver@evil.example/",
    "data:text/html,<script>alert(1)</script>",
]


def _stays_here(location: str) -> bool:
    """Where a browser goes with this Location, from a page of this site: browsers drop
    tabs and line breaks, strip leading spaces and control characters, and read ``\\`` as
    ``/`` in web addresses (WHATWG URL), so the check does the same before resolving."""
    from urllib.parse import urljoin, urlsplit

    cleaned = re.sub(r"[\t\n\r]", "", location).lstrip("\x00- ").replace("\\", "/")
    resolved = urlsplit(urljoin("http://testserver/some/page/", cleaned))
    return resolved.scheme in {"http", "https"} and resolved.hostname == "testserver"


PASSWORD = "a long enough test password 42"


def _with_password(world) -> None:
    user = world.users["editor"]
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])


def _sign_in(world, client) -> None:
    client.force_login(world.users["editor"])


def _portal_language(world, client, target):
    return client.get("/i18n/set/", {"language": "pt", "next": target})


def _staff_language(world, client, target):
    return client.post(reverse("accounts:set-language"), {"language": "fr", "next": target})


def _staff_language_referer(world, client, target):
    return client.post(reverse("accounts:set-language"), {"language": "fr"}, HTTP_REFERER=target)


def _sign_in_form(world, client, target):
    _with_password(world)
    return client.post(
        reverse("accounts:login"),
        {"username": world.users["editor"].username, "password": PASSWORD, "next": target},
    )


def _sign_out(world, client, target):
    _sign_in(world, client)
    return client.post(reverse("accounts:logout"), {"next": target})


def _switch_government(world, client, target):
    _sign_in(world, client)
    return client.post(
        reverse("governments:switch"), {"government": world.government.pk, "next": target}
    )


def _practice_mark(world, client, target):
    from lazos.practices.tests.factories import make_practice

    practice = make_practice(world.other_government, published=True)
    client.force_login(world.users["coordinator"])
    return client.post(
        reverse("practices:library-mark", args=[practice.pk]),
        {"kind": "interested", "note": "", "action": "", "next": target},
    )


REDIRECTS: dict[str, Callable] = {
    "portal language (GET)": _portal_language,
    "staff language (POST)": _staff_language,
    "staff language, Referer": _staff_language_referer,
    "sign in": _sign_in_form,
    "sign out": _sign_out,
    "switch government": _switch_government,
    "good practice mark": _practice_mark,
}


@pytest.mark.parametrize("endpoint", list(REDIRECTS))
def test_each_redirect_follows_a_target_on_this_site(world, client, endpoint):
    """The control: each endpoint does redirect to ``next`` (or the Referer) when it is
    this site's, so the hostile cases below exercise the real check."""
    response = REDIRECTS[endpoint](world, client, "/partners/?page=2")
    assert response.status_code == 302
    assert response["Location"] in {"/partners/?page=2", "http://testserver/partners/?page=2"}


@pytest.mark.parametrize("target", HOSTILE_TARGETS)
@pytest.mark.parametrize("endpoint", list(REDIRECTS))
def test_redirects_never_leave_the_site(world, client, endpoint, target):
    response = REDIRECTS[endpoint](world, client, target)
    assert response.status_code == 302, response.status_code
    location = response["Location"]
    assert _stays_here(location), location


# --- Uploads: random names, downloaded, never drawn by the browser --------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _attach(world, client, name: str, content: bytes):
    from lazos.agreements.tests.factories import AgreementFactory

    agreement = AgreementFactory.create(
        government=world.government, title="Twinning", lead_department=world.department
    )
    url = reverse(
        "attachments:attachment-add",
        args=[agreement._meta.app_label, agreement._meta.model_name, agreement.pk],
    )
    return client.post(
        url,
        {"file": SimpleUploadedFile(name, content), "title": name, "kind": "other"},
        follow=True,
    )


PAGE = b"<html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>'


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("page.html", PAGE),
        ("page.htm", PAGE),
        ("drawing.svg", SVG),
        ("page.xhtml", PAGE),
        ("page.xml", b"<?xml version='1.0'?>" + SVG),
        ("page.html.", PAGE),
    ],
)
def test_files_a_browser_would_draw_are_refused(world, media, name, content):
    from lazos.core.models import Attachment

    response = _attach(world, world.client_for("editor"), name, content)
    assert response.status_code == 200
    assert not Attachment.objects.exists()
    assert not [path for path in Path(media).rglob("*") if path.is_file()]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("notes.txt", PAGE),  # HTML in a text file
        ("list.csv", SVG),  # SVG in a CSV
        ("../../../../etc/evil page.txt", b"plain"),  # a path in the name
    ],
)
def test_uploads_are_stored_under_random_names_and_served_as_downloads(world, media, name, content):
    from lazos.core.models import Attachment

    client = world.client_for("editor")
    _attach(world, client, name, content)
    attachment = Attachment.objects.get()
    stored = Path(attachment.file.name)
    # A random name: nothing of the uploaded one but its checked extension.
    assert re.fullmatch(r"[0-9a-f]{32}\.(txt|csv)", stored.name), stored
    assert stored.parts[0] == "attachments"
    assert ".." not in stored.parts
    assert "evil" not in str(stored)
    assert "notes" not in str(stored)
    files = [path for path in Path(media).rglob("*") if path.is_file()]
    assert files == [Path(media) / stored]
    response = client.get(reverse("attachments:attachment-download", args=[attachment.pk]))
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    content_type = response["Content-Type"].split(";")[0].strip()
    assert content_type in {"text/plain", "text/csv"}
    assert b"".join(response.streaming_content) == content


def _codes_link(world, client, target: str) -> str:
    from lazos.accounts import two_factor

    client.force_login(world.users["editor"])
    session = client.session
    session[two_factor.NEW_CODES_KEY] = ["aaaa-bbbb"]
    session.save()
    response = client.get(reverse("accounts:two-factor-codes"), {"next": target})
    assert response.status_code == 200
    link = re.search(r'<a class="button" href="([^"]*)"', response.content.decode())
    assert link is not None
    return html.unescape(link[1])


def test_the_recovery_codes_page_links_to_next_on_this_site(world, client):
    assert _codes_link(world, client, "/partners/?page=2") == "/partners/?page=2"


@pytest.mark.parametrize("target", HOSTILE_TARGETS)
def test_the_recovery_codes_page_links_only_to_this_site(world, client, target):
    """After two-factor set-up, the codes page's "I have saved them" link is the ``next``
    carried through the set-up: another site's address is replaced by the default."""
    link = _codes_link(world, client, target)
    assert _stays_here(link), link
