"""Match rows keep their SME and demand links without database foreign key constraints.

A full rescore writes half a million match rows; checking both deferred foreign keys of
every row at commit took about 40% of the database's time to write them, and locked every
SME and demand row referenced. The rows are derived data: Django deletes them with their
SME or demand, and each full rescore deletes the rows of its SME ranges it did not score.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("matchmaking", "0014_investors_and_landing_support"),
    ]

    operations = [
        migrations.AlterField(
            model_name="matchscore",
            name="demand",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="match_scores",
                to="missions.demandproject",
            ),
        ),
        migrations.AlterField(
            model_name="matchscore",
            name="sme",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="match_scores",
                to="companies.organisation",
            ),
        ),
    ]
