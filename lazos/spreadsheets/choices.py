from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    PARTNERS = "partners", _("partners")
    AGREEMENTS = "agreements", _("agreements")
    ACTIONS = "actions", _("actions")


# The model each kind of import writes ("app_label.Model"), for the import's permission check;
# the importers (importers.py) write the same models.
IMPORT_MODELS: dict[str, str] = {
    ImportKind.PARTNERS: "partners.Partner",
    ImportKind.AGREEMENTS: "agreements.Agreement",
    ImportKind.ACTIONS: "actions.Action",
}


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", _("previewed")
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    APPLIED = "applied", _("applied")
    FAILED = "failed", _("failed")


# Statuses in which the import is still moving (the progress partial keeps polling).
ACTIVE_STATUSES = frozenset({ImportStatus.QUEUED, ImportStatus.RUNNING})
