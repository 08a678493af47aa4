"""The triggers that keep DossierCount and RatingCount exact, and a first count of the rows already there.

The SQL is frozen here as `reports.summaries` generated it when this migration was written (STYLE §11: a
migration imports no app code, so a later change of the counted columns cannot break `migrate` from zero).
Later changes of the triggers come as new migrations; `summaries.ensure_installed` (post_migrate) puts
back the current ones where SQLite dropped them with a remade table.
"""

from django.db import migrations

POSTGRESQL_DROP = ['DROP TRIGGER IF EXISTS reports_dossiercount_keep ON dossiers_dossier',
 'DROP TRIGGER IF EXISTS reports_dossiercount_keep_truncate ON dossiers_dossier',
 'DROP FUNCTION IF EXISTS reports_dossiercount_keep()',
 'DROP FUNCTION IF EXISTS reports_dossiercount_keep_truncate()',
 'DROP TRIGGER IF EXISTS reports_ratingcount_keep ON ratings_rating',
 'DROP TRIGGER IF EXISTS reports_ratingcount_keep_truncate ON ratings_rating',
 'DROP FUNCTION IF EXISTS reports_ratingcount_keep()',
 'DROP FUNCTION IF EXISTS reports_ratingcount_keep_truncate()']
POSTGRESQL_TRIGGERS = ['\n'
 'CREATE OR REPLACE FUNCTION reports_dossiercount_keep() RETURNS trigger LANGUAGE plpgsql AS $$\n'
 'BEGIN\n'
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
 'CREATE TRIGGER reports_dossiercount_keep AFTER INSERT OR UPDATE OR DELETE ON dossiers_dossier FOR EACH ROW '
 'EXECUTE FUNCTION reports_dossiercount_keep()',
 'CREATE OR REPLACE FUNCTION reports_dossiercount_keep_truncate() RETURNS trigger LANGUAGE plpgsql AS $$ '
 'BEGIN DELETE FROM reports_dossiercount; RETURN NULL; END $$',
 'CREATE TRIGGER reports_dossiercount_keep_truncate AFTER TRUNCATE ON dossiers_dossier FOR EACH STATEMENT '
 'EXECUTE FUNCTION reports_dossiercount_keep_truncate()',
 '\n'
 'CREATE OR REPLACE FUNCTION reports_ratingcount_keep() RETURNS trigger LANGUAGE plpgsql AS $$\n'
 'BEGIN\n'
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
 'END $$',
 'CREATE TRIGGER reports_ratingcount_keep AFTER INSERT OR UPDATE OR DELETE ON ratings_rating FOR EACH ROW '
 'EXECUTE FUNCTION reports_ratingcount_keep()',
 'CREATE OR REPLACE FUNCTION reports_ratingcount_keep_truncate() RETURNS trigger LANGUAGE plpgsql AS $$ '
 'BEGIN DELETE FROM reports_ratingcount; RETURN NULL; END $$',
 'CREATE TRIGGER reports_ratingcount_keep_truncate AFTER TRUNCATE ON ratings_rating FOR EACH STATEMENT '
 'EXECUTE FUNCTION reports_ratingcount_keep_truncate()']
