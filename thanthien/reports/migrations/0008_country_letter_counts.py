"""The country's letters: the letters issued counted per local day and month and group, in 64 rows (the
letter's id modulo 64) instead of one per letter, kept by a trigger as the communes' dossier and rating
buckets are (reports.summaries.COUNTRY_LETTERS), and a first count of the letters there.

The SQL is frozen here as `reports.summaries` generated it when this migration was written (a migration
imports no app code); reports/tests/test_summaries.py fails when the generated SQL drifts from it.
"""

from django.db import migrations, models

POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS reports_countrylettercount_keep ON letters_letter",
    "DROP TRIGGER IF EXISTS reports_countrylettercount_keep_truncate ON letters_letter",
    "DROP FUNCTION IF EXISTS reports_countrylettercount_keep()",
    "DROP FUNCTION IF EXISTS reports_countrylettercount_keep_truncate()",
]
POSTGRESQL_TRIGGERS = [
    "\n"
    "CREATE OR REPLACE FUNCTION reports_countrylettercount_keep() RETURNS trigger LANGUAGE plpgsql AS $$\n"
    "BEGIN\n"
    "  IF current_setting('thanthien.counted_set_wise', true) = 'on' THEN\n"
    "    RETURN NULL;\n"
    "  END IF;\n"
    "  IF TG_OP = 'UPDATE' AND NOT (OLD.id IS DISTINCT FROM NEW.id OR OLD.issued_on IS DISTINCT FROM "
    "NEW.issued_on OR OLD.kind IS DISTINCT FROM NEW.kind OR OLD.status IS DISTINCT FROM NEW.status) THEN\n"
    "    RETURN NULL;\n"
    "  END IF;\n"
    "  IF TG_OP IN ('UPDATE', 'DELETE') THEN\n"
    "    INSERT INTO reports_countrylettercount (stripe, day, is_month, apology, congratulations, condolence, "
    "thanks, new_year) SELECT (OLD.id % 64), OLD.issued_on, FALSE, -(CASE WHEN OLD.kind IN ('apology', "
    "'apology_other') THEN 1 ELSE 0 END), -(CASE WHEN OLD.kind IN ('congratulations_birth', "
    "'congratulations_marriage') THEN 1 ELSE 0 END), -(CASE WHEN OLD.kind IN ('condolence') THEN 1 ELSE 0 END), "
    "-(CASE WHEN OLD.kind IN ('thanks') THEN 1 ELSE 0 END), -(CASE WHEN OLD.kind IN ('new_year') THEN 1 ELSE 0 "
    "END) WHERE OLD.status IN ('issued') ON CONFLICT (stripe, day, is_month) DO UPDATE SET apology = "
    "reports_countrylettercount.apology + excluded.apology, congratulations = "
    "reports_countrylettercount.congratulations + excluded.congratulations, condolence = "
    "reports_countrylettercount.condolence + excluded.condolence, thanks = reports_countrylettercount.thanks + "
    "excluded.thanks, new_year = reports_countrylettercount.new_year + excluded.new_year;\n"
    "INSERT INTO reports_countrylettercount (stripe, day, is_month, apology, congratulations, condolence, "
    "thanks, new_year) SELECT (OLD.id % 64), date_trunc('month', OLD.issued_on)::date, TRUE, -(CASE WHEN "
    "OLD.kind IN ('apology', 'apology_other') THEN 1 ELSE 0 END), -(CASE WHEN OLD.kind IN "
    "('congratulations_birth', 'congratulations_marriage') THEN 1 ELSE 0 END), -(CASE WHEN OLD.kind IN "
    "('condolence') THEN 1 ELSE 0 END), -(CASE WHEN OLD.kind IN ('thanks') THEN 1 ELSE 0 END), -(CASE WHEN "
    "OLD.kind IN ('new_year') THEN 1 ELSE 0 END) WHERE OLD.status IN ('issued') ON CONFLICT (stripe, day, "
    "is_month) DO UPDATE SET apology = reports_countrylettercount.apology + excluded.apology, congratulations = "
    "reports_countrylettercount.congratulations + excluded.congratulations, condolence = "
    "reports_countrylettercount.condolence + excluded.condolence, thanks = reports_countrylettercount.thanks + "
    "excluded.thanks, new_year = reports_countrylettercount.new_year + excluded.new_year;\n"
    "  END IF;\n"
    "  IF TG_OP IN ('INSERT', 'UPDATE') THEN\n"
    "    INSERT INTO reports_countrylettercount (stripe, day, is_month, apology, congratulations, condolence, "
    "thanks, new_year) SELECT (NEW.id % 64), NEW.issued_on, FALSE, +(CASE WHEN NEW.kind IN ('apology', "
    "'apology_other') THEN 1 ELSE 0 END), +(CASE WHEN NEW.kind IN ('congratulations_birth', "
    "'congratulations_marriage') THEN 1 ELSE 0 END), +(CASE WHEN NEW.kind IN ('condolence') THEN 1 ELSE 0 END), "
    "+(CASE WHEN NEW.kind IN ('thanks') THEN 1 ELSE 0 END), +(CASE WHEN NEW.kind IN ('new_year') THEN 1 ELSE 0 "
    "END) WHERE NEW.status IN ('issued') ON CONFLICT (stripe, day, is_month) DO UPDATE SET apology = "
    "reports_countrylettercount.apology + excluded.apology, congratulations = "
    "reports_countrylettercount.congratulations + excluded.congratulations, condolence = "
    "reports_countrylettercount.condolence + excluded.condolence, thanks = reports_countrylettercount.thanks + "
    "excluded.thanks, new_year = reports_countrylettercount.new_year + excluded.new_year;\n"
    "INSERT INTO reports_countrylettercount (stripe, day, is_month, apology, congratulations, condolence, "
    "thanks, new_year) SELECT (NEW.id % 64), date_trunc('month', NEW.issued_on)::date, TRUE, +(CASE WHEN "
    "NEW.kind IN ('apology', 'apology_other') THEN 1 ELSE 0 END), +(CASE WHEN NEW.kind IN "
    "('congratulations_birth', 'congratulations_marriage') THEN 1 ELSE 0 END), +(CASE WHEN NEW.kind IN "
    "('condolence') THEN 1 ELSE 0 END), +(CASE WHEN NEW.kind IN ('thanks') THEN 1 ELSE 0 END), +(CASE WHEN "
    "NEW.kind IN ('new_year') THEN 1 ELSE 0 END) WHERE NEW.status IN ('issued') ON CONFLICT (stripe, day, "
    "is_month) DO UPDATE SET apology = reports_countrylettercount.apology + excluded.apology, congratulations = "
    "reports_countrylettercount.congratulations + excluded.congratulations, condolence = "
    "reports_countrylettercount.condolence + excluded.condolence, thanks = reports_countrylettercount.thanks + "
    "excluded.thanks, new_year = reports_countrylettercount.new_year + excluded.new_year;\n"
    "  END IF;\n"
    "  RETURN NULL;\n"
    "END $$",
    "CREATE CONSTRAINT TRIGGER reports_countrylettercount_keep AFTER INSERT OR UPDATE OR DELETE ON "
    "letters_letter DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "
    "reports_countrylettercount_keep()",
    "CREATE OR REPLACE FUNCTION reports_countrylettercount_keep_truncate() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN DELETE FROM reports_countrylettercount; RETURN NULL; END $$",
    "CREATE TRIGGER reports_countrylettercount_keep_truncate AFTER TRUNCATE ON letters_letter FOR EACH "
    "STATEMENT EXECUTE FUNCTION reports_countrylettercount_keep_truncate()",
]
POSTGRESQL_RECOUNT = [
    "DELETE FROM reports_countrylettercount",
    "INSERT INTO reports_countrylettercount (stripe, day, is_month, apology, congratulations, condolence, "
    "thanks, new_year) SELECT (r.id % 64), r.issued_on, FALSE, SUM(CASE WHEN r.kind IN ('apology', "
    "'apology_other') THEN 1 ELSE 0 END), SUM(CASE WHEN r.kind IN ('congratulations_birth', "
    "'congratulations_marriage') THEN 1 ELSE 0 END), SUM(CASE WHEN r.kind IN ('condolence') THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN r.kind IN ('thanks') THEN 1 ELSE 0 END), SUM(CASE WHEN r.kind IN ('new_year') THEN 1 ELSE 0 "
    "END) FROM letters_letter r WHERE r.status IN ('issued') GROUP BY 1, 2",
    "INSERT INTO reports_countrylettercount (stripe, day, is_month, apology, congratulations, condolence, "
    "thanks, new_year) SELECT (r.id % 64), date_trunc('month', r.issued_on)::date, TRUE, SUM(CASE WHEN r.kind "
    "IN ('apology', 'apology_other') THEN 1 ELSE 0 END), SUM(CASE WHEN r.kind IN ('congratulations_birth', "
    "'congratulations_marriage') THEN 1 ELSE 0 END), SUM(CASE WHEN r.kind IN ('condolence') THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN r.kind IN ('thanks') THEN 1 ELSE 0 END), SUM(CASE WHEN r.kind IN ('new_year') THEN 1 ELSE 0 "
    "END) FROM letters_letter r WHERE r.status IN ('issued') GROUP BY 1, 2",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS reports_countrylettercount_keep_insert",
    "DROP TRIGGER IF EXISTS reports_countrylettercount_keep_delete",
    "DROP TRIGGER IF EXISTS reports_countrylettercount_keep_update",
]
SQLITE_TRIGGERS = [
    "CREATE TRIGGER reports_countrylettercount_keep_insert AFTER INSERT ON letters_letter BEGIN INSERT INTO "
    "reports_countrylettercount (stripe, day, is_month, apology, congratulations, condolence, thanks, new_year) "
    "SELECT (NEW.id % 64), NEW.issued_on, 0, +(CASE WHEN NEW.kind IN ('apology', 'apology_other') THEN 1 ELSE 0 "
    "END), +(CASE WHEN NEW.kind IN ('congratulations_birth', 'congratulations_marriage') THEN 1 ELSE 0 END), "
    "+(CASE WHEN NEW.kind IN ('condolence') THEN 1 ELSE 0 END), +(CASE WHEN NEW.kind IN ('thanks') THEN 1 ELSE "
    "0 END), +(CASE WHEN NEW.kind IN ('new_year') THEN 1 ELSE 0 END) WHERE NEW.status IN ('issued') ON CONFLICT "
    "(stripe, day, is_month) DO UPDATE SET apology = reports_countrylettercount.apology + excluded.apology, "
    "congratulations = reports_countrylettercount.congratulations + excluded.congratulations, condolence = "
    "reports_countrylettercount.condolence + excluded.condolence, thanks = reports_countrylettercount.thanks + "
    "excluded.thanks, new_year = reports_countrylettercount.new_year + excluded.new_year;\n"
    "INSERT INTO reports_countrylettercount (stripe, day, is_month, apology, congratulations, condolence, "
    "thanks, new_year) SELECT (NEW.id % 64), date(NEW.issued_on, 'start of month'), 1, +(CASE WHEN NEW.kind IN "
    "('apology', 'apology_other') THEN 1 ELSE 0 END), +(CASE WHEN NEW.kind IN ('congratulations_birth', "
    "'congratulations_marriage') THEN 1 ELSE 0 END), +(CASE WHEN NEW.kind IN ('condolence') THEN 1 ELSE 0 END), "
    "+(CASE WHEN NEW.kind IN ('thanks') THEN 1 ELSE 0 END), +(CASE WHEN NEW.kind IN ('new_year') THEN 1 ELSE 0 "
    "END) WHERE NEW.status IN ('issued') ON CONFLICT (stripe, day, is_month) DO UPDATE SET apology = "
    "reports_countrylettercount.apology + excluded.apology, congratulations = "
    "reports_countrylettercount.congratulations + excluded.congratulations, condolence = "
    "reports_countrylettercount.condolence + excluded.condolence, thanks = reports_countrylettercount.thanks + "
    "excluded.thanks, new_year = reports_countrylettercount.new_year + excluded.new_year; END",
    "CREATE TRIGGER reports_countrylettercount_keep_delete AFTER DELETE ON letters_letter BEGIN INSERT INTO "
    "reports_countrylettercount (stripe, day, is_month, apology, congratulations, condolence, thanks, new_year) "
    "SELECT (OLD.id % 64), OLD.issued_on, 0, -(CASE WHEN OLD.kind IN ('apology', 'apology_other') THEN 1 ELSE 0 "
    "END), -(CASE WHEN OLD.kind IN ('congratulations_birth', 'congratulations_marriage') THEN 1 ELSE 0 END), "
    "-(CASE WHEN OLD.kind IN ('condolence') THEN 1 ELSE 0 END), -(CASE WHEN OLD.kind IN ('thanks') THEN 1 ELSE "
    "0 END), -(CASE WHEN OLD.kind IN ('new_year') THEN 1 ELSE 0 END) WHERE OLD.status IN ('issued') ON CONFLICT "
    "(stripe, day, is_month) DO UPDATE SET apology = reports_countrylettercount.apology + excluded.apology, "
    "congratulations = reports_countrylettercount.congratulations + excluded.congratulations, condolence = "
    "reports_countrylettercount.condolence + excluded.condolence, thanks = reports_countrylettercount.thanks + "
    "excluded.thanks, new_year = reports_countrylettercount.new_year + excluded.new_year;\n"
    "INSERT INTO reports_countrylettercount (stripe, day, is_month, apology, congratulations, condolence, "
    "thanks, new_year) SELECT (OLD.id % 64), date(OLD.issued_on, 'start of month'), 1, -(CASE WHEN OLD.kind IN "
    "('apology', 'apology_other') THEN 1 ELSE 0 END), -(CASE WHEN OLD.kind IN ('congratulations_birth', "
    "'congratulations_marriage') THEN 1 ELSE 0 END), -(CASE WHEN OLD.kind IN ('condolence') THEN 1 ELSE 0 END), "
    "-(CASE WHEN OLD.kind IN ('thanks') THEN 1 ELSE 0 END), -(CASE WHEN OLD.kind IN ('new_year') THEN 1 ELSE 0 "
    "END) WHERE OLD.status IN ('issued') ON CONFLICT (stripe, day, is_month) DO UPDATE SET apology = "
    "reports_countrylettercount.apology + excluded.apology, congratulations = "
    "reports_countrylettercount.congratulations + excluded.congratulations, condolence = "
    "reports_countrylettercount.condolence + excluded.condolence, thanks = reports_countrylettercount.thanks + "
    "excluded.thanks, new_year = reports_countrylettercount.new_year + excluded.new_year; END",
    "CREATE TRIGGER reports_countrylettercount_keep_update AFTER UPDATE ON letters_letter WHEN OLD.id IS NOT "
    "NEW.id OR OLD.issued_on IS NOT NEW.issued_on OR OLD.kind IS NOT NEW.kind OR OLD.status IS NOT NEW.status "
    "BEGIN INSERT INTO reports_countrylettercount (stripe, day, is_month, apology, congratulations, condolence, "
    "thanks, new_year) SELECT (OLD.id % 64), OLD.issued_on, 0, -(CASE WHEN OLD.kind IN ('apology', "
    "'apology_other') THEN 1 ELSE 0 END), -(CASE WHEN OLD.kind IN ('congratulations_birth', "
    "'congratulations_marriage') THEN 1 ELSE 0 END), -(CASE WHEN OLD.kind IN ('condolence') THEN 1 ELSE 0 END), "
    "-(CASE WHEN OLD.kind IN ('thanks') THEN 1 ELSE 0 END), -(CASE WHEN OLD.kind IN ('new_year') THEN 1 ELSE 0 "
    "END) WHERE OLD.status IN ('issued') ON CONFLICT (stripe, day, is_month) DO UPDATE SET apology = "
    "reports_countrylettercount.apology + excluded.apology, congratulations = "
    "reports_countrylettercount.congratulations + excluded.congratulations, condolence = "
    "reports_countrylettercount.condolence + excluded.condolence, thanks = reports_countrylettercount.thanks + "
    "excluded.thanks, new_year = reports_countrylettercount.new_year + excluded.new_year;\n"
    "INSERT INTO reports_countrylettercount (stripe, day, is_month, apology, congratulations, condolence, "
    "thanks, new_year) SELECT (OLD.id % 64), date(OLD.issued_on, 'start of month'), 1, -(CASE WHEN OLD.kind IN "
    "('apology', 'apology_other') THEN 1 ELSE 0 END), -(CASE WHEN OLD.kind IN ('congratulations_birth', "
    "'congratulations_marriage') THEN 1 ELSE 0 END), -(CASE WHEN OLD.kind IN ('condolence') THEN 1 ELSE 0 END), "
    "-(CASE WHEN OLD.kind IN ('thanks') THEN 1 ELSE 0 END), -(CASE WHEN OLD.kind IN ('new_year') THEN 1 ELSE 0 "
    "END) WHERE OLD.status IN ('issued') ON CONFLICT (stripe, day, is_month) DO UPDATE SET apology = "
    "reports_countrylettercount.apology + excluded.apology, congratulations = "
    "reports_countrylettercount.congratulations + excluded.congratulations, condolence = "
    "reports_countrylettercount.condolence + excluded.condolence, thanks = reports_countrylettercount.thanks + "
    "excluded.thanks, new_year = reports_countrylettercount.new_year + excluded.new_year; INSERT INTO "
    "reports_countrylettercount (stripe, day, is_month, apology, congratulations, condolence, thanks, new_year) "
    "SELECT (NEW.id % 64), NEW.issued_on, 0, +(CASE WHEN NEW.kind IN ('apology', 'apology_other') THEN 1 ELSE 0 "
    "END), +(CASE WHEN NEW.kind IN ('congratulations_birth', 'congratulations_marriage') THEN 1 ELSE 0 END), "
    "+(CASE WHEN NEW.kind IN ('condolence') THEN 1 ELSE 0 END), +(CASE WHEN NEW.kind IN ('thanks') THEN 1 ELSE "
    "0 END), +(CASE WHEN NEW.kind IN ('new_year') THEN 1 ELSE 0 END) WHERE NEW.status IN ('issued') ON CONFLICT "
    "(stripe, day, is_month) DO UPDATE SET apology = reports_countrylettercount.apology + excluded.apology, "
    "congratulations = reports_countrylettercount.congratulations + excluded.congratulations, condolence = "
    "reports_countrylettercount.condolence + excluded.condolence, thanks = reports_countrylettercount.thanks + "
    "excluded.thanks, new_year = reports_countrylettercount.new_year + excluded.new_year;\n"
    "INSERT INTO reports_countrylettercount (stripe, day, is_month, apology, congratulations, condolence, "
    "thanks, new_year) SELECT (NEW.id % 64), date(NEW.issued_on, 'start of month'), 1, +(CASE WHEN NEW.kind IN "
    "('apology', 'apology_other') THEN 1 ELSE 0 END), +(CASE WHEN NEW.kind IN ('congratulations_birth', "
    "'congratulations_marriage') THEN 1 ELSE 0 END), +(CASE WHEN NEW.kind IN ('condolence') THEN 1 ELSE 0 END), "
    "+(CASE WHEN NEW.kind IN ('thanks') THEN 1 ELSE 0 END), +(CASE WHEN NEW.kind IN ('new_year') THEN 1 ELSE 0 "
    "END) WHERE NEW.status IN ('issued') ON CONFLICT (stripe, day, is_month) DO UPDATE SET apology = "
    "reports_countrylettercount.apology + excluded.apology, congratulations = "
    "reports_countrylettercount.congratulations + excluded.congratulations, condolence = "
    "reports_countrylettercount.condolence + excluded.condolence, thanks = reports_countrylettercount.thanks + "
    "excluded.thanks, new_year = reports_countrylettercount.new_year + excluded.new_year; END",
]
SQLITE_RECOUNT = [
    "DELETE FROM reports_countrylettercount",
    "INSERT INTO reports_countrylettercount (stripe, day, is_month, apology, congratulations, condolence, "
    "thanks, new_year) SELECT (r.id % 64), r.issued_on, 0, SUM(CASE WHEN r.kind IN ('apology', 'apology_other') "
    "THEN 1 ELSE 0 END), SUM(CASE WHEN r.kind IN ('congratulations_birth', 'congratulations_marriage') THEN 1 "
    "ELSE 0 END), SUM(CASE WHEN r.kind IN ('condolence') THEN 1 ELSE 0 END), SUM(CASE WHEN r.kind IN ('thanks') "
    "THEN 1 ELSE 0 END), SUM(CASE WHEN r.kind IN ('new_year') THEN 1 ELSE 0 END) FROM letters_letter r WHERE "
    "r.status IN ('issued') GROUP BY 1, 2",
    "INSERT INTO reports_countrylettercount (stripe, day, is_month, apology, congratulations, condolence, "
    "thanks, new_year) SELECT (r.id % 64), date(r.issued_on, 'start of month'), 1, SUM(CASE WHEN r.kind IN "
    "('apology', 'apology_other') THEN 1 ELSE 0 END), SUM(CASE WHEN r.kind IN ('congratulations_birth', "
    "'congratulations_marriage') THEN 1 ELSE 0 END), SUM(CASE WHEN r.kind IN ('condolence') THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN r.kind IN ('thanks') THEN 1 ELSE 0 END), SUM(CASE WHEN r.kind IN ('new_year') THEN 1 ELSE 0 "
    "END) FROM letters_letter r WHERE r.status IN ('issued') GROUP BY 1, 2",
]

