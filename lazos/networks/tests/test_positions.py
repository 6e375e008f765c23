"""Network positions and endorsements: services (eligibility, audit), office pages and their
permission matrix, the public position page with the endorsement form, query budgets."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from lazos.core.attachments import attach_file
from lazos.core.models import AuditEvent
from lazos.core.testing import assert_constant_queries, assert_permission_matrix
from lazos.core.testing.builders import GovernmentFactory, MembershipFactory, UserFactory
from lazos.networks import services
from lazos.networks.choices import MembershipStatus, PositionStatus
from lazos.networks.models import Endorsement, Network, NetworkMembership, Position
from lazos.networks.tests.factories import (
    EndorsementFactory,
    NetworkFactory,
    NetworkMembershipFactory,
    PositionFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
EVERYONE_IN = {"administrator": 200, "coordinator": 200, "editor": 200, "viewer": 200}
MANAGERS = {"administrator": 200, "coordinator": 200, "editor": 403, "viewer": 403}
ANON = {"anonymous": 302, "stranger": 403}
PUBLIC = {
    "anonymous": 200,
    "stranger": 200,
    "outsider": 200,
    "administrator": 200,
    "coordinator": 200,
    "editor": 200,
    "viewer": 200,
}


def member_of(government, name="United Cities", website="https://www.uclg.org/es", **values):
    """The government's own record of a network and its membership in it."""
    network = NetworkFactory.create(government=government, name=name, acronym="", website=website)
    values.setdefault("status", MembershipStatus.ACTIVE)
    NetworkMembershipFactory.create(network=network, **values)
    return network


def open_position(network, **values) -> Position:
    values.setdefault("opened_on", TODAY() - timedelta(days=2))
    return PositionFactory.create(network=network, status=PositionStatus.OPEN, **values)


@pytest.fixture
def shared(world):
    """Both world governments are active, public members of the same network (records in
    different languages, same website domain); A wrote an open position in it."""
    ours = member_of(world.government, "Ciudades y Gobiernos Locales Unidos")
    theirs = member_of(
        world.other_government, "Cidades e Governos Locais Unidos", "https://uclg.org/pt"
    )
    position = open_position(ours, title="Localising the SDGs")
    return ours, theirs, position


# --- Services ---------------------------------------------------------------------------------


def test_create_needs_a_network_of_ours_with_a_membership(world):
    user = world.users["coordinator"]
    lonely = NetworkFactory.create(government=world.government, name="Not a member")
    with pytest.raises(ValidationError) as error:
        services.create_position(
            world.government, acting_user=user, network=lonely, title="T", summary="S"
        )
    assert "network" in error.value.message_dict
    assert "Not a member" in str(error.value)
    foreign = member_of(world.other_government, "Foreign network")
    with pytest.raises(ValidationError) as error:
        services.create_position(
            world.government, acting_user=user, network=foreign, title="T", summary="S"
        )
    assert "network" in error.value.message_dict
    ended = member_of(world.government, "Old network", status=MembershipStatus.ENDED)
    with pytest.raises(ValidationError):
        services.create_position(
            world.government, acting_user=user, network=ended, title="T", summary="S"
        )
    assert not Position.objects.exists()


def test_position_lifecycle_is_audited(world):
    user = world.users["coordinator"]
    network = member_of(world.government)
    position = services.create_position(
        world.government,
        acting_user=user,
        network=network,
        title="Local climate finance",
        summary="Direct access for cities.",
        translations={"es": {"title": " Financiamiento climático local ", "summary": ""}, "fr": {}},
    )
    assert position.status == PositionStatus.DRAFT
    assert position.translations == {"es": {"title": "Financiamiento climático local"}}
    services.update_position(position, acting_user=user, process="COP32")
    services.open_position(position, acting_user=user)
    assert position.status == PositionStatus.OPEN
    assert position.opened_on == TODAY()
    with pytest.raises(ValidationError):
        services.open_position(position, acting_user=user)
    services.close_position(position, acting_user=user)
    assert position.status == PositionStatus.CLOSED
    assert position.closes_on == TODAY()
    with pytest.raises(ValidationError) as error:
        services.delete_position(position, acting_user=user)
    assert "Only a draft can be deleted" in str(error.value)
    events = AuditEvent.objects.for_object(position).order_by("id")
    assert [e.action for e in events] == ["create", "update", "update", "update"]
    assert events[2].changes["status"] == {"before": "draft", "after": "open"}
    draft = services.create_position(
        world.government, acting_user=user, network=network, title="Draft", summary="S"
    )
    pk = draft.pk
    services.delete_position(draft, acting_user=user)
    assert AuditEvent.objects.for_object(Position(), pk=pk).filter(action="delete").exists()


