"""An unlogged staging table for full rescores on PostgreSQL.

Score chunks stream their candidate pairs into it with a binary COPY; persist chunks then
merge them into ``matchmaking_matchscore`` with set-based statements. It holds transient
rows only (cleared per chunk once written), so it is unlogged and has no model. Other
databases use the portable writer and do not get the table.
"""

from django.db import migrations

STAGE_SQL = (
    "CREATE UNLOGGED TABLE IF NOT EXISTS matchmaking_scorestage ("
    " run_id bigint NOT NULL, sme_id bigint NOT NULL, demand_id bigint NOT NULL,"
    " own boolean NOT NULL, rank_score real NOT NULL, score double precision NOT NULL,"
    " confidence double precision NOT NULL, components double precision[] NOT NULL,"
    " digest bigint NOT NULL)"
)


def create_stage(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(STAGE_SQL)


def drop_stage(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP TABLE IF EXISTS matchmaking_scorestage")


class Migration(migrations.Migration):

    dependencies = [
        ("matchmaking", "0004_match_score_digest"),
    ]

    operations = [
        migrations.RunPython(create_stage, drop_stage),
    ]
