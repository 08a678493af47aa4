"""The PostgreSQL count triggers stand aside while a bulk write counts set-wise (core.kept_counts).

A transaction that sets `thanthien.counted_set_wise` (SET LOCAL, e.g. the dossier import) adds the counts of
its rows in one statement per kind of bucket; the row triggers then count nothing for it. Every other write
is counted by the triggers as before. The SQL is frozen here as `reports.summaries` generated it when this
migration was written (a migration imports no app code). SQLite keeps its triggers unchanged. Going back
leaves the new functions: nothing sets the setting without this change, so they count as the old ones.
"""

from django.db import migrations

POSTGRESQL_FUNCTIONS = ['\n'
 'CREATE OR REPLACE FUNCTION reports_dossiercount_keep() RETURNS trigger LANGUAGE plpgsql AS $$\n'
 'BEGIN\n'
 "  IF current_setting('thanthien.counted_set_wise', true) = 'on' THEN\n"
 '    RETURN NULL;\n'
 '  END IF;\n'
 "  IF TG_OP = 'UPDATE' AND NOT (OLD.channel IS DISTINCT FROM NEW.channel OR OLD.commune_id IS DISTINCT FROM "
 'NEW.commune_id OR OLD.postponement_count IS DISTINCT FROM NEW.postponement_count OR OLD.received_at IS '
 'DISTINCT FROM NEW.received_at OR OLD.status IS DISTINCT FROM NEW.status OR OLD.timeliness IS DISTINCT FROM '
 'NEW.timeliness) THEN\n'
 '    RETURN NULL;\n'
 '  END IF;\n'
 "  IF TG_OP IN ('UPDATE', 'DELETE') THEN\n"
 '    INSERT INTO reports_dossiercount (commune_id, day, is_month, received, online, returned, ready, early, '
 'on_time, late, in_progress, rejected, home_service, postponed) VALUES (OLD.commune_id, (OLD.received_at AT '
 "TIME ZONE 'Asia/Ho_Chi_Minh')::date, FALSE, -(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), -(CASE WHEN OLD.channel "
 "IN ('online') THEN 1 ELSE 0 END), -(CASE WHEN OLD.status IN ('returned') THEN 1 ELSE 0 END), -(CASE WHEN "
 "OLD.status IN ('ready') THEN 1 ELSE 0 END), -(CASE WHEN OLD.timeliness IN ('early') THEN 1 ELSE 0 END), "
 "-(CASE WHEN OLD.timeliness IN ('on_time') THEN 1 ELSE 0 END), -(CASE WHEN OLD.timeliness IN ('late') THEN "
 "1 ELSE 0 END), -(CASE WHEN OLD.status IN ('received', 'in_progress', 'awaiting_supplement') THEN 1 ELSE 0 "
 "END), -(CASE WHEN OLD.status IN ('rejected') THEN 1 ELSE 0 END), -(CASE WHEN OLD.channel IN ('at_home') "
 'THEN 1 ELSE 0 END), -(CASE WHEN OLD.postponement_count > 0 THEN 1 ELSE 0 END)) ON CONFLICT (commune_id, '
 'day, is_month) DO UPDATE SET received = reports_dossiercount.received + excluded.received, online = '
 'reports_dossiercount.online + excluded.online, returned = reports_dossiercount.returned + '
 'excluded.returned, ready = reports_dossiercount.ready + excluded.ready, early = reports_dossiercount.early '
 '+ excluded.early, on_time = reports_dossiercount.on_time + excluded.on_time, late = '
 'reports_dossiercount.late + excluded.late, in_progress = reports_dossiercount.in_progress + '
 'excluded.in_progress, rejected = reports_dossiercount.rejected + excluded.rejected, home_service = '
 'reports_dossiercount.home_service + excluded.home_service, postponed = reports_dossiercount.postponed + '
 'excluded.postponed;\n'
 'INSERT INTO reports_dossiercount (commune_id, day, is_month, received, online, returned, ready, early, '
 "on_time, late, in_progress, rejected, home_service, postponed) VALUES (OLD.commune_id, date_trunc('month', "
 "(OLD.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh'))::date, TRUE, -(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), "
 "-(CASE WHEN OLD.channel IN ('online') THEN 1 ELSE 0 END), -(CASE WHEN OLD.status IN ('returned') THEN 1 "
 "ELSE 0 END), -(CASE WHEN OLD.status IN ('ready') THEN 1 ELSE 0 END), -(CASE WHEN OLD.timeliness IN "
 "('early') THEN 1 ELSE 0 END), -(CASE WHEN OLD.timeliness IN ('on_time') THEN 1 ELSE 0 END), -(CASE WHEN "
 "OLD.timeliness IN ('late') THEN 1 ELSE 0 END), -(CASE WHEN OLD.status IN ('received', 'in_progress', "
 "'awaiting_supplement') THEN 1 ELSE 0 END), -(CASE WHEN OLD.status IN ('rejected') THEN 1 ELSE 0 END), "
 "-(CASE WHEN OLD.channel IN ('at_home') THEN 1 ELSE 0 END), -(CASE WHEN OLD.postponement_count > 0 THEN 1 "
 'ELSE 0 END)) ON CONFLICT (commune_id, day, is_month) DO UPDATE SET received = '
 'reports_dossiercount.received + excluded.received, online = reports_dossiercount.online + excluded.online, '
 'returned = reports_dossiercount.returned + excluded.returned, ready = reports_dossiercount.ready + '
 'excluded.ready, early = reports_dossiercount.early + excluded.early, on_time = '
 'reports_dossiercount.on_time + excluded.on_time, late = reports_dossiercount.late + excluded.late, '
 'in_progress = reports_dossiercount.in_progress + excluded.in_progress, rejected = '
 'reports_dossiercount.rejected + excluded.rejected, home_service = reports_dossiercount.home_service + '
 'excluded.home_service, postponed = reports_dossiercount.postponed + excluded.postponed;\n'
 '  END IF;\n'
 "  IF TG_OP IN ('INSERT', 'UPDATE') THEN\n"
 '    INSERT INTO reports_dossiercount (commune_id, day, is_month, received, online, returned, ready, early, '
 'on_time, late, in_progress, rejected, home_service, postponed) VALUES (NEW.commune_id, (NEW.received_at AT '
 "TIME ZONE 'Asia/Ho_Chi_Minh')::date, FALSE, +(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), +(CASE WHEN NEW.channel "
 "IN ('online') THEN 1 ELSE 0 END), +(CASE WHEN NEW.status IN ('returned') THEN 1 ELSE 0 END), +(CASE WHEN "
 "NEW.status IN ('ready') THEN 1 ELSE 0 END), +(CASE WHEN NEW.timeliness IN ('early') THEN 1 ELSE 0 END), "
 "+(CASE WHEN NEW.timeliness IN ('on_time') THEN 1 ELSE 0 END), +(CASE WHEN NEW.timeliness IN ('late') THEN "
 "1 ELSE 0 END), +(CASE WHEN NEW.status IN ('received', 'in_progress', 'awaiting_supplement') THEN 1 ELSE 0 "
 "END), +(CASE WHEN NEW.status IN ('rejected') THEN 1 ELSE 0 END), +(CASE WHEN NEW.channel IN ('at_home') "
 'THEN 1 ELSE 0 END), +(CASE WHEN NEW.postponement_count > 0 THEN 1 ELSE 0 END)) ON CONFLICT (commune_id, '
 'day, is_month) DO UPDATE SET received = reports_dossiercount.received + excluded.received, online = '
 'reports_dossiercount.online + excluded.online, returned = reports_dossiercount.returned + '
 'excluded.returned, ready = reports_dossiercount.ready + excluded.ready, early = reports_dossiercount.early '
 '+ excluded.early, on_time = reports_dossiercount.on_time + excluded.on_time, late = '
 'reports_dossiercount.late + excluded.late, in_progress = reports_dossiercount.in_progress + '
 'excluded.in_progress, rejected = reports_dossiercount.rejected + excluded.rejected, home_service = '
 'reports_dossiercount.home_service + excluded.home_service, postponed = reports_dossiercount.postponed + '
 'excluded.postponed;\n'
 'INSERT INTO reports_dossiercount (commune_id, day, is_month, received, online, returned, ready, early, '
 "on_time, late, in_progress, rejected, home_service, postponed) VALUES (NEW.commune_id, date_trunc('month', "
 "(NEW.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh'))::date, TRUE, +(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), "
 "+(CASE WHEN NEW.channel IN ('online') THEN 1 ELSE 0 END), +(CASE WHEN NEW.status IN ('returned') THEN 1 "
 "ELSE 0 END), +(CASE WHEN NEW.status IN ('ready') THEN 1 ELSE 0 END), +(CASE WHEN NEW.timeliness IN "
 "('early') THEN 1 ELSE 0 END), +(CASE WHEN NEW.timeliness IN ('on_time') THEN 1 ELSE 0 END), +(CASE WHEN "
 "NEW.timeliness IN ('late') THEN 1 ELSE 0 END), +(CASE WHEN NEW.status IN ('received', 'in_progress', "
 "'awaiting_supplement') THEN 1 ELSE 0 END), +(CASE WHEN NEW.status IN ('rejected') THEN 1 ELSE 0 END), "
 "+(CASE WHEN NEW.channel IN ('at_home') THEN 1 ELSE 0 END), +(CASE WHEN NEW.postponement_count > 0 THEN 1 "
 'ELSE 0 END)) ON CONFLICT (commune_id, day, is_month) DO UPDATE SET received = '
 'reports_dossiercount.received + excluded.received, online = reports_dossiercount.online + excluded.online, '
 'returned = reports_dossiercount.returned + excluded.returned, ready = reports_dossiercount.ready + '
 'excluded.ready, early = reports_dossiercount.early + excluded.early, on_time = '
 'reports_dossiercount.on_time + excluded.on_time, late = reports_dossiercount.late + excluded.late, '
 'in_progress = reports_dossiercount.in_progress + excluded.in_progress, rejected = '
 'reports_dossiercount.rejected + excluded.rejected, home_service = reports_dossiercount.home_service + '
 'excluded.home_service, postponed = reports_dossiercount.postponed + excluded.postponed;\n'
 '  END IF;\n'
 '  RETURN NULL;\n'
 'END $$',
 '\n'
 'CREATE OR REPLACE FUNCTION reports_ratingcount_keep() RETURNS trigger LANGUAGE plpgsql AS $$\n'
 'BEGIN\n'
 "  IF current_setting('thanthien.counted_set_wise', true) = 'on' THEN\n"
 '    RETURN NULL;\n'
 '  END IF;\n'
 "  IF TG_OP = 'UPDATE' AND NOT (OLD.is_top IS DISTINCT FROM NEW.is_top OR OLD.level IS DISTINCT FROM "
 'NEW.level OR OLD.rated_at IS DISTINCT FROM NEW.rated_at OR OLD.sentiment IS DISTINCT FROM NEW.sentiment OR '
 'OLD.unit_id IS DISTINCT FROM NEW.unit_id) THEN\n'
 '    RETURN NULL;\n'
 '  END IF;\n'
 "  IF TG_OP IN ('UPDATE', 'DELETE') THEN\n"
 '    INSERT INTO reports_ratingcount (unit_id, level, day, is_month, total, satisfied, neutral, '
 'dissatisfied, very_satisfied) VALUES (OLD.unit_id, OLD.level, (OLD.rated_at AT TIME ZONE '
 "'Asia/Ho_Chi_Minh')::date, FALSE, -(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), -(CASE WHEN OLD.sentiment IN "
 "('satisfied') THEN 1 ELSE 0 END), -(CASE WHEN OLD.sentiment IN ('neutral') THEN 1 ELSE 0 END), -(CASE WHEN "
 "OLD.sentiment IN ('dissatisfied') THEN 1 ELSE 0 END), -(CASE WHEN OLD.is_top THEN 1 ELSE 0 END)) ON "
 'CONFLICT (unit_id, level, day, is_month) DO UPDATE SET total = reports_ratingcount.total + excluded.total, '
 'satisfied = reports_ratingcount.satisfied + excluded.satisfied, neutral = reports_ratingcount.neutral + '
 'excluded.neutral, dissatisfied = reports_ratingcount.dissatisfied + excluded.dissatisfied, very_satisfied '
 '= reports_ratingcount.very_satisfied + excluded.very_satisfied;\n'
 'INSERT INTO reports_ratingcount (unit_id, level, day, is_month, total, satisfied, neutral, dissatisfied, '
 "very_satisfied) VALUES (OLD.unit_id, OLD.level, date_trunc('month', (OLD.rated_at AT TIME ZONE "
 "'Asia/Ho_Chi_Minh'))::date, TRUE, -(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), -(CASE WHEN OLD.sentiment IN "
 "('satisfied') THEN 1 ELSE 0 END), -(CASE WHEN OLD.sentiment IN ('neutral') THEN 1 ELSE 0 END), -(CASE WHEN "
 "OLD.sentiment IN ('dissatisfied') THEN 1 ELSE 0 END), -(CASE WHEN OLD.is_top THEN 1 ELSE 0 END)) ON "
 'CONFLICT (unit_id, level, day, is_month) DO UPDATE SET total = reports_ratingcount.total + excluded.total, '
 'satisfied = reports_ratingcount.satisfied + excluded.satisfied, neutral = reports_ratingcount.neutral + '
 'excluded.neutral, dissatisfied = reports_ratingcount.dissatisfied + excluded.dissatisfied, very_satisfied '
 '= reports_ratingcount.very_satisfied + excluded.very_satisfied;\n'
 '  END IF;\n'
 "  IF TG_OP IN ('INSERT', 'UPDATE') THEN\n"
 '    INSERT INTO reports_ratingcount (unit_id, level, day, is_month, total, satisfied, neutral, '
 'dissatisfied, very_satisfied) VALUES (NEW.unit_id, NEW.level, (NEW.rated_at AT TIME ZONE '
 "'Asia/Ho_Chi_Minh')::date, FALSE, +(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), +(CASE WHEN NEW.sentiment IN "
 "('satisfied') THEN 1 ELSE 0 END), +(CASE WHEN NEW.sentiment IN ('neutral') THEN 1 ELSE 0 END), +(CASE WHEN "
 "NEW.sentiment IN ('dissatisfied') THEN 1 ELSE 0 END), +(CASE WHEN NEW.is_top THEN 1 ELSE 0 END)) ON "
 'CONFLICT (unit_id, level, day, is_month) DO UPDATE SET total = reports_ratingcount.total + excluded.total, '
 'satisfied = reports_ratingcount.satisfied + excluded.satisfied, neutral = reports_ratingcount.neutral + '
 'excluded.neutral, dissatisfied = reports_ratingcount.dissatisfied + excluded.dissatisfied, very_satisfied '
 '= reports_ratingcount.very_satisfied + excluded.very_satisfied;\n'
 'INSERT INTO reports_ratingcount (unit_id, level, day, is_month, total, satisfied, neutral, dissatisfied, '
 "very_satisfied) VALUES (NEW.unit_id, NEW.level, date_trunc('month', (NEW.rated_at AT TIME ZONE "
 "'Asia/Ho_Chi_Minh'))::date, TRUE, +(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), +(CASE WHEN NEW.sentiment IN "
 "('satisfied') THEN 1 ELSE 0 END), +(CASE WHEN NEW.sentiment IN ('neutral') THEN 1 ELSE 0 END), +(CASE WHEN "
 "NEW.sentiment IN ('dissatisfied') THEN 1 ELSE 0 END), +(CASE WHEN NEW.is_top THEN 1 ELSE 0 END)) ON "
 'CONFLICT (unit_id, level, day, is_month) DO UPDATE SET total = reports_ratingcount.total + excluded.total, '
 'satisfied = reports_ratingcount.satisfied + excluded.satisfied, neutral = reports_ratingcount.neutral + '
 'excluded.neutral, dissatisfied = reports_ratingcount.dissatisfied + excluded.dissatisfied, very_satisfied '
 '= reports_ratingcount.very_satisfied + excluded.very_satisfied;\n'
 '  END IF;\n'
 '  RETURN NULL;\n'
 'END $$']


def replace_functions(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for statement in POSTGRESQL_FUNCTIONS:
            cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0005_national_reviewer_permission"),
    ]

    operations = [migrations.RunPython(replace_functions, migrations.RunPython.noop)]