def test_open_refuses_a_private_membership_and_a_past_closing_date(world):
    user = world.users["coordinator"]
    network = member_of(world.government, is_public=False)
    position = PositionFactory.create(network=network)
    with pytest.raises(ValidationError) as error:
        services.open_position(position, acting_user=user)
    assert "Make your membership in" in str(error.value)
    NetworkMembership.objects.filter(network=network).update(is_public=True)
    position.closes_on = TODAY() - timedelta(days=1)
    position.opened_on = TODAY() - timedelta(days=10)
    position.save()
    with pytest.raises(ValidationError) as error:
        services.open_position(position, acting_user=user)
    assert "closes_on" in error.value.message_dict
    position.refresh_from_db()
    assert position.status == PositionStatus.DRAFT


def test_the_network_of_a_published_position_cannot_change(world, shared):
    _ours, _theirs, position = shared
    other = member_of(world.government, "Another network", "https://other.example.org")
    with pytest.raises(ValidationError) as error:
        services.update_position(position, acting_user=None, network=other)
    assert "network" in error.value.message_dict


def test_endorsement_is_audited_in_the_endorsing_government(world, shared):
    _ours, _theirs, position = shared
    outsider = world.users["outsider"]
    endorsement = services.endorse_position(
        world.other_government,
        position=position,
        acting_user=outsider,
        signatory=" Marina Toledo Reis ",
        note="We support it.",
    )
    assert endorsement.government == world.other_government
    assert endorsement.signatory == "Marina Toledo Reis"
    assert endorsement.endorsed_by == outsider
    assert endorsement.endorsed_on == TODAY()
    event = AuditEvent.objects.for_object(endorsement).get()
    assert event.government_id == world.other_government.pk
    assert event.action == "create"
    assert event.note == "Localising the SDGs"
    with pytest.raises(ValidationError) as error:
        services.endorse_position(world.other_government, position=position, acting_user=outsider)
    assert "has already endorsed" in str(error.value)
    # The unique constraint holds on its own too.
    duplicate = Endorsement(
        government=world.other_government, position=position, endorsed_on=TODAY()
    )
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "already endorsed this position" in str(error.value)
    pk = endorsement.pk
    services.withdraw_endorsement(world.other_government, position=position, acting_user=outsider)
    assert not Endorsement.objects.exists()
    deletion = AuditEvent.objects.for_object(Endorsement(), pk=pk).get(action="delete")
    assert deletion.government_id == world.other_government.pk
    with pytest.raises(ValidationError) as error:
        services.withdraw_endorsement(
            world.other_government, position=position, acting_user=outsider
        )
    assert "has not endorsed" in str(error.value)


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("draft", "not published"),
        ("closed", "is closed"),
        ("closes_past", "closed on"),
        ("opens_later", "opens for endorsement on"),
        ("no_membership", "has no active membership"),
        ("suspended", "has no active membership"),
        ("ended", "has no active membership"),
        ("other_network", "has no active membership"),
    ],
)
def test_eligibility_refusals_say_why(world, shared, case, expected):
    _ours, theirs, position = shared
    if case == "draft":
        position.status = PositionStatus.DRAFT
    elif case == "closed":
        position.status = PositionStatus.CLOSED
    elif case == "closes_past":
        position.opened_on = TODAY() - timedelta(days=30)
        position.closes_on = TODAY() - timedelta(days=1)
    elif case == "opens_later":
        position.opened_on = TODAY() + timedelta(days=3)
    elif case == "no_membership":
        NetworkMembership.objects.filter(network=theirs).delete()
    elif case in ("suspended", "ended"):
        NetworkMembership.objects.filter(network=theirs).update(status=case)
    elif case == "other_network":
        Network.objects.filter(pk=theirs.pk).update(website="https://www.mercociudades.org")
    position.save()
    with pytest.raises(ValidationError) as error:
        services.endorse_position(
            world.other_government, position=position, acting_user=world.users["outsider"]
        )
    assert expected in str(error.value)
    if expected == "has no active membership":
        assert world.other_government.name in str(error.value)
    if case in ("suspended", "ended"):
        assert f"its membership is “{case}”" in str(error.value)
    assert not Endorsement.objects.exists()
    assert not AuditEvent.objects.filter(content_type__model="endorsement").exists()