FROZEN = {
    "postgresql": (POSTGRESQL_DROP, POSTGRESQL_TRIGGERS, POSTGRESQL_RECOUNT),
    "sqlite": (SQLITE_DROP, SQLITE_TRIGGERS, SQLITE_RECOUNT),
}


def _run(schema_editor, statements):
    with schema_editor.connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def install(apps, schema_editor):
    drop, triggers, recount = FROZEN[schema_editor.connection.vendor]
    _run(schema_editor, drop + triggers + recount)


def uninstall(apps, schema_editor):
    _run(schema_editor, FROZEN[schema_editor.connection.vendor][0])


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0007_count_triggers_fire_at_commit"),
        ("letters", "0007_apology_for_another_matter"),
    ]

    operations = [
        migrations.CreateModel(
            name="CountryLetterCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("day", models.DateField(verbose_name="day")),
                ("is_month", models.BooleanField(default=False, verbose_name="whole month")),
                ("stripe", models.PositiveSmallIntegerField(verbose_name="stripe")),
                ("apology", models.IntegerField(default=0)),
                ("congratulations", models.IntegerField(default=0)),
                ("condolence", models.IntegerField(default=0)),
                ("thanks", models.IntegerField(default=0)),
                ("new_year", models.IntegerField(default=0)),
            ],
            options={
                "verbose_name": "letter count of the country",
                "verbose_name_plural": "letter counts of the country",
                "indexes": [models.Index(fields=["is_month", "day"], name="country_letter_count_span")],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("stripe", "day", "is_month"), name="country_letter_count_bucket"
                    )
                ],
            },
        ),
        migrations.RunPython(install, uninstall),
    ]