POSTGRESQL_RECOUNT = ['DELETE FROM reports_dossiercount',
 'INSERT INTO reports_dossiercount (commune_id, day, is_month, received, online, returned, ready, early, '
 'on_time, late, in_progress, rejected, home_service, postponed) SELECT r.commune_id, (r.received_at AT TIME '
 "ZONE 'Asia/Ho_Chi_Minh')::date, FALSE, SUM(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), SUM(CASE WHEN r.channel IN "
 "('online') THEN 1 ELSE 0 END), SUM(CASE WHEN r.status IN ('returned') THEN 1 ELSE 0 END), SUM(CASE WHEN "
 "r.status IN ('ready') THEN 1 ELSE 0 END), SUM(CASE WHEN r.timeliness IN ('early') THEN 1 ELSE 0 END), "
 "SUM(CASE WHEN r.timeliness IN ('on_time') THEN 1 ELSE 0 END), SUM(CASE WHEN r.timeliness IN ('late') THEN "
 "1 ELSE 0 END), SUM(CASE WHEN r.status IN ('received', 'in_progress', 'awaiting_supplement') THEN 1 ELSE 0 "
 "END), SUM(CASE WHEN r.status IN ('rejected') THEN 1 ELSE 0 END), SUM(CASE WHEN r.channel IN ('at_home') "
 'THEN 1 ELSE 0 END), SUM(CASE WHEN r.postponement_count > 0 THEN 1 ELSE 0 END) FROM dossiers_dossier r '
 'GROUP BY 1, 2',
 'INSERT INTO reports_dossiercount (commune_id, day, is_month, received, online, returned, ready, early, '
 "on_time, late, in_progress, rejected, home_service, postponed) SELECT r.commune_id, date_trunc('month', "
 "(r.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh'))::date, TRUE, SUM(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), "
 "SUM(CASE WHEN r.channel IN ('online') THEN 1 ELSE 0 END), SUM(CASE WHEN r.status IN ('returned') THEN 1 "
 "ELSE 0 END), SUM(CASE WHEN r.status IN ('ready') THEN 1 ELSE 0 END), SUM(CASE WHEN r.timeliness IN "
 "('early') THEN 1 ELSE 0 END), SUM(CASE WHEN r.timeliness IN ('on_time') THEN 1 ELSE 0 END), SUM(CASE WHEN "
 "r.timeliness IN ('late') THEN 1 ELSE 0 END), SUM(CASE WHEN r.status IN ('received', 'in_progress', "
 "'awaiting_supplement') THEN 1 ELSE 0 END), SUM(CASE WHEN r.status IN ('rejected') THEN 1 ELSE 0 END), "
 "SUM(CASE WHEN r.channel IN ('at_home') THEN 1 ELSE 0 END), SUM(CASE WHEN r.postponement_count > 0 THEN 1 "
 'ELSE 0 END) FROM dossiers_dossier r GROUP BY 1, 2',
 'DELETE FROM reports_ratingcount',
 'INSERT INTO reports_ratingcount (unit_id, level, day, is_month, total, satisfied, neutral, dissatisfied, '
 "very_satisfied) SELECT r.unit_id, r.level, (r.rated_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, FALSE, "
 "SUM(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), SUM(CASE WHEN r.sentiment IN ('satisfied') THEN 1 ELSE 0 END), "
 "SUM(CASE WHEN r.sentiment IN ('neutral') THEN 1 ELSE 0 END), SUM(CASE WHEN r.sentiment IN ('dissatisfied') "
 'THEN 1 ELSE 0 END), SUM(CASE WHEN r.is_top THEN 1 ELSE 0 END) FROM ratings_rating r GROUP BY 1, 2, 3',
 'INSERT INTO reports_ratingcount (unit_id, level, day, is_month, total, satisfied, neutral, dissatisfied, '
 "very_satisfied) SELECT r.unit_id, r.level, date_trunc('month', (r.rated_at AT TIME ZONE "
 "'Asia/Ho_Chi_Minh'))::date, TRUE, SUM(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), SUM(CASE WHEN r.sentiment IN "
 "('satisfied') THEN 1 ELSE 0 END), SUM(CASE WHEN r.sentiment IN ('neutral') THEN 1 ELSE 0 END), SUM(CASE "
 "WHEN r.sentiment IN ('dissatisfied') THEN 1 ELSE 0 END), SUM(CASE WHEN r.is_top THEN 1 ELSE 0 END) FROM "
 'ratings_rating r GROUP BY 1, 2, 3']

SQLITE_DROP = ['DROP TRIGGER IF EXISTS reports_dossiercount_keep_insert',
 'DROP TRIGGER IF EXISTS reports_dossiercount_keep_delete',
 'DROP TRIGGER IF EXISTS reports_dossiercount_keep_update',
 'DROP TRIGGER IF EXISTS reports_ratingcount_keep_insert',
 'DROP TRIGGER IF EXISTS reports_ratingcount_keep_delete',
 'DROP TRIGGER IF EXISTS reports_ratingcount_keep_update']