def test_a_private_active_membership_is_enough_to_endorse(world, shared):
    """Eligibility reads the endorsing government's own records, public or not."""
    _ours, theirs, position = shared
    NetworkMembership.objects.filter(network=theirs).update(is_public=False)
    assert services.endorsement_refusal(world.other_government, position) is None


def test_matching_by_acronym_without_website(world):
    ours = NetworkFactory.create(government=world.government, name="Red A", acronym="FLACMA")
    NetworkMembershipFactory.create(network=ours)
    theirs = NetworkFactory.create(
        government=world.other_government, name="Rede B", acronym="flacma"
    )
    NetworkMembershipFactory.create(network=theirs)
    position = open_position(ours)
    assert services.endorsement_refusal(world.other_government, position) is None


def test_withdrawing_from_a_closed_position_is_refused(world, shared):
    _ours, _theirs, position = shared
    services.endorse_position(world.other_government, position=position, acting_user=None)
    services.close_position(position, acting_user=None)
    with pytest.raises(ValidationError) as error:
        services.withdraw_endorsement(
            world.other_government, position=position, acting_user=world.users["coordinator"]
        )
    assert "can no longer be withdrawn" in str(error.value)
    assert Endorsement.objects.count() == 1


# --- Office pages -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("networks:position-list", EVERYONE_IN),
        ("networks:endorsement-list", EVERYONE_IN),
        ("networks:position-create", MANAGERS),
    ],
)
def test_office_lists_matrix(world, name, expected):
    assert_permission_matrix(world, reverse(name), {**ANON, "outsider": 200, **expected})


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("networks:position-detail", EVERYONE_IN),
        ("networks:position-history", EVERYONE_IN),
        ("networks:position-edit", MANAGERS),
        ("networks:position-delete", MANAGERS),
    ],
)
def test_position_pages_matrix(world, name, expected):
    position = PositionFactory.create(network=member_of(world.government))
    url = reverse(name, args=[position.pk])
    assert_permission_matrix(world, url, {**ANON, "outsider": 404, **expected})


@pytest.mark.parametrize("name", ["networks:position-open", "networks:position-close"])
def test_status_changes_matrix(world, name):
    position = PositionFactory.create(network=member_of(world.government))
    url = reverse(name, args=[position.pk])
    expected = {**ANON, "outsider": 404, "editor": 403, "viewer": 403}
    # Managers are sent back to the page (with a success or a refusal message).
    assert_permission_matrix(
        world, url, {**expected, "administrator": 302, "coordinator": 302}, method="post"
    )
    assert_permission_matrix(world, url, {**expected, "administrator": 405, "coordinator": 405})


def test_positions_through_the_office(world):
    network = member_of(world.government)
    client = world.client_for("coordinator")
    response = client.post(
        reverse("networks:position-create"),
        {
            "network": network.pk,
            "title": "Localising the SDGs",
            "summary": "Voluntary local reviews count.",
            "statement": "Full text.",
            "process": "HLPF 2027",
            "language": "en",
            "opened_on": "",
            "closes_on": "",
            "translation_es_title": "Localizar los ODS",
            "translation_es_summary": "Los informes locales cuentan.",
            "translation_fr_title": "",
            "translation_fr_summary": "",
            "translation_pt_title": "",
            "translation_pt_summary": "",
        },
    )
    position = Position.objects.get()
    assert response.status_code == 302
    assert response["Location"] == position.get_absolute_url()
    assert position.translations == {
        "es": {"title": "Localizar los ODS", "summary": "Los informes locales cuentan."}
    }
    assert position.status == PositionStatus.DRAFT
    # A draft has no public page.
    assert client.get(position.get_public_url()).status_code == 404
    page = client.get(position.get_absolute_url()).content.decode()
    assert "Open for endorsement" in page
    assert "Spanish" in page
    client.post(reverse("networks:position-open", args=[position.pk]))
    position.refresh_from_db()
    assert position.status == PositionStatus.OPEN
    assert client.get(position.get_public_url()).status_code == 200
    # Edit: the network of a published position is shown but cannot change.
    form = client.get(reverse("networks:position-edit", args=[position.pk])).content.decode()
    assert "cannot change" in form
    network_page = client.get(network.get_absolute_url()).content.decode()
    assert "Localising the SDGs" in network_page
    listing = client.get(reverse("networks:position-list")).content.decode()
    assert "Localising the SDGs" in listing
    # A published position cannot be deleted: the page says why and nothing goes.
    response = client.post(reverse("networks:position-delete", args=[position.pk]), follow=True)
    assert "Only a draft can be deleted" in response.content.decode()
    assert Position.objects.filter(pk=position.pk).exists()


