"""An exact count of profiles, kept by the database, for the unfiltered directory.

Counting 100,000 published rows takes tens of milliseconds on every visit of the first
page; one row holding the counts is read in well under one. Triggers keep it exact for
every kind of write (the ORM, raw SQL, COPY, TRUNCATE), so no code path can forget it.
The table has no model: only the directory's selector reads it.
"""

from django.db import migrations

POSTGRES_FORWARD = """
CREATE TABLE companies_profile_counter (
    id smallint PRIMARY KEY CHECK (id = 1),
    total bigint NOT NULL,
    published bigint NOT NULL
);
INSERT INTO companies_profile_counter (id, total, published)
SELECT 1, count(*), count(*) FILTER (WHERE status = 'published')
  FROM companies_companyprofile;

-- Statement-level triggers with transition tables: a bulk load of 100,000 rows updates
-- the counter row once, not 100,000 times. A statement that leaves the counts as they
-- were does not touch (and so does not lock) the row.
CREATE FUNCTION companies_profile_count_insert() RETURNS trigger AS $$
DECLARE
    added bigint;
    added_published bigint;
BEGIN
    SELECT count(*), count(*) FILTER (WHERE status = 'published')
      INTO added, added_published FROM new_profiles;
    IF added <> 0 THEN
        UPDATE companies_profile_counter
           SET total = total + added, published = published + added_published
         WHERE id = 1;
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE FUNCTION companies_profile_count_update() RETURNS trigger AS $$
DECLARE
    change bigint;
BEGIN
    SELECT (SELECT count(*) FROM new_profiles WHERE status = 'published')
         - (SELECT count(*) FROM old_profiles WHERE status = 'published')
      INTO change;
    IF change <> 0 THEN
        UPDATE companies_profile_counter SET published = published + change WHERE id = 1;
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE FUNCTION companies_profile_count_delete() RETURNS trigger AS $$
DECLARE
    removed bigint;
    removed_published bigint;
BEGIN
    SELECT count(*), count(*) FILTER (WHERE status = 'published')
      INTO removed, removed_published FROM old_profiles;
    IF removed <> 0 THEN
        UPDATE companies_profile_counter
           SET total = total - removed, published = published - removed_published
         WHERE id = 1;
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE FUNCTION companies_profile_count_truncate() RETURNS trigger AS $$
BEGIN
    UPDATE companies_profile_counter SET total = 0, published = 0 WHERE id = 1;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER companies_profile_count_insert
    AFTER INSERT ON companies_companyprofile
    REFERENCING NEW TABLE AS new_profiles
    FOR EACH STATEMENT EXECUTE FUNCTION companies_profile_count_insert();
CREATE TRIGGER companies_profile_count_update
    AFTER UPDATE ON companies_companyprofile
    REFERENCING OLD TABLE AS old_profiles NEW TABLE AS new_profiles
    FOR EACH STATEMENT EXECUTE FUNCTION companies_profile_count_update();
CREATE TRIGGER companies_profile_count_delete
    AFTER DELETE ON companies_companyprofile
    REFERENCING OLD TABLE AS old_profiles
    FOR EACH STATEMENT EXECUTE FUNCTION companies_profile_count_delete();
CREATE TRIGGER companies_profile_count_truncate
    AFTER TRUNCATE ON companies_companyprofile
    FOR EACH STATEMENT EXECUTE FUNCTION companies_profile_count_truncate();
"""

POSTGRES_BACKWARD = """
DROP TRIGGER IF EXISTS companies_profile_count_truncate ON companies_companyprofile;
DROP TRIGGER IF EXISTS companies_profile_count_delete ON companies_companyprofile;
DROP TRIGGER IF EXISTS companies_profile_count_update ON companies_companyprofile;
DROP TRIGGER IF EXISTS companies_profile_count_insert ON companies_companyprofile;
DROP FUNCTION IF EXISTS companies_profile_count_truncate();
DROP FUNCTION IF EXISTS companies_profile_count_delete();
DROP FUNCTION IF EXISTS companies_profile_count_update();
DROP FUNCTION IF EXISTS companies_profile_count_insert();
DROP TABLE IF EXISTS companies_profile_counter;
"""

# SQLite has no statement-level triggers; row triggers are plenty for the embedded setup.
SQLITE_FORWARD = [
    """
    CREATE TABLE companies_profile_counter (
        id integer PRIMARY KEY CHECK (id = 1),
        total integer NOT NULL,
        published integer NOT NULL
    )
    """,
    """
    INSERT INTO companies_profile_counter (id, total, published)
    SELECT 1, count(*), coalesce(sum(status = 'published'), 0) FROM companies_companyprofile
    """,
    """
    CREATE TRIGGER companies_profile_count_insert
    AFTER INSERT ON companies_companyprofile
    BEGIN
        UPDATE companies_profile_counter
           SET total = total + 1, published = published + (NEW.status = 'published')
         WHERE id = 1;
    END
    """,
    """
    CREATE TRIGGER companies_profile_count_update
    AFTER UPDATE OF status ON companies_companyprofile
    WHEN OLD.status IS NOT NEW.status
    BEGIN
        UPDATE companies_profile_counter
           SET published = published + (NEW.status = 'published') - (OLD.status = 'published')
         WHERE id = 1;
    END
    """,
    """
    CREATE TRIGGER companies_profile_count_delete
    AFTER DELETE ON companies_companyprofile
    BEGIN
        UPDATE companies_profile_counter
           SET total = total - 1, published = published - (OLD.status = 'published')
         WHERE id = 1;
    END
    """,
]

SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS companies_profile_count_delete",
    "DROP TRIGGER IF EXISTS companies_profile_count_update",
    "DROP TRIGGER IF EXISTS companies_profile_count_insert",
    "DROP TABLE IF EXISTS companies_profile_counter",
]


def counter_forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_FORWARD)
    elif vendor == "sqlite":
        for statement in SQLITE_FORWARD:
            schema_editor.execute(statement)


def counter_backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_BACKWARD)
    elif vendor == "sqlite":
        for statement in SQLITE_BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ("companies", "0004_directory_sort_name"),
    ]

    operations = [
        migrations.RunPython(counter_forward, counter_backward),
    ]