SQLITE_TRIGGERS = ['CREATE TRIGGER reports_dossiercount_keep_insert AFTER INSERT ON dossiers_dossier BEGIN INSERT INTO '
 'reports_dossiercount (commune_id, day, is_month, received, online, returned, ready, early, on_time, late, '
 "in_progress, rejected, home_service, postponed) VALUES (NEW.commune_id, date(NEW.received_at, '+420 "
 "minutes'), 0, +(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), +(CASE WHEN NEW.channel IN ('online') THEN 1 ELSE 0 "
 "END), +(CASE WHEN NEW.status IN ('returned') THEN 1 ELSE 0 END), +(CASE WHEN NEW.status IN ('ready') THEN "
 "1 ELSE 0 END), +(CASE WHEN NEW.timeliness IN ('early') THEN 1 ELSE 0 END), +(CASE WHEN NEW.timeliness IN "
 "('on_time') THEN 1 ELSE 0 END), +(CASE WHEN NEW.timeliness IN ('late') THEN 1 ELSE 0 END), +(CASE WHEN "
 "NEW.status IN ('received', 'in_progress', 'awaiting_supplement') THEN 1 ELSE 0 END), +(CASE WHEN "
 "NEW.status IN ('rejected') THEN 1 ELSE 0 END), +(CASE WHEN NEW.channel IN ('at_home') THEN 1 ELSE 0 END), "
 '+(CASE WHEN NEW.postponement_count > 0 THEN 1 ELSE 0 END)) ON CONFLICT (commune_id, day, is_month) DO '
 'UPDATE SET received = reports_dossiercount.received + excluded.received, online = '
 'reports_dossiercount.online + excluded.online, returned = reports_dossiercount.returned + '
 'excluded.returned, ready = reports_dossiercount.ready + excluded.ready, early = reports_dossiercount.early '
 '+ excluded.early, on_time = reports_dossiercount.on_time + excluded.on_time, late = '
 'reports_dossiercount.late + excluded.late, in_progress = reports_dossiercount.in_progress + '
 'excluded.in_progress, rejected = reports_dossiercount.rejected + excluded.rejected, home_service = '
 'reports_dossiercount.home_service + excluded.home_service, postponed = reports_dossiercount.postponed + '
 'excluded.postponed;\n'
 'INSERT INTO reports_dossiercount (commune_id, day, is_month, received, online, returned, ready, early, '
 'on_time, late, in_progress, rejected, home_service, postponed) VALUES (NEW.commune_id, '
 "date(NEW.received_at, '+420 minutes', 'start of month'), 1, +(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), +(CASE "
 "WHEN NEW.channel IN ('online') THEN 1 ELSE 0 END), +(CASE WHEN NEW.status IN ('returned') THEN 1 ELSE 0 "
 "END), +(CASE WHEN NEW.status IN ('ready') THEN 1 ELSE 0 END), +(CASE WHEN NEW.timeliness IN ('early') THEN "
 "1 ELSE 0 END), +(CASE WHEN NEW.timeliness IN ('on_time') THEN 1 ELSE 0 END), +(CASE WHEN NEW.timeliness IN "
 "('late') THEN 1 ELSE 0 END), +(CASE WHEN NEW.status IN ('received', 'in_progress', 'awaiting_supplement') "
 "THEN 1 ELSE 0 END), +(CASE WHEN NEW.status IN ('rejected') THEN 1 ELSE 0 END), +(CASE WHEN NEW.channel IN "
 "('at_home') THEN 1 ELSE 0 END), +(CASE WHEN NEW.postponement_count > 0 THEN 1 ELSE 0 END)) ON CONFLICT "
 '(commune_id, day, is_month) DO UPDATE SET received = reports_dossiercount.received + excluded.received, '
 'online = reports_dossiercount.online + excluded.online, returned = reports_dossiercount.returned + '
 'excluded.returned, ready = reports_dossiercount.ready + excluded.ready, early = reports_dossiercount.early '
 '+ excluded.early, on_time = reports_dossiercount.on_time + excluded.on_time, late = '
 'reports_dossiercount.late + excluded.late, in_progress = reports_dossiercount.in_progress + '
 'excluded.in_progress, rejected = reports_dossiercount.rejected + excluded.rejected, home_service = '
 'reports_dossiercount.home_service + excluded.home_service, postponed = reports_dossiercount.postponed + '
 'excluded.postponed; END',
 'CREATE TRIGGER reports_dossiercount_keep_delete AFTER DELETE ON dossiers_dossier BEGIN INSERT INTO '
 'reports_dossiercount (commune_id, day, is_month, received, online, returned, ready, early, on_time, late, '
 "in_progress, rejected, home_service, postponed) VALUES (OLD.commune_id, date(OLD.received_at, '+420 "
 "minutes'), 0, -(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), -(CASE WHEN OLD.channel IN ('online') THEN 1 ELSE 0 "
 "END), -(CASE WHEN OLD.status IN ('returned') THEN 1 ELSE 0 END), -(CASE WHEN OLD.status IN ('ready') THEN "
 "1 ELSE 0 END), -(CASE WHEN OLD.timeliness IN ('early') THEN 1 ELSE 0 END), -(CASE WHEN OLD.timeliness IN "
 "('on_time') THEN 1 ELSE 0 END), -(CASE WHEN OLD.timeliness IN ('late') THEN 1 ELSE 0 END), -(CASE WHEN "
 "OLD.status IN ('received', 'in_progress', 'awaiting_supplement') THEN 1 ELSE 0 END), -(CASE WHEN "
 "OLD.status IN ('rejected') THEN 1 ELSE 0 END), -(CASE WHEN OLD.channel IN ('at_home') THEN 1 ELSE 0 END), "
 '-(CASE WHEN OLD.postponement_count > 0 THEN 1 ELSE 0 END)) ON CONFLICT (commune_id, day, is_month) DO '
 'UPDATE SET received = reports_dossiercount.received + excluded.received, online = '
 'reports_dossiercount.online + excluded.online, returned = reports_dossiercount.returned + '
 'excluded.returned, ready = reports_dossiercount.ready + excluded.ready, early = reports_dossiercount.early '
 '+ excluded.early, on_time = reports_dossiercount.on_time + excluded.on_time, late = '
 'reports_dossiercount.late + excluded.late, in_progress = reports_dossiercount.in_progress + '
 'excluded.in_progress, rejected = reports_dossiercount.rejected + excluded.rejected, home_service = '
 'reports_dossiercount.home_service + excluded.home_service, postponed = reports_dossiercount.postponed + '
 'excluded.postponed;\n'
 'INSERT INTO reports_dossiercount (commune_id, day, is_month, received, online, returned, ready, early, '
 'on_time, late, in_progress, rejected, home_service, postponed) VALUES (OLD.commune_id, '
 "date(OLD.received_at, '+420 minutes', 'start of month'), 1, -(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), -(CASE "
 "WHEN OLD.channel IN ('online') THEN 1 ELSE 0 END), -(CASE WHEN OLD.status IN ('returned') THEN 1 ELSE 0 "
 "END), -(CASE WHEN OLD.status IN ('ready') THEN 1 ELSE 0 END), -(CASE WHEN OLD.timeliness IN ('early') THEN "
 "1 ELSE 0 END), -(CASE WHEN OLD.timeliness IN ('on_time') THEN 1 ELSE 0 END), -(CASE WHEN OLD.timeliness IN "
 "('late') THEN 1 ELSE 0 END), -(CASE WHEN OLD.status IN ('received', 'in_progress', 'awaiting_supplement') "
 "THEN 1 ELSE 0 END), -(CASE WHEN OLD.status IN ('rejected') THEN 1 ELSE 0 END), -(CASE WHEN OLD.channel IN "
 "('at_home') THEN 1 ELSE 0 END), -(CASE WHEN OLD.postponement_count > 0 THEN 1 ELSE 0 END)) ON CONFLICT "
 '(commune_id, day, is_month) DO UPDATE SET received = reports_dossiercount.received + excluded.received, '
 'online = reports_dossiercount.online + excluded.online, returned = reports_dossiercount.returned + '
 'excluded.returned, ready = reports_dossiercount.ready + excluded.ready, early = reports_dossiercount.early '
 '+ excluded.early, on_time = reports_dossiercount.on_time + excluded.on_time, late = '
 'reports_dossiercount.late + excluded.late, in_progress = reports_dossiercount.in_progress + '
 'excluded.in_progress, rejected = reports_dossiercount.rejected + excluded.rejected, home_service = '
 'reports_dossiercount.home_service + excluded.home_service, postponed = reports_dossiercount.postponed + '
 'excluded.postponed; END',
 'CREATE TRIGGER reports_dossiercount_keep_update AFTER UPDATE ON dossiers_dossier WHEN OLD.channel IS NOT '
 'NEW.channel OR OLD.commune_id IS NOT NEW.commune_id OR OLD.postponement_count IS NOT '
 'NEW.postponement_count OR OLD.received_at IS NOT NEW.received_at OR OLD.status IS NOT NEW.status OR '
 'OLD.timeliness IS NOT NEW.timeliness BEGIN INSERT INTO reports_dossiercount (commune_id, day, is_month, '
 'received, online, returned, ready, early, on_time, late, in_progress, rejected, home_service, postponed) '
 "VALUES (OLD.commune_id, date(OLD.received_at, '+420 minutes'), 0, -(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), "
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
 'INSERT INTO reports_dossiercount (commune_id, day, is_month, received, online, returned, ready, early, '
 'on_time, late, in_progress, rejected, home_service, postponed) VALUES (OLD.commune_id, '
 "date(OLD.received_at, '+420 minutes', 'start of month'), 1, -(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), -(CASE "
 "WHEN OLD.channel IN ('online') THEN 1 ELSE 0 END), -(CASE WHEN OLD.status IN ('returned') THEN 1 ELSE 0 "
 "END), -(CASE WHEN OLD.status IN ('ready') THEN 1 ELSE 0 END), -(CASE WHEN OLD.timeliness IN ('early') THEN "
 "1 ELSE 0 END), -(CASE WHEN OLD.timeliness IN ('on_time') THEN 1 ELSE 0 END), -(CASE WHEN OLD.timeliness IN "
 "('late') THEN 1 ELSE 0 END), -(CASE WHEN OLD.status IN ('received', 'in_progress', 'awaiting_supplement') "
 "THEN 1 ELSE 0 END), -(CASE WHEN OLD.status IN ('rejected') THEN 1 ELSE 0 END), -(CASE WHEN OLD.channel IN "
 "('at_home') THEN 1 ELSE 0 END), -(CASE WHEN OLD.postponement_count > 0 THEN 1 ELSE 0 END)) ON CONFLICT "
 '(commune_id, day, is_month) DO UPDATE SET received = reports_dossiercount.received + excluded.received, '
 'online = reports_dossiercount.online + excluded.online, returned = reports_dossiercount.returned + '
 'excluded.returned, ready = reports_dossiercount.ready + excluded.ready, early = reports_dossiercount.early '
 '+ excluded.early, on_time = reports_dossiercount.on_time + excluded.on_time, late = '
 'reports_dossiercount.late + excluded.late, in_progress = reports_dossiercount.in_progress + '
 'excluded.in_progress, rejected = reports_dossiercount.rejected + excluded.rejected, home_service = '
 'reports_dossiercount.home_service + excluded.home_service, postponed = reports_dossiercount.postponed + '
 'excluded.postponed; INSERT INTO reports_dossiercount (commune_id, day, is_month, received, online, '
 'returned, ready, early, on_time, late, in_progress, rejected, home_service, postponed) VALUES '
 "(NEW.commune_id, date(NEW.received_at, '+420 minutes'), 0, +(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), +(CASE "
 "WHEN NEW.channel IN ('online') THEN 1 ELSE 0 END), +(CASE WHEN NEW.status IN ('returned') THEN 1 ELSE 0 "
 "END), +(CASE WHEN NEW.status IN ('ready') THEN 1 ELSE 0 END), +(CASE WHEN NEW.timeliness IN ('early') THEN "
 "1 ELSE 0 END), +(CASE WHEN NEW.timeliness IN ('on_time') THEN 1 ELSE 0 END), +(CASE WHEN NEW.timeliness IN "
 "('late') THEN 1 ELSE 0 END), +(CASE WHEN NEW.status IN ('received', 'in_progress', 'awaiting_supplement') "
 "THEN 1 ELSE 0 END), +(CASE WHEN NEW.status IN ('rejected') THEN 1 ELSE 0 END), +(CASE WHEN NEW.channel IN "
 "('at_home') THEN 1 ELSE 0 END), +(CASE WHEN NEW.postponement_count > 0 THEN 1 ELSE 0 END)) ON CONFLICT "
 '(commune_id, day, is_month) DO UPDATE SET received = reports_dossiercount.received + excluded.received, '
 'online = reports_dossiercount.online + excluded.online, returned = reports_dossiercount.returned + '
 'excluded.returned, ready = reports_dossiercount.ready + excluded.ready, early = reports_dossiercount.early '
 '+ excluded.early, on_time = reports_dossiercount.on_time + excluded.on_time, late = '
 'reports_dossiercount.late + excluded.late, in_progress = reports_dossiercount.in_progress + '
 'excluded.in_progress, rejected = reports_dossiercount.rejected + excluded.rejected, home_service = '
 'reports_dossiercount.home_service + excluded.home_service, postponed = reports_dossiercount.postponed + '
 'excluded.postponed;\n'
 'INSERT INTO reports_dossiercount (commune_id, day, is_month, received, online, returned, ready, early, '
 'on_time, late, in_progress, rejected, home_service, postponed) VALUES (NEW.commune_id, '
 "date(NEW.received_at, '+420 minutes', 'start of month'), 1, +(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), +(CASE "
 "WHEN NEW.channel IN ('online') THEN 1 ELSE 0 END), +(CASE WHEN NEW.status IN ('returned') THEN 1 ELSE 0 "
 "END), +(CASE WHEN NEW.status IN ('ready') THEN 1 ELSE 0 END), +(CASE WHEN NEW.timeliness IN ('early') THEN "
 "1 ELSE 0 END), +(CASE WHEN NEW.timeliness IN ('on_time') THEN 1 ELSE 0 END), +(CASE WHEN NEW.timeliness IN "
 "('late') THEN 1 ELSE 0 END), +(CASE WHEN NEW.status IN ('received', 'in_progress', 'awaiting_supplement') "
 "THEN 1 ELSE 0 END), +(CASE WHEN NEW.status IN ('rejected') THEN 1 ELSE 0 END), +(CASE WHEN NEW.channel IN "
 "('at_home') THEN 1 ELSE 0 END), +(CASE WHEN NEW.postponement_count > 0 THEN 1 ELSE 0 END)) ON CONFLICT "
 '(commune_id, day, is_month) DO UPDATE SET received = reports_dossiercount.received + excluded.received, '
 'online = reports_dossiercount.online + excluded.online, returned = reports_dossiercount.returned + '
 'excluded.returned, ready = reports_dossiercount.ready + excluded.ready, early = reports_dossiercount.early '
 '+ excluded.early, on_time = reports_dossiercount.on_time + excluded.on_time, late = '
 'reports_dossiercount.late + excluded.late, in_progress = reports_dossiercount.in_progress + '
 'excluded.in_progress, rejected = reports_dossiercount.rejected + excluded.rejected, home_service = '
 'reports_dossiercount.home_service + excluded.home_service, postponed = reports_dossiercount.postponed + '
 'excluded.postponed; END',
 'CREATE TRIGGER reports_ratingcount_keep_insert AFTER INSERT ON ratings_rating BEGIN INSERT INTO '
 'reports_ratingcount (unit_id, level, day, is_month, total, satisfied, neutral, dissatisfied, '
 "very_satisfied) VALUES (NEW.unit_id, NEW.level, date(NEW.rated_at, '+420 minutes'), 0, +(CASE WHEN 1 = 1 "
 "THEN 1 ELSE 0 END), +(CASE WHEN NEW.sentiment IN ('satisfied') THEN 1 ELSE 0 END), +(CASE WHEN "
 "NEW.sentiment IN ('neutral') THEN 1 ELSE 0 END), +(CASE WHEN NEW.sentiment IN ('dissatisfied') THEN 1 ELSE "
 '0 END), +(CASE WHEN NEW.is_top THEN 1 ELSE 0 END)) ON CONFLICT (unit_id, level, day, is_month) DO UPDATE '
 'SET total = reports_ratingcount.total + excluded.total, satisfied = reports_ratingcount.satisfied + '
 'excluded.satisfied, neutral = reports_ratingcount.neutral + excluded.neutral, dissatisfied = '
 'reports_ratingcount.dissatisfied + excluded.dissatisfied, very_satisfied = '
 'reports_ratingcount.very_satisfied + excluded.very_satisfied;\n'
 'INSERT INTO reports_ratingcount (unit_id, level, day, is_month, total, satisfied, neutral, dissatisfied, '
 "very_satisfied) VALUES (NEW.unit_id, NEW.level, date(NEW.rated_at, '+420 minutes', 'start of month'), 1, "
 "+(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), +(CASE WHEN NEW.sentiment IN ('satisfied') THEN 1 ELSE 0 END), "
 "+(CASE WHEN NEW.sentiment IN ('neutral') THEN 1 ELSE 0 END), +(CASE WHEN NEW.sentiment IN ('dissatisfied') "
 'THEN 1 ELSE 0 END), +(CASE WHEN NEW.is_top THEN 1 ELSE 0 END)) ON CONFLICT (unit_id, level, day, is_month) '
 'DO UPDATE SET total = reports_ratingcount.total + excluded.total, satisfied = '
 'reports_ratingcount.satisfied + excluded.satisfied, neutral = reports_ratingcount.neutral + '
 'excluded.neutral, dissatisfied = reports_ratingcount.dissatisfied + excluded.dissatisfied, very_satisfied '
 '= reports_ratingcount.very_satisfied + excluded.very_satisfied; END',
 'CREATE TRIGGER reports_ratingcount_keep_delete AFTER DELETE ON ratings_rating BEGIN INSERT INTO '
 'reports_ratingcount (unit_id, level, day, is_month, total, satisfied, neutral, dissatisfied, '
 "very_satisfied) VALUES (OLD.unit_id, OLD.level, date(OLD.rated_at, '+420 minutes'), 0, -(CASE WHEN 1 = 1 "
 "THEN 1 ELSE 0 END), -(CASE WHEN OLD.sentiment IN ('satisfied') THEN 1 ELSE 0 END), -(CASE WHEN "
 "OLD.sentiment IN ('neutral') THEN 1 ELSE 0 END), -(CASE WHEN OLD.sentiment IN ('dissatisfied') THEN 1 ELSE "
 '0 END), -(CASE WHEN OLD.is_top THEN 1 ELSE 0 END)) ON CONFLICT (unit_id, level, day, is_month) DO UPDATE '
 'SET total = reports_ratingcount.total + excluded.total, satisfied = reports_ratingcount.satisfied + '
 'excluded.satisfied, neutral = reports_ratingcount.neutral + excluded.neutral, dissatisfied = '
 'reports_ratingcount.dissatisfied + excluded.dissatisfied, very_satisfied = '
 'reports_ratingcount.very_satisfied + excluded.very_satisfied;\n'
 'INSERT INTO reports_ratingcount (unit_id, level, day, is_month, total, satisfied, neutral, dissatisfied, '
 "very_satisfied) VALUES (OLD.unit_id, OLD.level, date(OLD.rated_at, '+420 minutes', 'start of month'), 1, "
 "-(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), -(CASE WHEN OLD.sentiment IN ('satisfied') THEN 1 ELSE 0 END), "
 "-(CASE WHEN OLD.sentiment IN ('neutral') THEN 1 ELSE 0 END), -(CASE WHEN OLD.sentiment IN ('dissatisfied') "
 'THEN 1 ELSE 0 END), -(CASE WHEN OLD.is_top THEN 1 ELSE 0 END)) ON CONFLICT (unit_id, level, day, is_month) '
 'DO UPDATE SET total = reports_ratingcount.total + excluded.total, satisfied = '
 'reports_ratingcount.satisfied + excluded.satisfied, neutral = reports_ratingcount.neutral + '
 'excluded.neutral, dissatisfied = reports_ratingcount.dissatisfied + excluded.dissatisfied, very_satisfied '
 '= reports_ratingcount.very_satisfied + excluded.very_satisfied; END',
 'CREATE TRIGGER reports_ratingcount_keep_update AFTER UPDATE ON ratings_rating WHEN OLD.is_top IS NOT '
 'NEW.is_top OR OLD.level IS NOT NEW.level OR OLD.rated_at IS NOT NEW.rated_at OR OLD.sentiment IS NOT '
 'NEW.sentiment OR OLD.unit_id IS NOT NEW.unit_id BEGIN INSERT INTO reports_ratingcount (unit_id, level, '
 'day, is_month, total, satisfied, neutral, dissatisfied, very_satisfied) VALUES (OLD.unit_id, OLD.level, '
 "date(OLD.rated_at, '+420 minutes'), 0, -(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), -(CASE WHEN OLD.sentiment IN "
 "('satisfied') THEN 1 ELSE 0 END), -(CASE WHEN OLD.sentiment IN ('neutral') THEN 1 ELSE 0 END), -(CASE WHEN "
 "OLD.sentiment IN ('dissatisfied') THEN 1 ELSE 0 END), -(CASE WHEN OLD.is_top THEN 1 ELSE 0 END)) ON "
 'CONFLICT (unit_id, level, day, is_month) DO UPDATE SET total = reports_ratingcount.total + excluded.total, '
 'satisfied = reports_ratingcount.satisfied + excluded.satisfied, neutral = reports_ratingcount.neutral + '
 'excluded.neutral, dissatisfied = reports_ratingcount.dissatisfied + excluded.dissatisfied, very_satisfied '
 '= reports_ratingcount.very_satisfied + excluded.very_satisfied;\n'
 'INSERT INTO reports_ratingcount (unit_id, level, day, is_month, total, satisfied, neutral, dissatisfied, '
 "very_satisfied) VALUES (OLD.unit_id, OLD.level, date(OLD.rated_at, '+420 minutes', 'start of month'), 1, "
 "-(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), -(CASE WHEN OLD.sentiment IN ('satisfied') THEN 1 ELSE 0 END), "
 "-(CASE WHEN OLD.sentiment IN ('neutral') THEN 1 ELSE 0 END), -(CASE WHEN OLD.sentiment IN ('dissatisfied') "
 'THEN 1 ELSE 0 END), -(CASE WHEN OLD.is_top THEN 1 ELSE 0 END)) ON CONFLICT (unit_id, level, day, is_month) '
 'DO UPDATE SET total = reports_ratingcount.total + excluded.total, satisfied = '
 'reports_ratingcount.satisfied + excluded.satisfied, neutral = reports_ratingcount.neutral + '
 'excluded.neutral, dissatisfied = reports_ratingcount.dissatisfied + excluded.dissatisfied, very_satisfied '
 '= reports_ratingcount.very_satisfied + excluded.very_satisfied; INSERT INTO reports_ratingcount (unit_id, '
 'level, day, is_month, total, satisfied, neutral, dissatisfied, very_satisfied) VALUES (NEW.unit_id, '
 "NEW.level, date(NEW.rated_at, '+420 minutes'), 0, +(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), +(CASE WHEN "
 "NEW.sentiment IN ('satisfied') THEN 1 ELSE 0 END), +(CASE WHEN NEW.sentiment IN ('neutral') THEN 1 ELSE 0 "
 "END), +(CASE WHEN NEW.sentiment IN ('dissatisfied') THEN 1 ELSE 0 END), +(CASE WHEN NEW.is_top THEN 1 ELSE "
 '0 END)) ON CONFLICT (unit_id, level, day, is_month) DO UPDATE SET total = reports_ratingcount.total + '
 'excluded.total, satisfied = reports_ratingcount.satisfied + excluded.satisfied, neutral = '
 'reports_ratingcount.neutral + excluded.neutral, dissatisfied = reports_ratingcount.dissatisfied + '
 'excluded.dissatisfied, very_satisfied = reports_ratingcount.very_satisfied + excluded.very_satisfied;\n'
 'INSERT INTO reports_ratingcount (unit_id, level, day, is_month, total, satisfied, neutral, dissatisfied, '
 "very_satisfied) VALUES (NEW.unit_id, NEW.level, date(NEW.rated_at, '+420 minutes', 'start of month'), 1, "
 "+(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), +(CASE WHEN NEW.sentiment IN ('satisfied') THEN 1 ELSE 0 END), "
 "+(CASE WHEN NEW.sentiment IN ('neutral') THEN 1 ELSE 0 END), +(CASE WHEN NEW.sentiment IN ('dissatisfied') "
 'THEN 1 ELSE 0 END), +(CASE WHEN NEW.is_top THEN 1 ELSE 0 END)) ON CONFLICT (unit_id, level, day, is_month) '
 'DO UPDATE SET total = reports_ratingcount.total + excluded.total, satisfied = '
 'reports_ratingcount.satisfied + excluded.satisfied, neutral = reports_ratingcount.neutral + '
 'excluded.neutral, dissatisfied = reports_ratingcount.dissatisfied + excluded.dissatisfied, very_satisfied '
 '= reports_ratingcount.very_satisfied + excluded.very_satisfied; END']