def test_create_form_offers_only_networks_we_belong_to(world):
    mine = member_of(world.government, "Mine")
    NetworkFactory.create(government=world.government, name="Not joined")
    member_of(world.other_government, "Theirs")
    page = world.client_for("coordinator").get(reverse("networks:position-create"))
    choices = list(page.context["form"].fields["network"].queryset)
    assert choices == [mine]


def test_office_shows_other_members_positions_and_our_endorsements(world, shared):
    _ours, theirs, position = shared
    client = world.client_for("outsider")  # administrator of the other government
    listing = client.get(reverse("networks:position-list")).content.decode()
    assert "Localising the SDGs" in listing
    assert position.get_public_url() in listing
    assert "endorsed by us" not in listing
    network_page = client.get(theirs.get_absolute_url()).content.decode()
    assert "Localising the SDGs" in network_page
    services.endorse_position(
        world.other_government,
        position=position,
        acting_user=world.users["outsider"],
        signatory="The mayor",
    )
    endorsed = client.get(reverse("networks:endorsement-list")).content.decode()
    assert "Localising the SDGs" in endorsed
    assert "The mayor" in endorsed
    # The position stays among those open for endorsement, now marked as endorsed by us.
    assert "endorsed by us" in client.get(reverse("networks:position-list")).content.decode()
    # Government A sees nothing of B's endorsements in its own list.
    ours = world.client_for("viewer").get(reverse("networks:endorsement-list")).content.decode()
    assert "Localising the SDGs" not in ours


def test_attachments_panel_and_public_documents(world, shared):
    _ours, _theirs, position = shared
    coordinator = world.users["coordinator"]
    attach_file(
        position,
        acting_user=coordinator,
        upload=SimpleUploadedFile("statement.pdf", b"%PDF-1.4 public text", "application/pdf"),
        title="Advocacy document",
        kind="other",
        is_public=True,
    )
    attach_file(
        position,
        acting_user=coordinator,
        upload=SimpleUploadedFile("notes.txt", b"internal notes", "text/plain"),
        title="Internal notes",
        kind="other",
        is_public=False,
    )
    office = world.client_for("coordinator").get(position.get_absolute_url()).content.decode()
    assert "Advocacy document" in office
    assert "Internal notes" in office
    assert "Upload a document" in office
    public = world.client_for("anonymous").get(position.get_public_url()).content.decode()
    assert "Advocacy document" in public
    assert "Internal notes" not in public
    public_doc = position.attachments.get(title="Advocacy document")
    private_doc = position.attachments.get(title="Internal notes")
    anonymous = world.client_for("anonymous")
    url = reverse(
        "directory:position-document", kwargs={"id": position.pk, "document": public_doc.pk}
    )
    response = anonymous.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 public text"
    hidden = reverse(
        "directory:position-document", kwargs={"id": position.pk, "document": private_doc.pk}
    )
    assert anonymous.get(hidden).status_code == 404


# --- The public position page -----------------------------------------------------------------


def test_public_position_page_matrix(world, shared):
    _ours, _theirs, position = shared
    assert_permission_matrix(world, position.get_public_url(), PUBLIC)
    draft = PositionFactory.create(network=position.network, title="Secret draft")
    expected_404 = dict.fromkeys(PUBLIC, 404)
    assert_permission_matrix(world, draft.get_public_url(), expected_404)


def test_endorse_and_withdraw_matrix(world, shared):
    _ours, _theirs, position = shared
    url = reverse("directory:position-endorse", kwargs={"id": position.pk})
    # The outsider (administrator of the other, eligible government) endorses; our own
    # administrator and coordinator are eligible too (the author may sign its position).
    assert_permission_matrix(
        world,
        url,
        {
            "anonymous": 302,
            "stranger": 403,
            "outsider": 302,
            "administrator": 302,
            "coordinator": 302,
            "editor": 403,
            "viewer": 403,
        },
        method="post",
        data={"signatory": "Mayor", "note": ""},
    )
    assert set(Endorsement.objects.values_list("government_id", flat=True)) == {
        world.government.pk,
        world.other_government.pk,
    }
    assert world.client_for("administrator").get(url).status_code == 405
    withdraw = reverse("directory:position-withdraw", kwargs={"id": position.pk})
    assert world.client_for("viewer").post(withdraw).status_code == 403
    assert world.client_for("outsider").post(withdraw).status_code == 302
    assert list(Endorsement.objects.values_list("government_id", flat=True)) == [
        world.government.pk
    ]
    draft = PositionFactory.create(network=position.network)
    draft_url = reverse("directory:position-endorse", kwargs={"id": draft.pk})
    assert world.client_for("administrator").post(draft_url).status_code == 404


