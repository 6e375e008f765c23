"""Load the SDG goals and targets and the ISO 3166-2 subdivisions.

Runs the same idempotent loaders as ``lazos load_reference``, with the historical models.
Cities are not loaded here (``lazos load_reference --cities``): they are large and optional.
"""

from django.db import migrations


def load(apps, schema_editor):
    from lazos.reference.loaders import sync_sdgs, sync_subdivisions

    sync_sdgs(apps.get_model("reference", "SdgGoal"), apps.get_model("reference", "SdgTarget"))
    sync_subdivisions(apps.get_model("reference", "Subdivision"))


class Migration(migrations.Migration):
    dependencies = [
        ("reference", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop, elidable=False),
    ]
