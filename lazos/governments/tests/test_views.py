"""Permission matrix of every page of this app, and what the pages do."""

import pytest
from django.core import mail
from django.urls import reverse

from lazos.core.models import AuditEvent
from lazos.core.testing import assert_permission_matrix
from lazos.governments.choices import Role
from lazos.governments.models import Department, Membership

pytestmark = pytest.mark.django_db

EVERYONE_IN = {"administrator": 200, "coordinator": 200, "editor": 200, "viewer": 200}
MANAGERS = {"administrator": 200, "coordinator": 200, "editor": 403, "viewer": 403}
ADMINS = {"administrator": 200, "coordinator": 403, "editor": 403, "viewer": 403}
ANON = {"anonymous": 302, "stranger": 403}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("governments:department-list", {**ANON, "outsider": 200, **EVERYONE_IN}),
        ("governments:department-create", {**ANON, "outsider": 200, **MANAGERS}),
        ("governments:membership-list", {**ANON, "outsider": 200, **EVERYONE_IN}),
        ("governments:membership-invite", {**ANON, "outsider": 200, **ADMINS}),
        ("governments:government", {**ANON, "outsider": 200, **EVERYONE_IN}),
        ("governments:government-history", {**ANON, "outsider": 200, **EVERYONE_IN}),
        ("governments:government-edit", {**ANON, "outsider": 200, **ADMINS}),
        ("governments:activity", {**ANON, "outsider": 200, **MANAGERS}),
    ],
)
def test_list_and_form_pages(world, name, expected):
    # The outsider is an administrator of their own government: these pages show *theirs*.
    assert_permission_matrix(world, reverse(name), expected)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("governments:department-detail", EVERYONE_IN),
        ("governments:department-history", EVERYONE_IN),
        ("governments:department-edit", MANAGERS),
        ("governments:department-delete", MANAGERS),
    ],
)
def test_department_pages(world, name, expected):
    url = reverse(name, args=[world.department.pk])
    assert_permission_matrix(world, url, {**ANON, "outsider": 404, **expected})


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("governments:membership-detail", EVERYONE_IN),
        ("governments:membership-history", EVERYONE_IN),
        ("governments:membership-edit", ADMINS),
        ("governments:membership-remove", ADMINS),
    ],
)
def test_membership_pages(world, name, expected):
    membership = Membership.objects.get(user=world.users["viewer"])
    url = reverse(name, args=[membership.pk])
    assert_permission_matrix(world, url, {**ANON, "outsider": 404, **expected})


def test_dashboard_matrix(world):
    assert_permission_matrix(
        world,
        reverse("governments:dashboard"),
        {"anonymous": 302, "stranger": 200, "outsider": 200, **EVERYONE_IN},
    )


def test_instance_administration_is_for_superusers(world):
    expected = {"anonymous": 302, "stranger": 403, "outsider": 403, **{r: 403 for r in EVERYONE_IN}}
    assert_permission_matrix(world, reverse("governments:government-list"), expected)
    assert_permission_matrix(world, reverse("governments:government-create"), expected)


def test_coordinator_creates_and_edits_a_department_through_the_web(world):
    client = world.client_for("coordinator")
    response = client.post(
        reverse("governments:department-create"),
        {
            "name": "Economic Development",
            "acronym": "ED",
            "description": "",
            "email": "",
            "is_active": "on",
        },
    )
    department = Department.objects.get(government=world.government, name="Economic Development")
    assert response.status_code == 302
    assert response.url == department.get_absolute_url()
    client.post(
        reverse("governments:department-edit", args=[department.pk]),
        {
            "name": "Economy",
            "acronym": "ED",
            "description": "Trade",
            "email": "",
            "is_active": "on",
        },
    )
    events = AuditEvent.objects.for_object(department).order_by("id")
    assert [(e.action, e.channel, e.actor_id) for e in events] == [
        ("create", "web", world.users["coordinator"].pk),
        ("update", "web", world.users["coordinator"].pk),
    ]
    history = client.get(reverse("governments:department-history", args=[department.pk]))
    assert b"Economic Development" in history.content
    assert b"Economy" in history.content


def test_duplicate_department_name_gets_a_clear_message_and_nothing_is_written(world):
    client = world.client_for("coordinator")
    before = AuditEvent.objects.count()
    response = client.post(
        reverse("governments:department-create"),
        {"name": world.department.name.upper(), "acronym": "", "description": "", "email": ""},
    )
    assert response.status_code == 200
    assert "A department with this name already exists." in response.content.decode()
    assert AuditEvent.objects.count() == before


def test_administrator_invites_a_new_person_who_gets_an_email(
    world, django_capture_on_commit_callbacks
):
    client = world.client_for("administrator")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("governments:membership-invite"),
            {
                "email": "new.person@example.org",
                "first_name": "Nina",
                "last_name": "Nueva",
                "role": "editor",
                "departments": [world.department.pk],
            },
        )
    assert response.status_code == 302
    membership = Membership.objects.get(
        government=world.government, user__email="new.person@example.org"
    )
    assert membership.role == Role.EDITOR
    assert list(membership.departments.all()) == [world.department]
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert world.government.name in mail.outbox[0].subject
    link = next(line for line in body.splitlines() if "/accounts/password/reset/" in line)
    # The link lets the person choose a password, then sign in.
    from urllib.parse import urlparse

    from django.test import Client

    newcomer = Client()
    form = newcomer.get(urlparse(link).path, follow=True)
    assert form.context["validlink"]
    newcomer.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a-long-new-passphrase-42", "new_password2": "a-long-new-passphrase-42"},
    )
    membership.user.refresh_from_db()
    assert membership.user.check_password("a-long-new-passphrase-42")


