"""Good practices on a government's public site: published only, localized, cached, no leak."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from lazos.actions.tests.factories import ActionFactory
from lazos.core.testing import assert_constant_queries
from lazos.core.testing.builders import GovernmentFactory
from lazos.practices import services
from lazos.practices.choices import TransferKind
from lazos.practices.tests.factories import IndicatorFactory, make_practice, make_transfer

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(db):
    government = GovernmentFactory.create(
        name="Rio Teste", slug="rio-teste", official_languages=["pt"], portal_enabled=True
    )
    published = make_practice(
        government,
        published=True,
        title="Coleta seletiva solidária",
        summary="Cooperativas de catadores.",
        translations={"en": {"title": "Solidarity selective collection"}},
        themes=("waste",),
        targets=("12.5",),
        contact_email="coleta@rioteste.example",
    )
    IndicatorFactory.create(practice=published, name="Toneladas recicladas", achieved="85")
    draft = make_practice(government, title="Rascunho secreto", summary="Ainda não.")
    return {"government": government, "published": published, "draft": draft}


def test_list_and_detail_show_published_practices_only(client, site):
    slug = site["government"].slug
    listing = client.get(
        reverse("public-practices:list", args=[slug]), HTTP_ACCEPT_LANGUAGE="pt"
    ).content.decode()
    assert "Coleta seletiva solidária" in listing
    assert "Rascunho secreto" not in listing
    detail = client.get(
        reverse("public-practices:detail", args=[slug, site["published"].pk])
    ).content.decode()
    for expected in ("Toneladas recicladas", "12.5", "coleta@rioteste.example"):
        assert expected in detail
    draft = reverse("public-practices:detail", args=[slug, site["draft"].pk])
    assert client.get(draft).status_code == 404


def test_pages_are_in_the_visitors_language_when_translated(client, site):
    url = reverse("public-practices:detail", args=[site["government"].slug, site["published"].pk])
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<h1>Solidarity selective collection</h1>" in english
    spanish = client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert '<h1 lang="pt">Coleta seletiva solidária</h1>' in spanish


def test_a_practice_of_another_government_or_a_disabled_portal_is_404(client, site):
    other = GovernmentFactory.create(slug="otra", portal_enabled=True)
    url = reverse("public-practices:detail", args=[other.slug, site["published"].pk])
    assert client.get(url).status_code == 404
    hidden = GovernmentFactory.create(slug="oculta", portal_enabled=False)
    make_practice(hidden, published=True)
    assert client.get(reverse("public-practices:list", args=[hidden.slug])).status_code == 404


def test_private_things_stay_out(client, site):
    government = site["government"]
    practice = site["published"]
    private = ActionFactory.create(government=government, title="Ação privada SENTINEL")
    public = ActionFactory.create(
        government=government, title="Ação pública", is_public=True, public_summary="P."
    )
    practice.actions.set([private, public])
    learner = GovernmentFactory.create(name="Cidade Aprendiz")
    make_transfer(learner, practice, TransferKind.ADAPTED, note="Nota SENTINEL")
    from lazos.core.testing.builders import DepartmentFactory

    practice.department = DepartmentFactory.create(government=government, name="Depto SENTINEL")
    practice.save()
    page = client.get(
        reverse("public-practices:detail", args=[government.slug, practice.pk])
    ).content.decode()
    assert "Ação pública" in page
    assert "Cidade Aprendiz" in page
    assert "SENTINEL" not in page


def test_a_mark_by_another_government_shows_at_once_on_the_cached_page(client, site):
    url = reverse("public-practices:detail", args=[site["government"].slug, site["published"].pk])
    assert "Cidade Aprendiz" not in client.get(url).content.decode()  # now cached
    learner = GovernmentFactory.create(name="Cidade Aprendiz")
    services.mark_practice(
        learner, practice=site["published"], kind=TransferKind.INTERESTED, acting_user=None
    )
    assert "Cidade Aprendiz" in client.get(url).content.decode()


def test_portal_navigation_and_home_list_the_practices(client, site):
    slug = site["government"].slug
    home = client.get(reverse("portal:government", args=[slug])).content.decode()
    assert reverse("public-practices:list", args=[slug]) in home
    assert reverse("public-practices:detail", args=[slug, site["published"].pk]) in home
    assert "Rascunho secreto" not in home


def test_public_list_query_budget(client, site):
    def add_rows(count: int) -> None:
        for _ in range(count):
            make_practice(site["government"], published=True, themes=("waste",))
        cache.clear()  # rows written without audit events do not renew the cached page

    assert_constant_queries(
        client,
        reverse("public-practices:list", args=[site["government"].slug]),
        add_rows,
        budget=10,
    )
