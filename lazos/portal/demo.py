"""Demo: the portal introduction of each demo government, in its language and translated."""

from __future__ import annotations

from typing import Any

from lazos.demo.kit import DemoReport, demo_step
from lazos.governments.models import Government, Membership
from lazos.portal.services import update_portal_settings

INTROS: dict[str, dict[str, Any]] = {
    "villa-esperanza": {
        "language": "es",
        "texts": {
            "es": (
                "Villa Esperanza coopera con ciudades de América Latina, Europa y África para "
                "mejorar el agua, la movilidad y la cultura de sus barrios. Aquí rendimos "
                "cuentas de lo que hacemos en el exterior, con quién, por qué y con qué "
                "resultados, y le preguntamos su opinión."
            ),
            "en": (
                "Villa Esperanza works with cities in Latin America, Europe and Africa to "
                "improve water, mobility and culture in its neighbourhoods. Here we account "
                "for what we do abroad, with whom, why and with what results, and ask for "
                "your views."
            ),
            "fr": (
                "Villa Esperanza coopère avec des villes d’Amérique latine, d’Europe et "
                "d’Afrique pour améliorer l’eau, la mobilité et la culture de ses quartiers. "
                "Nous rendons compte ici de notre action à l’étranger et vous consultons."
            ),
            "pt": (
                "Villa Esperanza coopera com cidades da América Latina, da Europa e da África "
                "para melhorar a água, a mobilidade e a cultura dos seus bairros. Aqui "
                "prestamos contas do que fazemos no exterior e pedimos a sua opinião."
            ),
        },
    },
    "rio-claro-do-sul": {
        "language": "pt",
        "texts": {
            "pt": (
                "Rio Claro do Sul coopera com cidades da América do Sul, da Europa e da África "
                "em mobilidade limpa, educação e meio ambiente. Aqui prestamos contas do que "
                "fazemos no exterior, com quem, por quê e com quais resultados, e pedimos a "
                "sua opinião."
            ),
            "en": (
                "Rio Claro do Sul works with cities in South America, Europe and Africa on "
                "clean mobility, education and the environment. Here we account for what we "
                "do abroad, with whom, why and with what results, and ask for your views."
            ),
            "es": (
                "Rio Claro do Sul coopera con ciudades de América del Sur, Europa y África en "
                "movilidad limpia, educación y medio ambiente. Aquí rendimos cuentas de lo que "
                "hacemos en el exterior y le preguntamos su opinión."
            ),
            "fr": (
                "Rio Claro do Sul coopère avec des villes d’Amérique du Sud, d’Europe et "
                "d’Afrique pour une mobilité propre, l’éducation et l’environnement. Nous "
                "rendons compte ici de notre action à l’étranger et vous consultons."
            ),
        },
    },
}


def _coordinator(government: Government) -> Any:
    membership = (
        Membership.objects.for_tenant(government)
        .filter(user__username="coordinator")
        .select_related("user")
        .first()
    )
    return membership.user if membership else None


@demo_step(order=70)
def load_portal(government: Government, report: DemoReport) -> None:
    """Publish the portal of a demo government with its introduction in four languages.

    The IATI organisation identifier stays empty: the demo governments are fictional and
    have no registered identifier. Idempotent: a second run changes nothing.
    """
    data = INTROS.get(government.slug)
    if data is None:
        return
    original = data["language"]
    values = {
        "portal_enabled": True,
        "portal_intro": data["texts"][original],
        "portal_intro_translations": {
            code: text for code, text in data["texts"].items() if code != original
        },
    }
    if all(getattr(government, name) == value for name, value in values.items()):
        return
    update_portal_settings(government, acting_user=_coordinator(government), **values)
    report.add(f"{government.name}: public portal introduction")