def test_an_editor_needs_a_department(world):
    client = world.client_for("administrator")
    response = client.post(
        reverse("governments:membership-invite"), {"email": "x@example.org", "role": "editor"}
    )
    assert response.status_code == 200
    assert "An editor needs at least one department." in response.content.decode()
    assert not Membership.objects.filter(user__email="x@example.org").exists()


def test_the_last_administrator_cannot_be_demoted(world):
    client = world.client_for("administrator")
    own = Membership.objects.get(user=world.users["administrator"])
    response = client.post(
        reverse("governments:membership-edit", args=[own.pk]), {"role": "viewer"}
    )
    assert response.status_code == 200
    assert "at least one administrator" in response.content.decode()
    own.refresh_from_db()
    assert own.role == Role.ADMINISTRATOR


def test_switching_government(world):
    from lazos.core.testing.builders import MembershipFactory

    user = world.users["coordinator"]
    MembershipFactory.create(government=world.other_government, user=user, role=Role.VIEWER)
    client = world.client_for("coordinator")
    assert (
        client.get(reverse("governments:dashboard")).context["current_government"]
        == world.government
    )
    response = client.post(reverse("governments:switch"), {"government": world.other_government.pk})
    assert response.status_code == 302
    page = client.get(reverse("governments:dashboard"))
    assert page.context["current_government"] == world.other_government
    assert page.context["current_membership"].role == Role.VIEWER
    # A government the user is not a member of cannot be chosen.
    from lazos.core.testing.builders import GovernmentFactory

    third = GovernmentFactory.create()
    client.post(reverse("governments:switch"), {"government": third.pk})
    assert (
        client.get(reverse("governments:dashboard")).context["current_government"]
        == world.other_government
    )


def test_activity_log_filters(world):
    client = world.client_for("coordinator")
    client.post(
        reverse("governments:department-create"),
        {"name": "Tourism", "acronym": "", "description": "", "email": "", "is_active": "on"},
    )
    url = reverse("governments:activity")
    assert "Tourism" in client.get(url, {"channel": "web"}).content.decode()
    assert "Tourism" not in client.get(url, {"channel": "import"}).content.decode()
    assert "Tourism" in client.get(url, {"actor": world.users["coordinator"].pk}).content.decode()
    assert (
        "Tourism"
        not in client.get(url, {"actor": world.users["administrator"].pk}).content.decode()
    )
    assert "Tourism" in client.get(url, {"q": "tour"}).content.decode()
    # Another government's activity never shows.
    outsider = world.client_for("outsider")
    assert "Tourism" not in outsider.get(url).content.decode()


def test_superuser_creates_a_government_with_its_first_administrator(
    db, client, django_capture_on_commit_callbacks
):
    from lazos.core.testing.builders import UserFactory
    from lazos.governments.models import Government

    root = UserFactory.create(username="root", is_superuser=True)
    client.force_login(root)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("governments:government-create"),
            {
                "name": "Ciudad de Prueba",
                "slug": "ciudad-prueba",
                "kind": "municipality",
                "country": "MX",
                "subdivision": "MX-CMX",
                "population": "900000",
                "official_languages": ["es"],
                "currency": "MXN",
                "dormancy_months": "12",
                "portal_enabled": "on",
                "iati_organisation_type": "11",
                "open_data_licence": "CC-BY-4.0",
                "administrator_email": "alcaldia@example.org",
            },
        )
    assert response.status_code == 302, (
        getattr(response, "context", {}) and response.context["form"].errors
    )
    government = Government.objects.get(slug="ciudad-prueba")
    assert government.subdivision_id == "MX-CMX"
    admin = Membership.objects.get(government=government)
    assert (admin.role, admin.user.email) == ("administrator", "alcaldia@example.org")
    assert len(mail.outbox) == 1
    assert AuditEvent.objects.filter(government=government, actor=root).count() >= 2


def test_choosing_a_country_lists_its_subdivisions(world):
    client = world.client_for("administrator")
    response = client.get(reverse("reference:subdivision-options"), {"country": "BR"})
    html = response.content.decode()
    assert 'value="BR-RS"' in html
    assert "MX-" not in html
    form = client.get(reverse("governments:government-edit")).content.decode()
    assert 'hx-get="/reference/subdivisions/options/"' in form


def test_administrator_edits_the_profile_and_history_shows_it(world):
    client = world.client_for("administrator")
    government = world.government
    response = client.post(
        reverse("governments:government-edit"),
        {
            "name": "Alpha Metropolis",
            "slug": government.slug,
            "kind": "metropolitan",
            "country": "FR",
            "subdivision": "",
            "population": "2000000",
            "official_languages": ["fr", "br"],
            "currency": "EUR",
            "dormancy_months": "18",
            "portal_enabled": "on",
            "iati_organisation_type": "11",
            "open_data_licence": "CC-BY-4.0",
        },
    )
    assert response.status_code == 302
    government.refresh_from_db()
    assert (government.name, government.kind) == ("Alpha Metropolis", "metropolitan")
    history = client.get(reverse("governments:government-history")).content.decode()
    assert "Alpha Metropolis" in history
