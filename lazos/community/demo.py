"""Demo: experts of the three demo governments and five threads in es/pt/fr/en.

Two new people (Lucía in Villa Esperanza's environment department, João in Rio Claro do Sul's)
join Claire (Lac-Saint-Amand) and the demo coordinator as published experts. The threads are
about work the demo governments really do: selective waste collection with waste-picker
cooperatives, a network position for the HLPF, translating a twinning agreement, national
registration of agreements. One answer is marked helpful; the demo coordinator has unread
notifications. Loaded once, after every demo government exists; idempotent (a thread is looked
up by its government and title, a profile by its government and person). No email is sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from lazos.accounts.services import set_preferred_language
from lazos.community import services
from lazos.community.models import ExpertProfile, Notification, Question
from lazos.demo.kit import DemoReport, demo_instance_step, ensure_membership, ensure_user
from lazos.governments.choices import Role
from lazos.governments.models import Department, Government
from lazos.reference.models import Theme

VILLA, RIO, LAC = "villa-esperanza", "rio-claro-do-sul", "lac-saint-amand"

# username, first name, last name, preferred language, government, role, department
NEW_EXPERTS = (
    ("lucia", "Lucía", "Ramírez", "es", VILLA, Role.EDITOR, "Medio Ambiente"),
    ("joao", "João", "Pereira", "pt", RIO, Role.EDITOR, "Secretaria de Meio Ambiente"),
)

# username, government, headline, expertise, languages, themes
PROFILES: tuple[tuple[str, str, str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "lucia", VILLA,
        "Ingeniera ambiental, residuos sólidos urbanos (10 años)",
        "Diseño de rutas de recolección selectiva, convenios con cooperativas de "
        "recicladores, compostaje en mercados municipales.",
        ("es", "en"), ("waste", "social-inclusion"),
    ),
    (
        "joao", RIO,
        "Coordenador de coleta seletiva e inclusão de catadores",
        "Contratação de cooperativas de catadores pelo município, pagamento por serviço "
        "ambiental, galpões de triagem, educação ambiental nas escolas.",
        ("pt", "es"), ("waste", "social-inclusion", "education"),
    ),
    (
        "claire", LAC,
        "Conseillère aux relations internationales : jumelages et réseaux de villes",
        "Négociation et traduction d'ententes de jumelage, représentation de la ville dans "
        "CGLU, préparation de contributions aux revues locales volontaires.",
        ("fr", "en", "es"), ("governance", "culture"),
    ),
    (
        "coordinator", VILLA,
        "Coordinadora de relaciones internacionales",
        "Estrategia internacional del municipio, posicionamiento en redes (CGLU, "
        "Mercociudades), registro de acuerdos ante la Secretaría de Relaciones Exteriores.",
        ("es", "en", "pt"), ("governance", "investment"),
    ),
)  # fmt: skip


@dataclass(frozen=True)
class Reply:
    author: str
    government: str
    days_ago: int
    body: str
    helpful: bool = False


@dataclass(frozen=True)
class Thread:
    author: str
    government: str
    language: str
    days_ago: int
    title: str
    body: str
    themes: tuple[str, ...]
    replies: tuple[Reply, ...] = ()


THREADS: tuple[Thread, ...] = (
    Thread(
        "lucia", VILLA, "es", 34,
        "¿Cómo integraron a las cooperativas de recicladores en la recolección selectiva?",
        "Queremos pasar de la recolección mixta a la selectiva en tres colonias y reconocer el "
        "trabajo de los recicladores que ya separan en el tiradero. ¿Qué figura usaron para "
        "contratarlos y cómo fijaron el pago?",
        ("waste", "social-inclusion"),
        (
            Reply(
                "joao", RIO, 31,
                "Em Rio Claro do Sul a prefeitura contrata duas cooperativas de catadores com "
                "dispensa de licitação (a lei federal permite). Pagamos por tonelada triada e "
                "desviada do aterro, além da venda do material, que fica com a cooperativa. O "
                "que fez diferença: galpão cedido pelo município, EPIs e uma rota fixa por "
                "bairro. Posso enviar o modelo de contrato.",
                helpful=True,
            ),
            Reply(
                "claire", LAC, 29,
                "À Lac-Saint-Amand la collecte est faite par une entreprise d'économie sociale. "
                "Nous avons appris qu'il faut mesurer dès le début le taux de contamination des "
                "bacs : c'est ce chiffre qui a convaincu le conseil de continuer.",
            ),
        ),
    ),
    Thread(
        "coordinator", VILLA, "en", 12,
        "How do you prepare a network position for the HLPF?",
        "Our network wants to bring a joint statement of local governments to the High-level "
        "Political Forum in July. How did you gather the cities' inputs, and who signed "
        "the final text?",
        ("governance",),
        (
            Reply(
                "claire", LAC, 9,
                "Nous l'avons fait l'an dernier avec CGLU : un questionnaire court aux villes "
                "membres en février, un atelier en ligne en avril, puis un texte de deux pages "
                "validé par le bureau du réseau. Chaque ville l'a ensuite endossé par "
                "résolution du conseil ; comptez six semaines pour ces résolutions.",
            ),
            Reply(
                "joao", RIO, 6,
                "Uma dica: liguem a posição à Revisão Local Voluntária de cada cidade. Em Rio "
                "Claro usamos os indicadores da nossa RLV como anexo e isso deu peso ao texto.",
            ),
        ),
    ),
    Thread(
        "claire", LAC, "fr", 20,
        "Traduire une entente de jumelage : quelle version fait foi ?",
        "Nous préparons une entente de jumelage en français et en espagnol. Faut-il désigner "
        "une version qui fait foi, ou les deux versions peuvent-elles avoir la même valeur ?",
        ("governance", "culture"),
        (
            Reply(
                "coordinator", VILLA, 18,
                "En nuestros acuerdos de hermanamiento firmamos las dos versiones como "
                "igualmente auténticas, con una cláusula que remite a una comisión mixta si "
                "hay diferencias de interpretación. Conviene que un traductor certificado "
                "revise ambas antes de la firma.",
            ),
        ),
    ),
    Thread(
        "joao", RIO, "pt", 8,
        "Registro nacional de acordos internacionais: como vocês fazem?",
        "Nosso jurídico pergunta se os acordos de cooperação descentralizada precisam ser "
        "comunicados ao governo federal. Como funciona no México e no Canadá?",
        ("governance",),
        (
            Reply(
                "lucia", VILLA, 7,
                "En México los acuerdos interinstitucionales de los municipios se registran "
                "ante la Secretaría de Relaciones Exteriores, que antes emite un dictamen. "
                "Nosotros enviamos el borrador antes de firmar; el trámite tarda unos dos meses.",
            ),
            Reply(
                "coordinator", VILLA, 5,
                "Adding to Lucía: we keep the registration number and status of each agreement "
                "in Lazos, so the reminders tell us when a registration is still pending.",
            ),
        ),
    ),
    Thread(
        "lucia", VILLA, "es", 2,
        "¿Alguien midió el metano evitado al compostar los residuos de mercados?",
        "Vamos a presentar el compostaje de mercados a un fondo climático y nos piden una "
        "estimación de emisiones evitadas. ¿Qué metodología usaron?",
        ("waste", "climate"),
    ),
)  # fmt: skip


@demo_instance_step(order=40)
def load_community(report: DemoReport) -> None:
    """Create the community's experts, profiles and threads (once)."""
    governments = {g.slug: g for g in Government.objects.filter(slug__in=[VILLA, RIO, LAC])}
    if len(governments) < 3:
        return
    people = _people(governments, report)
    themes = {theme.code: theme for theme in Theme.objects.all()}
    for username, slug, headline, expertise, languages, codes in PROFILES:
        _profile(governments[slug], people[username], headline, expertise, languages,
                 [themes[c] for c in codes], report)  # fmt: skip
    for thread in THREADS:
        _thread(thread, governments, people, themes, report)
    # Those who asked earlier have read their notifications; the coordinator has not.
    for username in ("lucia", "joao", "claire"):
        if Notification.objects.filter(recipient=people[username]).unread().exists():
            services.mark_notifications_read(acting_user=people[username])


