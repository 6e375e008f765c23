"""The office writes the public texts of actions and agreements in other languages."""

from __future__ import annotations

from lazos.actions.tests.factories import ActionFactory
from lazos.agreements.tests.factories import AgreementFactory
from lazos.core.models import AuditEvent
from lazos.core.testing import assert_permission_matrix

MATRIX = {"anonymous": 302, "stranger": 403, "outsider": 404, "administrator": 200,
          "coordinator": 200, "editor": 403, "viewer": 403}  # fmt: skip


def test_translation_pages_permission_matrix(world):
    action = ActionFactory.create(government=world.government)
    agreement = AgreementFactory.create(government=world.government)
    assert_permission_matrix(world, f"/actions/{action.pk}/translations/", MATRIX)
    assert_permission_matrix(world, f"/agreements/{agreement.pk}/translations/", MATRIX)


def test_editor_translates_the_actions_of_their_department(world):
    action = ActionFactory.create(government=world.government, lead_department=world.department)
    response = world.client_for("editor").get(f"/actions/{action.pk}/translations/")
    assert response.status_code == 200


def test_saved_translations_are_audited_and_shown_on_the_portal(world, client):
    action = ActionFactory.create(
        government=world.government, title="Échange sur l’eau", language="fr",
        is_public=True, public_summary="Des techniciens ont échangé.",
        translations={"de": {"title": "Wasseraustausch"}},
    )  # fmt: skip
    office = world.client_for("coordinator")
    page = office.get(f"/actions/{action.pk}/translations/").content.decode()
    assert 'name="en__title"' in page
    assert 'name="fr__title"' not in page
    response = office.post(
        f"/actions/{action.pk}/translations/",
        {"en__title": "Water exchange", "en__public_summary": "Technicians met.",
         "es__title": "Intercambio sobre el agua", "pt__title": ""},
    )  # fmt: skip
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.translations == {
        "de": {"title": "Wasseraustausch"},
        "en": {"title": "Water exchange", "public_summary": "Technicians met."},
        "es": {"title": "Intercambio sobre el agua"},
    }
    assert AuditEvent.objects.for_object(action).filter(changes__has_key="translations").exists()
    url = f"/{world.government.slug}/actions/{action.pk}/"
    assert "Water exchange" in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    spanish = client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Intercambio sobre el agua" in spanish
    assert 'lang="fr"' in spanish  # the summary falls back to French, marked


def test_agreement_translations(world):
    agreement = AgreementFactory.create(government=world.government, title="Acuerdo", language="es")
    response = world.client_for("administrator").post(
        f"/agreements/{agreement.pk}/translations/", {"en__title": "Agreement"}
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.translations == {"en": {"title": "Agreement"}}
