"""The country's feedback buckets: the items received per local day and month, kind and where they stand,
and the days the resolved ones took, in 64 rows (the row's id modulo 64), kept by a trigger as the
other buckets are (reports.summaries.COUNTRY_FEEDBACK), and a first count of the items there.

The SQL is frozen here as `reports.summaries` generated it when this migration was written (a migration
imports no app code); reports/tests/test_summaries.py fails when the generated SQL drifts from it.
"""

from django.db import migrations, models

POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS reports_countryfeedbackcount_keep ON feedback_feedbackitem",
    "DROP TRIGGER IF EXISTS reports_countryfeedbackcount_keep_truncate ON feedback_feedbackitem",
    "DROP FUNCTION IF EXISTS reports_countryfeedbackcount_keep()",
    "DROP FUNCTION IF EXISTS reports_countryfeedbackcount_keep_truncate()",
]
POSTGRESQL_TRIGGERS = [
    "\n"
    "CREATE OR REPLACE FUNCTION reports_countryfeedbackcount_keep() RETURNS trigger LANGUAGE plpgsql AS $$\n"
    "BEGIN\n"
    "  IF current_setting('thanthien.counted_set_wise', true) = 'on' THEN\n"
    "    RETURN NULL;\n"
    "  END IF;\n"
    "  IF TG_OP = 'UPDATE' AND NOT (OLD.accept_due_on IS DISTINCT FROM NEW.accept_due_on OR OLD.id IS DISTINCT "
    "FROM NEW.id OR OLD.kind IS DISTINCT FROM NEW.kind OR OLD.received_on IS DISTINCT FROM NEW.received_on OR "
    "OLD.resolve_due_on IS DISTINCT FROM NEW.resolve_due_on OR OLD.resolved_on IS DISTINCT FROM NEW.resolved_on "
    "OR OLD.status IS DISTINCT FROM NEW.status) THEN\n"
    "    RETURN NULL;\n"
    "  END IF;\n"
    "  IF TG_OP IN ('UPDATE', 'DELETE') THEN\n"
    "    INSERT INTO reports_countryfeedbackcount (stripe, kind, day, is_month, received, resolved, "
    "resolved_in_time, in_progress, declined, transferred, resolved_dated, days_taken) VALUES ((OLD.id % 64), "
    "OLD.kind, OLD.received_on, FALSE, -(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), -(CASE WHEN OLD.status IN "
    "('resolved', 'closed') THEN 1 ELSE 0 END), -(CASE WHEN ((OLD.status IN ('resolved', 'closed') AND "
    "OLD.resolved_on IS NOT NULL) AND (OLD.resolve_due_on >= OLD.resolved_on OR (OLD.resolve_due_on IS NULL AND "
    "OLD.accept_due_on >= OLD.resolved_on) OR (OLD.resolve_due_on IS NULL AND OLD.accept_due_on IS NULL))) THEN "
    "1 ELSE 0 END), -(CASE WHEN OLD.status IN ('received', 'accepted', 'in_progress') THEN 1 ELSE 0 END), "
    "-(CASE WHEN OLD.status IN ('declined') THEN 1 ELSE 0 END), -(CASE WHEN OLD.status IN ('transferred') THEN "
    "1 ELSE 0 END), -(CASE WHEN (OLD.status IN ('resolved', 'closed') AND OLD.resolved_on IS NOT NULL) THEN 1 "
    "ELSE 0 END), -(CASE WHEN (OLD.status IN ('resolved', 'closed') AND OLD.resolved_on IS NOT NULL) THEN "
    "(OLD.resolved_on - OLD.received_on) ELSE 0 END)) ON CONFLICT (stripe, kind, day, is_month) DO UPDATE SET "
    "received = reports_countryfeedbackcount.received + excluded.received, resolved = "
    "reports_countryfeedbackcount.resolved + excluded.resolved, resolved_in_time = "
    "reports_countryfeedbackcount.resolved_in_time + excluded.resolved_in_time, in_progress = "
    "reports_countryfeedbackcount.in_progress + excluded.in_progress, declined = "
    "reports_countryfeedbackcount.declined + excluded.declined, transferred = "
    "reports_countryfeedbackcount.transferred + excluded.transferred, resolved_dated = "
    "reports_countryfeedbackcount.resolved_dated + excluded.resolved_dated, days_taken = "
    "reports_countryfeedbackcount.days_taken + excluded.days_taken;\n"
    "INSERT INTO reports_countryfeedbackcount (stripe, kind, day, is_month, received, resolved, "
    "resolved_in_time, in_progress, declined, transferred, resolved_dated, days_taken) VALUES ((OLD.id % 64), "
    "OLD.kind, date_trunc('month', OLD.received_on)::date, TRUE, -(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), -(CASE "
    "WHEN OLD.status IN ('resolved', 'closed') THEN 1 ELSE 0 END), -(CASE WHEN ((OLD.status IN ('resolved', "
    "'closed') AND OLD.resolved_on IS NOT NULL) AND (OLD.resolve_due_on >= OLD.resolved_on OR "
    "(OLD.resolve_due_on IS NULL AND OLD.accept_due_on >= OLD.resolved_on) OR (OLD.resolve_due_on IS NULL AND "
    "OLD.accept_due_on IS NULL))) THEN 1 ELSE 0 END), -(CASE WHEN OLD.status IN ('received', 'accepted', "
    "'in_progress') THEN 1 ELSE 0 END), -(CASE WHEN OLD.status IN ('declined') THEN 1 ELSE 0 END), -(CASE WHEN "
    "OLD.status IN ('transferred') THEN 1 ELSE 0 END), -(CASE WHEN (OLD.status IN ('resolved', 'closed') AND "
    "OLD.resolved_on IS NOT NULL) THEN 1 ELSE 0 END), -(CASE WHEN (OLD.status IN ('resolved', 'closed') AND "
    "OLD.resolved_on IS NOT NULL) THEN (OLD.resolved_on - OLD.received_on) ELSE 0 END)) ON CONFLICT (stripe, "
    "kind, day, is_month) DO UPDATE SET received = reports_countryfeedbackcount.received + excluded.received, "
    "resolved = reports_countryfeedbackcount.resolved + excluded.resolved, resolved_in_time = "
    "reports_countryfeedbackcount.resolved_in_time + excluded.resolved_in_time, in_progress = "
    "reports_countryfeedbackcount.in_progress + excluded.in_progress, declined = "
    "reports_countryfeedbackcount.declined + excluded.declined, transferred = "
    "reports_countryfeedbackcount.transferred + excluded.transferred, resolved_dated = "
    "reports_countryfeedbackcount.resolved_dated + excluded.resolved_dated, days_taken = "
    "reports_countryfeedbackcount.days_taken + excluded.days_taken;\n"
    "  END IF;\n"
    "  IF TG_OP IN ('INSERT', 'UPDATE') THEN\n"
    "    INSERT INTO reports_countryfeedbackcount (stripe, kind, day, is_month, received, resolved, "
    "resolved_in_time, in_progress, declined, transferred, resolved_dated, days_taken) VALUES ((NEW.id % 64), "
    "NEW.kind, NEW.received_on, FALSE, +(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), +(CASE WHEN NEW.status IN "
    "('resolved', 'closed') THEN 1 ELSE 0 END), +(CASE WHEN ((NEW.status IN ('resolved', 'closed') AND "
    "NEW.resolved_on IS NOT NULL) AND (NEW.resolve_due_on >= NEW.resolved_on OR (NEW.resolve_due_on IS NULL AND "
    "NEW.accept_due_on >= NEW.resolved_on) OR (NEW.resolve_due_on IS NULL AND NEW.accept_due_on IS NULL))) THEN "
    "1 ELSE 0 END), +(CASE WHEN NEW.status IN ('received', 'accepted', 'in_progress') THEN 1 ELSE 0 END), "
    "+(CASE WHEN NEW.status IN ('declined') THEN 1 ELSE 0 END), +(CASE WHEN NEW.status IN ('transferred') THEN "
    "1 ELSE 0 END), +(CASE WHEN (NEW.status IN ('resolved', 'closed') AND NEW.resolved_on IS NOT NULL) THEN 1 "
    "ELSE 0 END), +(CASE WHEN (NEW.status IN ('resolved', 'closed') AND NEW.resolved_on IS NOT NULL) THEN "
    "(NEW.resolved_on - NEW.received_on) ELSE 0 END)) ON CONFLICT (stripe, kind, day, is_month) DO UPDATE SET "
    "received = reports_countryfeedbackcount.received + excluded.received, resolved = "
    "reports_countryfeedbackcount.resolved + excluded.resolved, resolved_in_time = "
    "reports_countryfeedbackcount.resolved_in_time + excluded.resolved_in_time, in_progress = "
    "reports_countryfeedbackcount.in_progress + excluded.in_progress, declined = "
    "reports_countryfeedbackcount.declined + excluded.declined, transferred = "
    "reports_countryfeedbackcount.transferred + excluded.transferred, resolved_dated = "
    "reports_countryfeedbackcount.resolved_dated + excluded.resolved_dated, days_taken = "
    "reports_countryfeedbackcount.days_taken + excluded.days_taken;\n"
    "INSERT INTO reports_countryfeedbackcount (stripe, kind, day, is_month, received, resolved, "
    "resolved_in_time, in_progress, declined, transferred, resolved_dated, days_taken) VALUES ((NEW.id % 64), "
    "NEW.kind, date_trunc('month', NEW.received_on)::date, TRUE, +(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), +(CASE "
    "WHEN NEW.status IN ('resolved', 'closed') THEN 1 ELSE 0 END), +(CASE WHEN ((NEW.status IN ('resolved', "
    "'closed') AND NEW.resolved_on IS NOT NULL) AND (NEW.resolve_due_on >= NEW.resolved_on OR "
    "(NEW.resolve_due_on IS NULL AND NEW.accept_due_on >= NEW.resolved_on) OR (NEW.resolve_due_on IS NULL AND "
    "NEW.accept_due_on IS NULL))) THEN 1 ELSE 0 END), +(CASE WHEN NEW.status IN ('received', 'accepted', "
    "'in_progress') THEN 1 ELSE 0 END), +(CASE WHEN NEW.status IN ('declined') THEN 1 ELSE 0 END), +(CASE WHEN "
    "NEW.status IN ('transferred') THEN 1 ELSE 0 END), +(CASE WHEN (NEW.status IN ('resolved', 'closed') AND "
    "NEW.resolved_on IS NOT NULL) THEN 1 ELSE 0 END), +(CASE WHEN (NEW.status IN ('resolved', 'closed') AND "
    "NEW.resolved_on IS NOT NULL) THEN (NEW.resolved_on - NEW.received_on) ELSE 0 END)) ON CONFLICT (stripe, "
    "kind, day, is_month) DO UPDATE SET received = reports_countryfeedbackcount.received + excluded.received, "
    "resolved = reports_countryfeedbackcount.resolved + excluded.resolved, resolved_in_time = "
    "reports_countryfeedbackcount.resolved_in_time + excluded.resolved_in_time, in_progress = "
    "reports_countryfeedbackcount.in_progress + excluded.in_progress, declined = "
    "reports_countryfeedbackcount.declined + excluded.declined, transferred = "
    "reports_countryfeedbackcount.transferred + excluded.transferred, resolved_dated = "
    "reports_countryfeedbackcount.resolved_dated + excluded.resolved_dated, days_taken = "
    "reports_countryfeedbackcount.days_taken + excluded.days_taken;\n"
    "  END IF;\n"
    "  RETURN NULL;\n"
    "END $$",
    "CREATE CONSTRAINT TRIGGER reports_countryfeedbackcount_keep AFTER INSERT OR UPDATE OR DELETE ON "
    "feedback_feedbackitem DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "
    "reports_countryfeedbackcount_keep()",
    "CREATE OR REPLACE FUNCTION reports_countryfeedbackcount_keep_truncate() RETURNS trigger LANGUAGE plpgsql "
    "AS $$ BEGIN DELETE FROM reports_countryfeedbackcount; RETURN NULL; END $$",
    "CREATE TRIGGER reports_countryfeedbackcount_keep_truncate AFTER TRUNCATE ON feedback_feedbackitem FOR EACH "
    "STATEMENT EXECUTE FUNCTION reports_countryfeedbackcount_keep_truncate()",
]
POSTGRESQL_RECOUNT = [
    "DELETE FROM reports_countryfeedbackcount",
    "INSERT INTO reports_countryfeedbackcount (stripe, kind, day, is_month, received, resolved, "
    "resolved_in_time, in_progress, declined, transferred, resolved_dated, days_taken) SELECT (r.id % 64), "
    "r.kind, r.received_on, FALSE, SUM(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), SUM(CASE WHEN r.status IN "
    "('resolved', 'closed') THEN 1 ELSE 0 END), SUM(CASE WHEN ((r.status IN ('resolved', 'closed') AND "
    "r.resolved_on IS NOT NULL) AND (r.resolve_due_on >= r.resolved_on OR (r.resolve_due_on IS NULL AND "
    "r.accept_due_on >= r.resolved_on) OR (r.resolve_due_on IS NULL AND r.accept_due_on IS NULL))) THEN 1 ELSE "
    "0 END), SUM(CASE WHEN r.status IN ('received', 'accepted', 'in_progress') THEN 1 ELSE 0 END), SUM(CASE "
    "WHEN r.status IN ('declined') THEN 1 ELSE 0 END), SUM(CASE WHEN r.status IN ('transferred') THEN 1 ELSE 0 "
    "END), SUM(CASE WHEN (r.status IN ('resolved', 'closed') AND r.resolved_on IS NOT NULL) THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN (r.status IN ('resolved', 'closed') AND r.resolved_on IS NOT NULL) THEN (r.resolved_on - "
    "r.received_on) ELSE 0 END) FROM feedback_feedbackitem r GROUP BY 1, 2, 3",
    "INSERT INTO reports_countryfeedbackcount (stripe, kind, day, is_month, received, resolved, "
    "resolved_in_time, in_progress, declined, transferred, resolved_dated, days_taken) SELECT (r.id % 64), "
    "r.kind, date_trunc('month', r.received_on)::date, TRUE, SUM(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), SUM(CASE "
    "WHEN r.status IN ('resolved', 'closed') THEN 1 ELSE 0 END), SUM(CASE WHEN ((r.status IN ('resolved', "
    "'closed') AND r.resolved_on IS NOT NULL) AND (r.resolve_due_on >= r.resolved_on OR (r.resolve_due_on IS "
    "NULL AND r.accept_due_on >= r.resolved_on) OR (r.resolve_due_on IS NULL AND r.accept_due_on IS NULL))) "
    "THEN 1 ELSE 0 END), SUM(CASE WHEN r.status IN ('received', 'accepted', 'in_progress') THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN r.status IN ('declined') THEN 1 ELSE 0 END), SUM(CASE WHEN r.status IN ('transferred') THEN "
    "1 ELSE 0 END), SUM(CASE WHEN (r.status IN ('resolved', 'closed') AND r.resolved_on IS NOT NULL) THEN 1 "
    "ELSE 0 END), SUM(CASE WHEN (r.status IN ('resolved', 'closed') AND r.resolved_on IS NOT NULL) THEN "
    "(r.resolved_on - r.received_on) ELSE 0 END) FROM feedback_feedbackitem r GROUP BY 1, 2, 3",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS reports_countryfeedbackcount_keep_insert",
    "DROP TRIGGER IF EXISTS reports_countryfeedbackcount_keep_delete",
    "DROP TRIGGER IF EXISTS reports_countryfeedbackcount_keep_update",
]
SQLITE_TRIGGERS = [
    "CREATE TRIGGER reports_countryfeedbackcount_keep_insert AFTER INSERT ON feedback_feedbackitem BEGIN INSERT "
    "INTO reports_countryfeedbackcount (stripe, kind, day, is_month, received, resolved, resolved_in_time, "
    "in_progress, declined, transferred, resolved_dated, days_taken) VALUES ((NEW.id % 64), NEW.kind, "
    "NEW.received_on, 0, +(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), +(CASE WHEN NEW.status IN ('resolved', 'closed') "
    "THEN 1 ELSE 0 END), +(CASE WHEN ((NEW.status IN ('resolved', 'closed') AND NEW.resolved_on IS NOT NULL) "
    "AND (NEW.resolve_due_on >= NEW.resolved_on OR (NEW.resolve_due_on IS NULL AND NEW.accept_due_on >= "
    "NEW.resolved_on) OR (NEW.resolve_due_on IS NULL AND NEW.accept_due_on IS NULL))) THEN 1 ELSE 0 END), "
    "+(CASE WHEN NEW.status IN ('received', 'accepted', 'in_progress') THEN 1 ELSE 0 END), +(CASE WHEN "
    "NEW.status IN ('declined') THEN 1 ELSE 0 END), +(CASE WHEN NEW.status IN ('transferred') THEN 1 ELSE 0 "
    "END), +(CASE WHEN (NEW.status IN ('resolved', 'closed') AND NEW.resolved_on IS NOT NULL) THEN 1 ELSE 0 "
    "END), +(CASE WHEN (NEW.status IN ('resolved', 'closed') AND NEW.resolved_on IS NOT NULL) THEN "
    "CAST(julianday(NEW.resolved_on) - julianday(NEW.received_on) AS INTEGER) ELSE 0 END)) ON CONFLICT (stripe, "
    "kind, day, is_month) DO UPDATE SET received = reports_countryfeedbackcount.received + excluded.received, "
    "resolved = reports_countryfeedbackcount.resolved + excluded.resolved, resolved_in_time = "
    "reports_countryfeedbackcount.resolved_in_time + excluded.resolved_in_time, in_progress = "
    "reports_countryfeedbackcount.in_progress + excluded.in_progress, declined = "
    "reports_countryfeedbackcount.declined + excluded.declined, transferred = "
    "reports_countryfeedbackcount.transferred + excluded.transferred, resolved_dated = "
    "reports_countryfeedbackcount.resolved_dated + excluded.resolved_dated, days_taken = "
    "reports_countryfeedbackcount.days_taken + excluded.days_taken;\n"
    "INSERT INTO reports_countryfeedbackcount (stripe, kind, day, is_month, received, resolved, "
    "resolved_in_time, in_progress, declined, transferred, resolved_dated, days_taken) VALUES ((NEW.id % 64), "
    "NEW.kind, date(NEW.received_on, 'start of month'), 1, +(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), +(CASE WHEN "
    "NEW.status IN ('resolved', 'closed') THEN 1 ELSE 0 END), +(CASE WHEN ((NEW.status IN ('resolved', "
    "'closed') AND NEW.resolved_on IS NOT NULL) AND (NEW.resolve_due_on >= NEW.resolved_on OR "
    "(NEW.resolve_due_on IS NULL AND NEW.accept_due_on >= NEW.resolved_on) OR (NEW.resolve_due_on IS NULL AND "
    "NEW.accept_due_on IS NULL))) THEN 1 ELSE 0 END), +(CASE WHEN NEW.status IN ('received', 'accepted', "
    "'in_progress') THEN 1 ELSE 0 END), +(CASE WHEN NEW.status IN ('declined') THEN 1 ELSE 0 END), +(CASE WHEN "
    "NEW.status IN ('transferred') THEN 1 ELSE 0 END), +(CASE WHEN (NEW.status IN ('resolved', 'closed') AND "
    "NEW.resolved_on IS NOT NULL) THEN 1 ELSE 0 END), +(CASE WHEN (NEW.status IN ('resolved', 'closed') AND "
    "NEW.resolved_on IS NOT NULL) THEN CAST(julianday(NEW.resolved_on) - julianday(NEW.received_on) AS INTEGER) "
    "ELSE 0 END)) ON CONFLICT (stripe, kind, day, is_month) DO UPDATE SET received = "
    "reports_countryfeedbackcount.received + excluded.received, resolved = "
    "reports_countryfeedbackcount.resolved + excluded.resolved, resolved_in_time = "
    "reports_countryfeedbackcount.resolved_in_time + excluded.resolved_in_time, in_progress = "
    "reports_countryfeedbackcount.in_progress + excluded.in_progress, declined = "
    "reports_countryfeedbackcount.declined + excluded.declined, transferred = "
    "reports_countryfeedbackcount.transferred + excluded.transferred, resolved_dated = "
    "reports_countryfeedbackcount.resolved_dated + excluded.resolved_dated, days_taken = "
    "reports_countryfeedbackcount.days_taken + excluded.days_taken; END",
    "CREATE TRIGGER reports_countryfeedbackcount_keep_delete AFTER DELETE ON feedback_feedbackitem BEGIN INSERT "
    "INTO reports_countryfeedbackcount (stripe, kind, day, is_month, received, resolved, resolved_in_time, "
    "in_progress, declined, transferred, resolved_dated, days_taken) VALUES ((OLD.id % 64), OLD.kind, "
    "OLD.received_on, 0, -(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), -(CASE WHEN OLD.status IN ('resolved', 'closed') "
    "THEN 1 ELSE 0 END), -(CASE WHEN ((OLD.status IN ('resolved', 'closed') AND OLD.resolved_on IS NOT NULL) "
    "AND (OLD.resolve_due_on >= OLD.resolved_on OR (OLD.resolve_due_on IS NULL AND OLD.accept_due_on >= "
    "OLD.resolved_on) OR (OLD.resolve_due_on IS NULL AND OLD.accept_due_on IS NULL))) THEN 1 ELSE 0 END), "
    "-(CASE WHEN OLD.status IN ('received', 'accepted', 'in_progress') THEN 1 ELSE 0 END), -(CASE WHEN "
    "OLD.status IN ('declined') THEN 1 ELSE 0 END), -(CASE WHEN OLD.status IN ('transferred') THEN 1 ELSE 0 "
    "END), -(CASE WHEN (OLD.status IN ('resolved', 'closed') AND OLD.resolved_on IS NOT NULL) THEN 1 ELSE 0 "
    "END), -(CASE WHEN (OLD.status IN ('resolved', 'closed') AND OLD.resolved_on IS NOT NULL) THEN "
    "CAST(julianday(OLD.resolved_on) - julianday(OLD.received_on) AS INTEGER) ELSE 0 END)) ON CONFLICT (stripe, "
    "kind, day, is_month) DO UPDATE SET received = reports_countryfeedbackcount.received + excluded.received, "
    "resolved = reports_countryfeedbackcount.resolved + excluded.resolved, resolved_in_time = "
    "reports_countryfeedbackcount.resolved_in_time + excluded.resolved_in_time, in_progress = "
    "reports_countryfeedbackcount.in_progress + excluded.in_progress, declined = "
    "reports_countryfeedbackcount.declined + excluded.declined, transferred = "
    "reports_countryfeedbackcount.transferred + excluded.transferred, resolved_dated = "
    "reports_countryfeedbackcount.resolved_dated + excluded.resolved_dated, days_taken = "
    "reports_countryfeedbackcount.days_taken + excluded.days_taken;\n"
    "INSERT INTO reports_countryfeedbackcount (stripe, kind, day, is_month, received, resolved, "
    "resolved_in_time, in_progress, declined, transferred, resolved_dated, days_taken) VALUES ((OLD.id % 64), "
    "OLD.kind, date(OLD.received_on, 'start of month'), 1, -(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), -(CASE WHEN "
    "OLD.status IN ('resolved', 'closed') THEN 1 ELSE 0 END), -(CASE WHEN ((OLD.status IN ('resolved', "
    "'closed') AND OLD.resolved_on IS NOT NULL) AND (OLD.resolve_due_on >= OLD.resolved_on OR "
    "(OLD.resolve_due_on IS NULL AND OLD.accept_due_on >= OLD.resolved_on) OR (OLD.resolve_due_on IS NULL AND "
    "OLD.accept_due_on IS NULL))) THEN 1 ELSE 0 END), -(CASE WHEN OLD.status IN ('received', 'accepted', "
    "'in_progress') THEN 1 ELSE 0 END), -(CASE WHEN OLD.status IN ('declined') THEN 1 ELSE 0 END), -(CASE WHEN "
    "OLD.status IN ('transferred') THEN 1 ELSE 0 END), -(CASE WHEN (OLD.status IN ('resolved', 'closed') AND "
    "OLD.resolved_on IS NOT NULL) THEN 1 ELSE 0 END), -(CASE WHEN (OLD.status IN ('resolved', 'closed') AND "
    "OLD.resolved_on IS NOT NULL) THEN CAST(julianday(OLD.resolved_on) - julianday(OLD.received_on) AS INTEGER) "
    "ELSE 0 END)) ON CONFLICT (stripe, kind, day, is_month) DO UPDATE SET received = "
    "reports_countryfeedbackcount.received + excluded.received, resolved = "
    "reports_countryfeedbackcount.resolved + excluded.resolved, resolved_in_time = "
    "reports_countryfeedbackcount.resolved_in_time + excluded.resolved_in_time, in_progress = "
    "reports_countryfeedbackcount.in_progress + excluded.in_progress, declined = "
    "reports_countryfeedbackcount.declined + excluded.declined, transferred = "
    "reports_countryfeedbackcount.transferred + excluded.transferred, resolved_dated = "
    "reports_countryfeedbackcount.resolved_dated + excluded.resolved_dated, days_taken = "
    "reports_countryfeedbackcount.days_taken + excluded.days_taken; END",
    "CREATE TRIGGER reports_countryfeedbackcount_keep_update AFTER UPDATE ON feedback_feedbackitem WHEN "
    "OLD.accept_due_on IS NOT NEW.accept_due_on OR OLD.id IS NOT NEW.id OR OLD.kind IS NOT NEW.kind OR "
    "OLD.received_on IS NOT NEW.received_on OR OLD.resolve_due_on IS NOT NEW.resolve_due_on OR OLD.resolved_on "
    "IS NOT NEW.resolved_on OR OLD.status IS NOT NEW.status BEGIN INSERT INTO reports_countryfeedbackcount "
    "(stripe, kind, day, is_month, received, resolved, resolved_in_time, in_progress, declined, transferred, "
    "resolved_dated, days_taken) VALUES ((OLD.id % 64), OLD.kind, OLD.received_on, 0, -(CASE WHEN 1 = 1 THEN 1 "
    "ELSE 0 END), -(CASE WHEN OLD.status IN ('resolved', 'closed') THEN 1 ELSE 0 END), -(CASE WHEN ((OLD.status "
    "IN ('resolved', 'closed') AND OLD.resolved_on IS NOT NULL) AND (OLD.resolve_due_on >= OLD.resolved_on OR "
    "(OLD.resolve_due_on IS NULL AND OLD.accept_due_on >= OLD.resolved_on) OR (OLD.resolve_due_on IS NULL AND "
    "OLD.accept_due_on IS NULL))) THEN 1 ELSE 0 END), -(CASE WHEN OLD.status IN ('received', 'accepted', "
    "'in_progress') THEN 1 ELSE 0 END), -(CASE WHEN OLD.status IN ('declined') THEN 1 ELSE 0 END), -(CASE WHEN "
    "OLD.status IN ('transferred') THEN 1 ELSE 0 END), -(CASE WHEN (OLD.status IN ('resolved', 'closed') AND "
    "OLD.resolved_on IS NOT NULL) THEN 1 ELSE 0 END), -(CASE WHEN (OLD.status IN ('resolved', 'closed') AND "
    "OLD.resolved_on IS NOT NULL) THEN CAST(julianday(OLD.resolved_on) - julianday(OLD.received_on) AS INTEGER) "
    "ELSE 0 END)) ON CONFLICT (stripe, kind, day, is_month) DO UPDATE SET received = "
    "reports_countryfeedbackcount.received + excluded.received, resolved = "
    "reports_countryfeedbackcount.resolved + excluded.resolved, resolved_in_time = "
    "reports_countryfeedbackcount.resolved_in_time + excluded.resolved_in_time, in_progress = "
    "reports_countryfeedbackcount.in_progress + excluded.in_progress, declined = "
    "reports_countryfeedbackcount.declined + excluded.declined, transferred = "
    "reports_countryfeedbackcount.transferred + excluded.transferred, resolved_dated = "
    "reports_countryfeedbackcount.resolved_dated + excluded.resolved_dated, days_taken = "
    "reports_countryfeedbackcount.days_taken + excluded.days_taken;\n"
    "INSERT INTO reports_countryfeedbackcount (stripe, kind, day, is_month, received, resolved, "
    "resolved_in_time, in_progress, declined, transferred, resolved_dated, days_taken) VALUES ((OLD.id % 64), "
    "OLD.kind, date(OLD.received_on, 'start of month'), 1, -(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), -(CASE WHEN "
    "OLD.status IN ('resolved', 'closed') THEN 1 ELSE 0 END), -(CASE WHEN ((OLD.status IN ('resolved', "
    "'closed') AND OLD.resolved_on IS NOT NULL) AND (OLD.resolve_due_on >= OLD.resolved_on OR "
    "(OLD.resolve_due_on IS NULL AND OLD.accept_due_on >= OLD.resolved_on) OR (OLD.resolve_due_on IS NULL AND "
    "OLD.accept_due_on IS NULL))) THEN 1 ELSE 0 END), -(CASE WHEN OLD.status IN ('received', 'accepted', "
    "'in_progress') THEN 1 ELSE 0 END), -(CASE WHEN OLD.status IN ('declined') THEN 1 ELSE 0 END), -(CASE WHEN "
    "OLD.status IN ('transferred') THEN 1 ELSE 0 END), -(CASE WHEN (OLD.status IN ('resolved', 'closed') AND "
    "OLD.resolved_on IS NOT NULL) THEN 1 ELSE 0 END), -(CASE WHEN (OLD.status IN ('resolved', 'closed') AND "
    "OLD.resolved_on IS NOT NULL) THEN CAST(julianday(OLD.resolved_on) - julianday(OLD.received_on) AS INTEGER) "
    "ELSE 0 END)) ON CONFLICT (stripe, kind, day, is_month) DO UPDATE SET received = "
    "reports_countryfeedbackcount.received + excluded.received, resolved = "
    "reports_countryfeedbackcount.resolved + excluded.resolved, resolved_in_time = "
    "reports_countryfeedbackcount.resolved_in_time + excluded.resolved_in_time, in_progress = "
    "reports_countryfeedbackcount.in_progress + excluded.in_progress, declined = "
    "reports_countryfeedbackcount.declined + excluded.declined, transferred = "
    "reports_countryfeedbackcount.transferred + excluded.transferred, resolved_dated = "
    "reports_countryfeedbackcount.resolved_dated + excluded.resolved_dated, days_taken = "
    "reports_countryfeedbackcount.days_taken + excluded.days_taken; INSERT INTO reports_countryfeedbackcount "
    "(stripe, kind, day, is_month, received, resolved, resolved_in_time, in_progress, declined, transferred, "
    "resolved_dated, days_taken) VALUES ((NEW.id % 64), NEW.kind, NEW.received_on, 0, +(CASE WHEN 1 = 1 THEN 1 "
    "ELSE 0 END), +(CASE WHEN NEW.status IN ('resolved', 'closed') THEN 1 ELSE 0 END), +(CASE WHEN ((NEW.status "
    "IN ('resolved', 'closed') AND NEW.resolved_on IS NOT NULL) AND (NEW.resolve_due_on >= NEW.resolved_on OR "
    "(NEW.resolve_due_on IS NULL AND NEW.accept_due_on >= NEW.resolved_on) OR (NEW.resolve_due_on IS NULL AND "
    "NEW.accept_due_on IS NULL))) THEN 1 ELSE 0 END), +(CASE WHEN NEW.status IN ('received', 'accepted', "
    "'in_progress') THEN 1 ELSE 0 END), +(CASE WHEN NEW.status IN ('declined') THEN 1 ELSE 0 END), +(CASE WHEN "
    "NEW.status IN ('transferred') THEN 1 ELSE 0 END), +(CASE WHEN (NEW.status IN ('resolved', 'closed') AND "
    "NEW.resolved_on IS NOT NULL) THEN 1 ELSE 0 END), +(CASE WHEN (NEW.status IN ('resolved', 'closed') AND "
    "NEW.resolved_on IS NOT NULL) THEN CAST(julianday(NEW.resolved_on) - julianday(NEW.received_on) AS INTEGER) "
    "ELSE 0 END)) ON CONFLICT (stripe, kind, day, is_month) DO UPDATE SET received = "
    "reports_countryfeedbackcount.received + excluded.received, resolved = "
    "reports_countryfeedbackcount.resolved + excluded.resolved, resolved_in_time = "
    "reports_countryfeedbackcount.resolved_in_time + excluded.resolved_in_time, in_progress = "
    "reports_countryfeedbackcount.in_progress + excluded.in_progress, declined = "
    "reports_countryfeedbackcount.declined + excluded.declined, transferred = "
    "reports_countryfeedbackcount.transferred + excluded.transferred, resolved_dated = "
    "reports_countryfeedbackcount.resolved_dated + excluded.resolved_dated, days_taken = "
    "reports_countryfeedbackcount.days_taken + excluded.days_taken;\n"
    "INSERT INTO reports_countryfeedbackcount (stripe, kind, day, is_month, received, resolved, "
    "resolved_in_time, in_progress, declined, transferred, resolved_dated, days_taken) VALUES ((NEW.id % 64), "
    "NEW.kind, date(NEW.received_on, 'start of month'), 1, +(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), +(CASE WHEN "
    "NEW.status IN ('resolved', 'closed') THEN 1 ELSE 0 END), +(CASE WHEN ((NEW.status IN ('resolved', "
    "'closed') AND NEW.resolved_on IS NOT NULL) AND (NEW.resolve_due_on >= NEW.resolved_on OR "
    "(NEW.resolve_due_on IS NULL AND NEW.accept_due_on >= NEW.resolved_on) OR (NEW.resolve_due_on IS NULL AND "
    "NEW.accept_due_on IS NULL))) THEN 1 ELSE 0 END), +(CASE WHEN NEW.status IN ('received', 'accepted', "
    "'in_progress') THEN 1 ELSE 0 END), +(CASE WHEN NEW.status IN ('declined') THEN 1 ELSE 0 END), +(CASE WHEN "
    "NEW.status IN ('transferred') THEN 1 ELSE 0 END), +(CASE WHEN (NEW.status IN ('resolved', 'closed') AND "
    "NEW.resolved_on IS NOT NULL) THEN 1 ELSE 0 END), +(CASE WHEN (NEW.status IN ('resolved', 'closed') AND "
    "NEW.resolved_on IS NOT NULL) THEN CAST(julianday(NEW.resolved_on) - julianday(NEW.received_on) AS INTEGER) "
    "ELSE 0 END)) ON CONFLICT (stripe, kind, day, is_month) DO UPDATE SET received = "
    "reports_countryfeedbackcount.received + excluded.received, resolved = "
    "reports_countryfeedbackcount.resolved + excluded.resolved, resolved_in_time = "
    "reports_countryfeedbackcount.resolved_in_time + excluded.resolved_in_time, in_progress = "
    "reports_countryfeedbackcount.in_progress + excluded.in_progress, declined = "
    "reports_countryfeedbackcount.declined + excluded.declined, transferred = "
    "reports_countryfeedbackcount.transferred + excluded.transferred, resolved_dated = "
    "reports_countryfeedbackcount.resolved_dated + excluded.resolved_dated, days_taken = "
    "reports_countryfeedbackcount.days_taken + excluded.days_taken; END",
]
SQLITE_RECOUNT = [
    "DELETE FROM reports_countryfeedbackcount",
    "INSERT INTO reports_countryfeedbackcount (stripe, kind, day, is_month, received, resolved, "
    "resolved_in_time, in_progress, declined, transferred, resolved_dated, days_taken) SELECT (r.id % 64), "
    "r.kind, r.received_on, 0, SUM(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), SUM(CASE WHEN r.status IN ('resolved', "
    "'closed') THEN 1 ELSE 0 END), SUM(CASE WHEN ((r.status IN ('resolved', 'closed') AND r.resolved_on IS NOT "
    "NULL) AND (r.resolve_due_on >= r.resolved_on OR (r.resolve_due_on IS NULL AND r.accept_due_on >= "
    "r.resolved_on) OR (r.resolve_due_on IS NULL AND r.accept_due_on IS NULL))) THEN 1 ELSE 0 END), SUM(CASE "
    "WHEN r.status IN ('received', 'accepted', 'in_progress') THEN 1 ELSE 0 END), SUM(CASE WHEN r.status IN "
    "('declined') THEN 1 ELSE 0 END), SUM(CASE WHEN r.status IN ('transferred') THEN 1 ELSE 0 END), SUM(CASE "
    "WHEN (r.status IN ('resolved', 'closed') AND r.resolved_on IS NOT NULL) THEN 1 ELSE 0 END), SUM(CASE WHEN "
    "(r.status IN ('resolved', 'closed') AND r.resolved_on IS NOT NULL) THEN CAST(julianday(r.resolved_on) - "
    "julianday(r.received_on) AS INTEGER) ELSE 0 END) FROM feedback_feedbackitem r GROUP BY 1, 2, 3",
    "INSERT INTO reports_countryfeedbackcount (stripe, kind, day, is_month, received, resolved, "
    "resolved_in_time, in_progress, declined, transferred, resolved_dated, days_taken) SELECT (r.id % 64), "
    "r.kind, date(r.received_on, 'start of month'), 1, SUM(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), SUM(CASE WHEN "
    "r.status IN ('resolved', 'closed') THEN 1 ELSE 0 END), SUM(CASE WHEN ((r.status IN ('resolved', 'closed') "
    "AND r.resolved_on IS NOT NULL) AND (r.resolve_due_on >= r.resolved_on OR (r.resolve_due_on IS NULL AND "
    "r.accept_due_on >= r.resolved_on) OR (r.resolve_due_on IS NULL AND r.accept_due_on IS NULL))) THEN 1 ELSE "
    "0 END), SUM(CASE WHEN r.status IN ('received', 'accepted', 'in_progress') THEN 1 ELSE 0 END), SUM(CASE "
    "WHEN r.status IN ('declined') THEN 1 ELSE 0 END), SUM(CASE WHEN r.status IN ('transferred') THEN 1 ELSE 0 "
    "END), SUM(CASE WHEN (r.status IN ('resolved', 'closed') AND r.resolved_on IS NOT NULL) THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN (r.status IN ('resolved', 'closed') AND r.resolved_on IS NOT NULL) THEN "
    "CAST(julianday(r.resolved_on) - julianday(r.received_on) AS INTEGER) ELSE 0 END) FROM "
    "feedback_feedbackitem r GROUP BY 1, 2, 3",
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
        ("reports", "0008_country_counts"),
        ("feedback", "0013_feedback_unit_index_served_by_composite"),
    ]

    operations = [
        migrations.CreateModel(
            name="CountryFeedbackCount",
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
                ("kind", models.CharField(max_length=30, verbose_name="kind")),
                ("received", models.IntegerField(default=0)),
                ("resolved", models.IntegerField(default=0)),
                ("resolved_in_time", models.IntegerField(default=0)),
                ("in_progress", models.IntegerField(default=0)),
                ("declined", models.IntegerField(default=0)),
                ("transferred", models.IntegerField(default=0)),
                ("resolved_dated", models.IntegerField(default=0)),
                ("days_taken", models.IntegerField(default=0)),
            ],
            options={
                "verbose_name": "feedback count of the country",
                "verbose_name_plural": "feedback counts of the country",
                "indexes": [models.Index(fields=["is_month", "day"], name="country_feedback_count_span")],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("stripe", "kind", "day", "is_month"), name="country_feedback_count_bucket"
                    )
                ],
            },
        ),
        migrations.RunPython(install, uninstall),
    ]