def test_public_page_shows_endorsements_and_the_form_to_whom_may_use_it(world, shared):
    _ours, _theirs, position = shared
    EndorsementFactory.create(
        position=position,
        government=GovernmentFactory.create(name="Ville de Lac-Saint-Amand"),
        signatory="Mireille Gagnon",
        note="Nous appuyons.",
    )
    anonymous = world.client_for("anonymous").get(position.get_public_url()).content.decode()
    assert "Ville de Lac-Saint-Amand" in anonymous
    assert "Mireille Gagnon" in anonymous
    assert "Nous appuyons." in anonymous
    assert "Endorse on behalf of" not in anonymous
    assert "staff sign in" in anonymous

    outsider = world.client_for("outsider")
    page = outsider.get(position.get_public_url()).content.decode()
    assert f"Endorse on behalf of {world.other_government.name}" in page
    assert 'name="signatory"' in page
    response = outsider.post(
        reverse("directory:position-endorse", kwargs={"id": position.pk}),
        {"signatory": "Marina Toledo Reis", "note": "Apoiamos."},
        follow=True,
    )
    page = response.content.decode()
    assert f"{world.other_government.name} endorsed this position." in page
    assert "Marina Toledo Reis" in page
    assert "Withdraw our endorsement" in page
    assert 'name="signatory"' not in page

    viewer = world.client_for("viewer").get(position.get_public_url()).content.decode()
    assert "Only administrators and coordinators" in viewer
    assert 'name="signatory"' not in viewer


def test_an_ineligible_government_is_told_why(world, shared):
    _ours, theirs, position = shared
    NetworkMembership.objects.filter(network=theirs).update(status=MembershipStatus.APPLYING)
    outsider = world.client_for("outsider")
    page = outsider.get(position.get_public_url()).content.decode()
    assert "has no active membership" in page
    assert 'name="signatory"' not in page
    response = outsider.post(
        reverse("directory:position-endorse", kwargs={"id": position.pk}),
        {"signatory": "X"},
        follow=True,
    )
    assert "has no active membership" in response.content.decode()
    assert not Endorsement.objects.exists()


def test_public_page_shows_the_visitors_language_and_never_private_fields(world, shared):
    _ours, _theirs, position = shared
    position.language = "en"
    position.translations = {"es": {"title": "Localizar los ODS", "summary": "Resumen"}}
    position.save()
    user = UserFactory.create(username="recorder-secret-name")
    MembershipFactory.create(government=world.other_government, user=user, role="coordinator")
    services.endorse_position(
        world.other_government, position=position, acting_user=user, signatory="Mayor"
    )
    client = world.client_for("anonymous")
    client.cookies["django_language"] = "es"
    page = client.get(position.get_public_url()).content.decode()
    assert "Localizar los ODS" in page
    assert "recorder-secret-name" not in page
    client.cookies["django_language"] = "fr"
    page = client.get(position.get_public_url()).content.decode()
    assert 'lang="en"' in page  # the original, marked as such


def test_public_position_queries(world, shared):
    _ours, _theirs, position = shared

    def add_rows(n):
        for _ in range(n):
            Endorsement.objects.create(
                government=GovernmentFactory.create(),
                position=position,
                signatory="Mayor",
                endorsed_on=TODAY(),
            )

    ContentType.objects.get_for_model(Position)  # cached for the process after the first use
    url = position.get_public_url()
    assert_constant_queries(world.client_for("outsider"), url, add_rows, budget=11)


def test_office_list_queries(world):
    network = member_of(world.government)
    others = [member_of(GovernmentFactory.create(), "United Cities", "https://uclg.org")]

    def add_rows(n):
        for _ in range(n):
            position = open_position(network)
            other = member_of(GovernmentFactory.create(), "United Cities", "https://uclg.org")
            open_position(other)
            others.append(other)
            EndorsementFactory.create(position=position, government=other.government)

    url = reverse("networks:position-list")
    assert_constant_queries(world.client_for("viewer"), url, add_rows, budget=11)
    assert_constant_queries(
        world.client_for("viewer"), reverse("networks:endorsement-list"), add_rows, budget=5
    )
