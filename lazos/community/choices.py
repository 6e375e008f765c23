from django.db import models
from django.utils.translation import gettext_lazy as _


class QuestionStatus(models.TextChoices):
    OPEN = "open", _("open")
    ANSWERED = "answered", _("answered")
    CLOSED = "closed", _("closed")


class NotificationKind(models.TextChoices):
    ANSWER = "answer", _("new answer to your question")
    REPLY_ON_FOLLOWED = "followed", _("new answer in a thread you take part in")


# Languages an expert may tick on their profile (and filter the directory by): the site's own
# languages first, then those most used in cooperation between cities.
EXPERT_LANGUAGES = ("es", "pt", "fr", "en", "de", "it", "ca", "nl", "ar", "zh-hans", "ru", "ja")


def language_name(code: str) -> str:
    """The name of a language in the interface language ("pt" → "Portugués" in Spanish)."""
    from django.utils.translation import get_language_info

    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def expert_language_choices() -> list[tuple[str, str]]:
    return [(code, language_name(code)) for code in EXPERT_LANGUAGES]
