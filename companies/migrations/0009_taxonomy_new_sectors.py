"""Add the sectors the taxonomy gained (agri-food, blue economy, bio-based materials,
circular economy) to installations that loaded it earlier; existing sectors are updated."""

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
    dependencies = [("companies", "0008_invitation_one_pending_per_email")]
    operations = [migrations.RunPython(load_taxonomy, migrations.RunPython.noop)]
