"""Good-practice services: write, publish, measure, and the marks other governments leave.

Every write validates, runs in a transaction and is audited. A practice is written and
published by its own government; a mark (``PracticeTransfer``) is written by the government
that learns from it and refers to a published practice of another government.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lazos.actions.models import Action
from lazos.core import audit
from lazos.core.content import base_language
from lazos.core.events import notify
from lazos.core.services import assign, delete_audited, save_audited
from lazos.core.tenancy import require_same_government
from lazos.governments.models import LANGUAGE_CHOICES, Department, Government
from lazos.portal.cache import bump_now_and_after_commit
from lazos.practices.choices import PracticeStatus, TransferKind
from lazos.practices.events import MARKED
from lazos.practices.library import text_terms
from lazos.practices.models import GoodPractice, PracticeIndicator, PracticeTransfer

if TYPE_CHECKING:
    from lazos.accounts.models import User
    from lazos.reference.models import SdgTarget, Theme

# What a practice says, in the order the services and the serializers (the API's and the
# public read API's) list it.
PRACTICE_CONTENT_FIELDS = (
    "title",
    "summary",
    "context",
    "solution",
    "results",
    "resources",
    "cost",
    "currency",
    "transfer_conditions",
    "contact_name",
    "contact_role",
    "contact_email",
    "material_languages",
    "started_on",
)
PRACTICE_FIELDS = (*PRACTICE_CONTENT_FIELDS, "department", "language", "translations")
INDICATOR_FIELDS = ("name", "unit", "baseline", "achieved", "period", "position")
# The texts a translation may hold, and the languages it may be in.
TRANSLATED_FIELDS = ("title", "summary")
TRANSLATION_LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)

# What a practice needs before it is published, with the message naming the missing part.
REQUIRED_TO_PUBLISH = {
    "summary": _("Write the summary before publishing."),
    "context": _("Describe the context and the problem before publishing."),
    "solution": _("Say what was done before publishing."),
    "results": _("Describe the results before publishing."),
}
THEMES_REQUIRED = _("Choose at least one theme before publishing: peers find practices by theme.")


def _pk(value: object) -> object:
    """The id of a row given as itself or its id."""
    return value.pk if isinstance(value, models.Model) else value


def _check_own(
    government_id: int, field: str, model: type[models.Model], values: Iterable[object]
) -> None:
    require_same_government(government_id, field, [_pk(v) for v in values], model)


def _clean_translations(value: Any) -> dict[str, dict[str, str]]:
    """Keep the non-empty translated texts, refusing unknown languages or fields."""
    if value in (None, ""):
        return {}
    if not isinstance(value, Mapping):
        raise ValidationError({"translations": _("Translations must be given by language.")})
    cleaned: dict[str, dict[str, str]] = {}
    title_length = GoodPractice._meta.get_field("title").max_length or 300
    for language, texts in value.items():
        code = base_language(str(language))
        if code not in TRANSLATION_LANGUAGES or not isinstance(texts, Mapping):
            raise ValidationError(
                {
                    "translations": _("“%(language)s” is not a language of this instance.")
                    % {"language": language}
                }
            )
        kept = {}
        for name, text in texts.items():
            if name not in TRANSLATED_FIELDS:
                raise ValidationError(
                    {"translations": _("Only the title and the summary are translated.")}
                )
            text = str(text or "").strip()
            if name == "title" and len(text) > title_length:
                raise ValidationError(
                    {
                        "translations": _("A translated title has at most %(count)d characters.")
                        % {"count": title_length}
                    }
                )
            if text:
                kept[name] = text
        if kept:
            cleaned[code] = kept
    return cleaned


def _clean_material_languages(value: Any) -> list[str]:
    known = {code for code, _name in LANGUAGE_CHOICES}
    codes = []
    for item in value or []:
        code = str(item).strip().lower()
        if code not in known:
            raise ValidationError(
                {"material_languages": _("Unknown language code: %(code)s.") % {"code": item}}
            )
        if code not in codes:
            codes.append(code)
    return codes


def _prepare(government: Government, values: dict[str, Any], m2m: dict[str, Any]) -> None:
    """Check the links are the government's own and normalise the structured fields."""
    if "department" in values:
        _check_own(government.pk, "department", Department, [values["department"]])
    if m2m.get("actions") is not None:
        _check_own(government.pk, "actions", Action, m2m["actions"])
    if "translations" in values:
        values["translations"] = _clean_translations(values["translations"])
    if "material_languages" in values:
        values["material_languages"] = _clean_material_languages(values["material_languages"])
    if values.get("cost") is not None and not values.get("currency"):
        values["currency"] = government.currency or "EUR"


