from django.db import migrations


def load(apps, schema_editor):
    from lazos.reference.loaders import sync_themes

    sync_themes(apps.get_model("reference", "Theme"))


class Migration(migrations.Migration):
    dependencies = [("reference", "0003_theme")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
