"""Load the sector taxonomy, so every installation has the sectors its forms offer."""

from django.db import migrations


def load_taxonomy(apps, schema_editor):
    from companies import taxonomy

    Sector = apps.get_model("companies", "Sector")
    by_code = {}
    for node in sorted(taxonomy.SECTORS, key=lambda s: (s.parent_code is not None, s.code)):
        sector, _ = Sector.objects.update_or_create(
            code=node.code,
            defaults={
                "parent": by_code.get(node.parent_code),
                "name_en": node.name_en,
                "name_zh": node.name_zh,
                "description": node.description_en,
            },
        )
        by_code[node.code] = sector


class Migration(migrations.Migration):
    dependencies = [("companies", "0001_initial")]
    operations = [migrations.RunPython(load_taxonomy, migrations.RunPython.noop)]
