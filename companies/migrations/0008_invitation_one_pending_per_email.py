"""One waiting invitation per organisation and address; older duplicates are dropped."""

from django.db import migrations, models


def drop_duplicate_pending_invitations(apps, schema_editor):
    Invitation = apps.get_model("companies", "Invitation")
    seen = set()
    pending = Invitation.objects.filter(accepted_at__isnull=True).order_by("-created_at", "-pk")
    for invitation in pending.only("pk", "organisation_id", "email"):
        key = (invitation.organisation_id, invitation.email.lower())
        if key in seen:
            invitation.delete()
        seen.add(key)


class Migration(migrations.Migration):

    dependencies = [
        ("companies", "0007_pending_organisation"),
    ]

    operations = [
        migrations.RunPython(drop_duplicate_pending_invitations, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="invitation",
            constraint=models.UniqueConstraint(
                condition=models.Q(("accepted_at__isnull", True)),
                fields=("organisation", "email"),
                name="companies_invitation_one_pending_per_email",
            ),
        ),
    ]
