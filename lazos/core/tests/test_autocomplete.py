"""Type-ahead filters: partner and agreement search, scoped to the government."""

from django.urls import reverse

from lazos.agreements.tests.factories import AgreementFactory
from lazos.partners.tests.factories import PartnerFactory


def test_partner_and_agreement_search_answer_only_the_governments_rows(world):
    PartnerFactory.create(government=world.government, name="Porto municipality")
    PartnerFactory.create(government=world.other_government, name="Porto secret partner")
    AgreementFactory.create(government=world.government, title="Twinning with Porto")
    AgreementFactory.create(government=world.other_government, title="Porto secret agreement")
    client = world.client_for("viewer")
    partners = client.get(reverse("partners:partner-search"), {"q": "porto"}).json()["results"]
    labels = [p["label"] for p in partners]
    assert "Porto municipality" in labels
    assert not [label for label in labels if "secret" in label]
    agreements = client.get(reverse("agreements:agreement-search"), {"q": "por"}).json()
    assert [a["label"] for a in agreements["results"]] == ["Twinning with Porto"]  # not "secret"
    assert client.get(reverse("partners:partner-search"), {"q": "p"}).json() == {"results": []}
    assert world.client_for("stranger").get(reverse("partners:partner-search")).status_code == 403


def test_list_filters_are_type_ahead_and_never_name_another_governments_row(world):
    ours = PartnerFactory.create(government=world.government, name="Lisbon city council")
    theirs = PartnerFactory.create(government=world.other_government, name="Hidden partner")
    client = world.client_for("viewer")
    page = client.get(reverse("actions:action-list"), {"partner": ours.pk}).content.decode()
    assert 'data-url="/partners/search/"' in page
    assert 'value="Lisbon city council"' in page
    for url in (reverse("actions:action-list"), reverse("agreements:agreement-list")):
        page = client.get(url, {"partner": theirs.pk}).content.decode()
        assert "Hidden partner" not in page
    page = client.get(reverse("actions:commitment-list"), {"partner": theirs.pk}).content.decode()
    assert "Hidden partner" not in page