def _publication_errors(practice: GoodPractice, themes: list[Any] | None) -> dict[str, Any]:
    errors: dict[str, Any] = {
        name: message
        for name, message in REQUIRED_TO_PUBLISH.items()
        if not str(getattr(practice, name) or "").strip()
    }
    # ``all()`` uses the prefetched themes when the page loaded them.
    has_theme = bool(themes) if themes is not None else bool(list(practice.themes.all()))
    if not has_theme:
        errors["themes"] = THEMES_REQUIRED
    return errors


def missing_for_publication(practice: GoodPractice) -> list[str]:
    """What a draft still lacks to be published, as messages (empty: it can be)."""
    return [str(message) for message in _publication_errors(practice, None).values()]


@transaction.atomic
def create_practice(
    government: Government,
    *,
    acting_user: User | None,
    themes: Iterable[Theme | str] = (),
    sdg_targets: Iterable[SdgTarget | str] = (),
    actions: Iterable[Action | int] = (),
    **values: Any,
) -> GoodPractice:
    """Write a new practice, as a draft, with its themes, SDG targets and linked actions."""
    m2m: dict[str, list[models.Model | int | str]] = {
        "themes": list(themes),
        "sdg_targets": list(sdg_targets),
        "actions": list(actions),
    }
    _prepare(government, values, m2m)
    practice = GoodPractice(government=government, status=PracticeStatus.DRAFT)
    assign(practice, PRACTICE_FIELDS, values)
    practice.search_terms = text_terms(practice)
    return save_audited(practice, acting_user=acting_user, fields=(), values={}, m2m=m2m)


@transaction.atomic
def update_practice(
    practice: GoodPractice,
    *,
    acting_user: User,
    themes: Iterable[Theme | str] | None = None,
    sdg_targets: Iterable[SdgTarget | str] | None = None,
    actions: Iterable[Action | int] | None = None,
    **values: Any,
) -> GoodPractice:
    """Change a practice; a many-to-many argument left as ``None`` is left alone. A published
    practice must stay complete enough to be published."""
    m2m = {
        name: list(related)
        for name, related in (
            ("themes", themes),
            ("sdg_targets", sdg_targets),
            ("actions", actions),
        )
        if related is not None
    }
    _prepare(practice.government, values, m2m)
    with audit.recording(practice, actor=acting_user):
        assign(practice, PRACTICE_FIELDS, values)
        practice.search_terms = text_terms(practice)
        if practice.is_published:
            errors = _publication_errors(practice, m2m.get("themes"))
            if errors:
                raise ValidationError(errors)
        practice.full_clean()
        practice.save()
        for name, related in m2m.items():
            getattr(practice, name).set(related)
    return practice


@transaction.atomic
def publish_practice(practice: GoodPractice, *, acting_user: User | None) -> GoodPractice:
    """Make a complete draft public and searchable across the instance."""
    if practice.is_published:
        raise ValidationError(_("This practice is already published."))
    errors = _publication_errors(practice, None)
    if errors:
        raise ValidationError(errors)
    return save_audited(
        practice,
        acting_user=acting_user,
        fields=("status", "published_at"),
        values={"status": PracticeStatus.PUBLISHED, "published_at": timezone.now()},
    )


@transaction.atomic
def unpublish_practice(practice: GoodPractice, *, acting_user: User) -> GoodPractice:
    """Take a practice back to draft: it leaves the library and the public site. The marks
    other governments left are kept and come back if it is published again."""
    if not practice.is_published:
        raise ValidationError(_("Only a published practice can be withdrawn."))
    return save_audited(
        practice,
        acting_user=acting_user,
        fields=("status", "published_at"),
        values={"status": PracticeStatus.DRAFT, "published_at": None},
    )


@transaction.atomic
def delete_practice(practice: GoodPractice, *, acting_user: User) -> None:
    """Delete a practice with its indicators; refused once other governments have marked it
    (their transfer log would lose its record): withdraw it instead."""
    if PracticeTransfer.objects.of_practice(practice).exists():
        raise ValidationError(
            _(
                "Other governments have recorded this practice in their transfer log: "
                "withdraw it from publication instead of deleting it."
            )
        )
    delete_audited(practice, acting_user=acting_user)


def reindex_practices(queryset: models.QuerySet[GoodPractice] | None = None) -> int:
    """Compute the stored search terms again (derived data, not audited), e.g. after the
    stemming or the vocabulary changed. Returns how many practices were updated."""
    changed = []
    for practice in (
        queryset if queryset is not None else GoodPractice.objects.all()
    ).select_related("government"):
        terms = text_terms(practice)
        if practice.search_terms != terms:
            practice.search_terms = terms
            changed.append(practice)
    GoodPractice.objects.bulk_update(changed, ["search_terms"], batch_size=500)
    return len(changed)


