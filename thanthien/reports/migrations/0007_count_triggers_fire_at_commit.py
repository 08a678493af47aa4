"""The PostgreSQL count triggers fire at the commit (constraint triggers, DEFERRABLE INITIALLY DEFERRED).

A row trigger that upserts its commune's day and month buckets locks those two rows until the transaction
ends. Fired at once, the lock was held from the dossier's (or the rating's) INSERT through every statement
after it — the receipt event, the audit line, the SMS in the outbox, the client key's claim — and every other
writer to that commune and day waited in line. Deferred to the commit, the same upserts run last and the
rows are locked for the commit alone. The counts are the same (the functions are unchanged); within a
transaction that has written rows, the buckets show them from its commit on. A TRUNCATE of a source table
in a transaction with pending trigger events is refused by PostgreSQL, so no count can outlive its row.
SQLite writes one transaction at a time: its triggers stay as they are. The statements are frozen here as
`reports.summaries` generated them when this migration was written (a migration imports no app code).
"""

from django.db import migrations

DROP = [
    "DROP TRIGGER IF EXISTS reports_dossiercount_keep ON dossiers_dossier",
    "DROP TRIGGER IF EXISTS reports_ratingcount_keep ON ratings_rating",
]
POSTGRESQL_TRIGGERS = [
    "CREATE CONSTRAINT TRIGGER reports_dossiercount_keep AFTER INSERT OR UPDATE OR DELETE ON dossiers_dossier "
    "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION reports_dossiercount_keep()",
    "CREATE CONSTRAINT TRIGGER reports_ratingcount_keep AFTER INSERT OR UPDATE OR DELETE ON ratings_rating "
    "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION reports_ratingcount_keep()",
]
AS_BEFORE = [  # reports/0004's
    "CREATE TRIGGER reports_dossiercount_keep AFTER INSERT OR UPDATE OR DELETE ON dossiers_dossier "
    "FOR EACH ROW EXECUTE FUNCTION reports_dossiercount_keep()",
    "CREATE TRIGGER reports_ratingcount_keep AFTER INSERT OR UPDATE OR DELETE ON ratings_rating "
    "FOR EACH ROW EXECUTE FUNCTION reports_ratingcount_keep()",
]


def _replace(schema_editor, triggers: list[str]) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for statement in [*DROP, *triggers]:
            cursor.execute(statement)


def fire_at_commit(apps, schema_editor):
    _replace(schema_editor, POSTGRESQL_TRIGGERS)


def fire_at_once(apps, schema_editor):
    _replace(schema_editor, AS_BEFORE)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0006_count_triggers_stand_aside_for_set_wise_writes"),
    ]

    operations = [migrations.RunPython(fire_at_commit, fire_at_once)]