def _people(governments: dict[str, Government], report: DemoReport) -> dict[str, Any]:
    people: dict[str, Any] = {}
    for username, first, last, language, slug, role, department_name in NEW_EXPERTS:
        government = governments[slug]
        user = ensure_user(username, first, last, report)
        if not user.preferred_language:
            set_preferred_language(user, language=language, acting_user=user)
        departments = list(Department.objects.for_tenant(government).filter(name=department_name))
        ensure_membership(government, user, role, departments, report)
        people[username] = user
    for user in get_user_model().objects.filter(username__in=["claire", "coordinator"]):
        people[user.username] = user
    return people


def _profile(
    government: Government,
    user: Any,
    headline: str,
    expertise: str,
    languages: tuple[str, ...],
    themes: list[Theme],
    report: DemoReport,
) -> None:
    if ExpertProfile.objects.for_tenant(government).filter(user=user).exists():
        return
    services.publish_profile(
        government,
        acting_user=user,
        headline=headline,
        expertise=expertise,
        languages=languages,
        themes=themes,
        is_published=True,
    )
    report.add(f"expert profile {user.username} in {government.slug}")


def _thread(
    thread: Thread,
    governments: dict[str, Government],
    people: dict[str, Any],
    themes: dict[str, Theme],
    report: DemoReport,
) -> None:
    government = governments[thread.government]
    if Question.objects.for_tenant(government).filter(title=thread.title).exists():
        return
    now = timezone.now()
    question = services.ask_question(
        government,
        acting_user=people[thread.author],
        title=thread.title,
        body=thread.body,
        language=thread.language,
        themes=[themes[code] for code in thread.themes],
        posted_at=now - timedelta(days=thread.days_ago),
    )
    for reply in thread.replies:
        answer = services.answer_question(
            governments[reply.government],
            question,
            acting_user=people[reply.author],
            body=reply.body,
            posted_at=now - timedelta(days=reply.days_ago),
            notify_by_email=False,
        )
        if reply.helpful:
            services.mark_helpful(answer, acting_user=people[thread.author])
    report.add(f"community thread “{thread.title[:40]}…”")