SQLITE_RECOUNT = ['DELETE FROM reports_dossiercount',
 'INSERT INTO reports_dossiercount (commune_id, day, is_month, received, online, returned, ready, early, '
 'on_time, late, in_progress, rejected, home_service, postponed) SELECT r.commune_id, date(r.received_at, '
 "'+420 minutes'), 0, SUM(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), SUM(CASE WHEN r.channel IN ('online') THEN 1 "
 "ELSE 0 END), SUM(CASE WHEN r.status IN ('returned') THEN 1 ELSE 0 END), SUM(CASE WHEN r.status IN "
 "('ready') THEN 1 ELSE 0 END), SUM(CASE WHEN r.timeliness IN ('early') THEN 1 ELSE 0 END), SUM(CASE WHEN "
 "r.timeliness IN ('on_time') THEN 1 ELSE 0 END), SUM(CASE WHEN r.timeliness IN ('late') THEN 1 ELSE 0 END), "
 "SUM(CASE WHEN r.status IN ('received', 'in_progress', 'awaiting_supplement') THEN 1 ELSE 0 END), SUM(CASE "
 "WHEN r.status IN ('rejected') THEN 1 ELSE 0 END), SUM(CASE WHEN r.channel IN ('at_home') THEN 1 ELSE 0 "
 'END), SUM(CASE WHEN r.postponement_count > 0 THEN 1 ELSE 0 END) FROM dossiers_dossier r GROUP BY 1, 2',
 'INSERT INTO reports_dossiercount (commune_id, day, is_month, received, online, returned, ready, early, '
 'on_time, late, in_progress, rejected, home_service, postponed) SELECT r.commune_id, date(r.received_at, '
 "'+420 minutes', 'start of month'), 1, SUM(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), SUM(CASE WHEN r.channel IN "
 "('online') THEN 1 ELSE 0 END), SUM(CASE WHEN r.status IN ('returned') THEN 1 ELSE 0 END), SUM(CASE WHEN "
 "r.status IN ('ready') THEN 1 ELSE 0 END), SUM(CASE WHEN r.timeliness IN ('early') THEN 1 ELSE 0 END), "
 "SUM(CASE WHEN r.timeliness IN ('on_time') THEN 1 ELSE 0 END), SUM(CASE WHEN r.timeliness IN ('late') THEN "
 "1 ELSE 0 END), SUM(CASE WHEN r.status IN ('received', 'in_progress', 'awaiting_supplement') THEN 1 ELSE 0 "
 "END), SUM(CASE WHEN r.status IN ('rejected') THEN 1 ELSE 0 END), SUM(CASE WHEN r.channel IN ('at_home') "
 'THEN 1 ELSE 0 END), SUM(CASE WHEN r.postponement_count > 0 THEN 1 ELSE 0 END) FROM dossiers_dossier r '
 'GROUP BY 1, 2',
 'DELETE FROM reports_ratingcount',
 'INSERT INTO reports_ratingcount (unit_id, level, day, is_month, total, satisfied, neutral, dissatisfied, '
 "very_satisfied) SELECT r.unit_id, r.level, date(r.rated_at, '+420 minutes'), 0, SUM(CASE WHEN 1 = 1 THEN 1 "
 "ELSE 0 END), SUM(CASE WHEN r.sentiment IN ('satisfied') THEN 1 ELSE 0 END), SUM(CASE WHEN r.sentiment IN "
 "('neutral') THEN 1 ELSE 0 END), SUM(CASE WHEN r.sentiment IN ('dissatisfied') THEN 1 ELSE 0 END), SUM(CASE "
 'WHEN r.is_top THEN 1 ELSE 0 END) FROM ratings_rating r GROUP BY 1, 2, 3',
 'INSERT INTO reports_ratingcount (unit_id, level, day, is_month, total, satisfied, neutral, dissatisfied, '
 "very_satisfied) SELECT r.unit_id, r.level, date(r.rated_at, '+420 minutes', 'start of month'), 1, SUM(CASE "
 "WHEN 1 = 1 THEN 1 ELSE 0 END), SUM(CASE WHEN r.sentiment IN ('satisfied') THEN 1 ELSE 0 END), SUM(CASE "
 "WHEN r.sentiment IN ('neutral') THEN 1 ELSE 0 END), SUM(CASE WHEN r.sentiment IN ('dissatisfied') THEN 1 "
 'ELSE 0 END), SUM(CASE WHEN r.is_top THEN 1 ELSE 0 END) FROM ratings_rating r GROUP BY 1, 2, 3']


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
        ("reports", "0003_dossier_and_rating_counts"),
        ("dossiers", "0002_fill_intake_rules"),
        ("ratings", "0004_survey_campaigns"),
    ]
    operations = [migrations.RunPython(install, uninstall)]
