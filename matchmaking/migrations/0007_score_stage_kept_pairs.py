"""The staging table of full rescores holds only the pairs that are kept.

Score chunks stage each SME's own top K and the merge adds the pairs that only a
demand's global top K keeps, so the table no longer needs the ranking score that the
persist step used to select pairs with. It holds transient rows only: recreated empty.
"""

from django.db import migrations

STAGE_SQL = (
    "CREATE UNLOGGED TABLE matchmaking_scorestage ("
    " run_id bigint NOT NULL, sme_id bigint NOT NULL, demand_id bigint NOT NULL,"
    " own boolean NOT NULL, score double precision NOT NULL,"
    " confidence double precision NOT NULL, components double precision[] NOT NULL,"
    " digest bigint NOT NULL)"
)
OLD_STAGE_SQL = (
    "CREATE UNLOGGED TABLE matchmaking_scorestage ("
    " run_id bigint NOT NULL, sme_id bigint NOT NULL, demand_id bigint NOT NULL,"
    " own boolean NOT NULL, rank_score real NOT NULL, score double precision NOT NULL,"
    " confidence double precision NOT NULL, components double precision[] NOT NULL,"
    " digest bigint NOT NULL)"
)


def recreate(sql):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute("DROP TABLE IF EXISTS matchmaking_scorestage")
            schema_editor.execute(sql)

    return operation


class Migration(migrations.Migration):

    dependencies = [
        ("matchmaking", "0006_match_score_lean_indexes"),
    ]

    operations = [
        migrations.RunPython(recreate(STAGE_SQL), recreate(OLD_STAGE_SQL)),
    ]
