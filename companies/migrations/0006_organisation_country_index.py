"""An index on the organisation's country for the directory's country filter.

The filter joins each matching profile to its organisation. Without an index on the
country, the planner's only alternative to one look-up per profile is reading every
organisation, and at 100,000 SMEs it sometimes chose that (17 ms instead of 2). With
(country, id) both ways of joining are cheap, so a change in the statistics cannot make
the page slow. Raw SQL, like the directory's other indexes (migration 0003), because the
index serves the database's plans rather than anything the models express.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("companies", "0005_directory_profile_counter"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX companies_organisation_country_id ON companies_organisation (country, id)",
            reverse_sql="DROP INDEX IF EXISTS companies_organisation_country_id",
        ),
    ]