# --- Indicators --------------------------------------------------------------------------------


@transaction.atomic
def add_indicator(
    practice: GoodPractice, *, acting_user: User | None, **values: Any
) -> PracticeIndicator:
    if "position" not in values or values["position"] is None:
        last = practice.indicators.aggregate(last=models.Max("position"))["last"]
        values["position"] = 0 if last is None else last + 1
    indicator = PracticeIndicator(government_id=practice.government_id, practice=practice)
    return save_audited(
        indicator,
        acting_user=acting_user,
        fields=INDICATOR_FIELDS,
        values=values,
        note=str(practice)[:200],
    )


@transaction.atomic
def update_indicator(
    indicator: PracticeIndicator, *, acting_user: User | None, **values: Any
) -> PracticeIndicator:
    return save_audited(indicator, acting_user=acting_user, fields=INDICATOR_FIELDS, values=values)


@transaction.atomic
def remove_indicator(indicator: PracticeIndicator, *, acting_user: User | None) -> None:
    delete_audited(indicator, acting_user=acting_user)


@transaction.atomic
def save_indicators(
    practice: GoodPractice,
    *,
    acting_user: User | None,
    rows: Iterable[tuple[PracticeIndicator | None, Mapping[str, Any]]] = (),
    remove: Iterable[PracticeIndicator] = (),
) -> list[PracticeIndicator]:
    """Save the indicators of a practice at once (the edit form's rows): ``rows`` are
    (existing indicator or None for a new one, values); ``remove`` are deleted. Rows are
    numbered in the order given."""
    for indicator in remove:
        if indicator.practice_id != practice.pk:
            raise ValidationError(_("This indicator belongs to another practice."))
        remove_indicator(indicator, acting_user=acting_user)
    saved = []
    for position, (existing, values) in enumerate(rows):
        data = {**values, "position": position}
        if existing is None:
            saved.append(add_indicator(practice, acting_user=acting_user, **data))
        else:
            if existing.practice_id != practice.pk:
                raise ValidationError(_("This indicator belongs to another practice."))
            saved.append(update_indicator(existing, acting_user=acting_user, **data))
    return saved


# --- Marks by other governments ---------------------------------------------------------------


@transaction.atomic
def mark_practice(
    government: Government,
    *,
    practice: GoodPractice,
    kind: str,
    acting_user: User | None,
    note: str = "",
    action: Action | None = None,
) -> PracticeTransfer:
    """Record that ``government`` is interested in, or has adapted, another government's
    published practice. Marking again with the same kind changes the note and the action."""
    if kind not in TransferKind.values:
        raise ValidationError({"kind": _("Choose “interested” or “we adapted this”.")})
    if practice.government_id == government.pk:
        raise ValidationError(_("A government cannot mark its own practice."))
    if not GoodPractice.objects.published().filter(pk=practice.pk).exists():
        raise ValidationError(_("Only a published practice can be marked."))
    require_same_government(government, "action", action)
    transfer = (
        PracticeTransfer.objects.for_tenant(government)
        .select_for_update()
        .filter(practice=practice, kind=kind)
        .first()
    )
    new = transfer is None
    if transfer is None:
        transfer = PracticeTransfer(
            government=government, practice=practice, kind=kind, recorded_by=acting_user
        )
    values = {"note": (note or "").strip(), "action": action}
    save_audited(
        transfer,
        acting_user=acting_user,
        fields=values,
        values=values,
        note=str(practice)[:200],
    )
    # The practice's own public page shows its transfer log.
    bump_now_and_after_commit(practice.government_id)
    if new:
        notify(
            MARKED[TransferKind(kind)].code,
            practice,
            actor=acting_user,
            government=practice.government,
            note=government.name,
        )
    return transfer


@transaction.atomic
def unmark_practice(
    government: Government, *, practice: GoodPractice, kind: str, acting_user: User
) -> None:
    """Remove the government's mark of this kind (nothing happens when there is none)."""
    transfer = (
        PracticeTransfer.objects.for_tenant(government).filter(practice=practice, kind=kind).first()
    )
    if transfer is not None:
        remove_mark(transfer, acting_user=acting_user)


@transaction.atomic
def remove_mark(transfer: PracticeTransfer, *, acting_user: User) -> None:
    """Delete one mark (the practice may have been withdrawn since)."""
    practice_id = transfer.practice_id
    delete_audited(transfer, acting_user=acting_user)
    bump_now_and_after_commit(
        GoodPractice.objects.filter(pk=practice_id).values_list("government_id", flat=True).first()
    )
