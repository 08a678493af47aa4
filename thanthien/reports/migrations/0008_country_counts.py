"""The country's buckets: dossiers, ratings and issued letters counted per local day and month in 64 rows
(the row's id modulo 64) instead of one per commune, kept by triggers as the communes' buckets are
(reports.summaries: COUNTRY_DOSSIERS, COUNTRY_RATINGS, COUNTRY_LETTERS), and a first count of the rows there.

The SQL is frozen here as `reports.summaries` generated it when this migration was written (a migration
imports no app code); reports/tests/test_summaries.py fails when the generated SQL drifts from it.
"""

from django.db import migrations, models

POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS reports_countrydossiercount_keep ON dossiers_dossier",
    "DROP TRIGGER IF EXISTS reports_countrydossiercount_keep_truncate ON dossiers_dossier",
    "DROP FUNCTION IF EXISTS reports_countrydossiercount_keep()",
    "DROP FUNCTION IF EXISTS reports_countrydossiercount_keep_truncate()",
    "DROP TRIGGER IF EXISTS reports_countryratingcount_keep ON ratings_rating",
    "DROP TRIGGER IF EXISTS reports_countryratingcount_keep_truncate ON ratings_rating",
    "DROP FUNCTION IF EXISTS reports_countryratingcount_keep()",
    "DROP FUNCTION IF EXISTS reports_countryratingcount_keep_truncate()",
    "DROP TRIGGER IF EXISTS reports_countrylettercount_keep ON letters_letter",
    "DROP TRIGGER IF EXISTS reports_countrylettercount_keep_truncate ON letters_letter",
    "DROP FUNCTION IF EXISTS reports_countrylettercount_keep()",
    "DROP FUNCTION IF EXISTS reports_countrylettercount_keep_truncate()",
]
POSTGRESQL_TRIGGERS = [
    "\n"
    "CREATE OR REPLACE FUNCTION reports_countrydossiercount_keep() RETURNS trigger LANGUAGE plpgsql AS $$\n"
    "BEGIN\n"
    "  IF current_setting('thanthien.counted_set_wise', true) = 'on' THEN\n"
    "    RETURN NULL;\n"
    "  END IF;\n"
    "  IF TG_OP = 'UPDATE' AND NOT (OLD.channel IS DISTINCT FROM NEW.channel OR OLD.id IS DISTINCT FROM NEW.id "
    "OR OLD.postponement_count IS DISTINCT FROM NEW.postponement_count OR OLD.received_at IS DISTINCT FROM "
    "NEW.received_at OR OLD.status IS DISTINCT FROM NEW.status OR OLD.timeliness IS DISTINCT FROM "
    "NEW.timeliness) THEN\n"
    "    RETURN NULL;\n"
    "  END IF;\n"
    "  IF TG_OP IN ('UPDATE', 'DELETE') THEN\n"
    "    INSERT INTO reports_countrydossiercount (stripe, day, is_month, received, online, returned, ready, "
    "early, on_time, late, in_progress, rejected, home_service, postponed) VALUES ((OLD.id % 64), "
    "(OLD.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, FALSE, -(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), "
    "-(CASE WHEN OLD.channel IN ('online') THEN 1 ELSE 0 END), -(CASE WHEN OLD.status IN ('returned') THEN 1 "
    "ELSE 0 END), -(CASE WHEN OLD.status IN ('ready') THEN 1 ELSE 0 END), -(CASE WHEN OLD.timeliness IN "
    "('early') THEN 1 ELSE 0 END), -(CASE WHEN OLD.timeliness IN ('on_time') THEN 1 ELSE 0 END), -(CASE WHEN "
    "OLD.timeliness IN ('late') THEN 1 ELSE 0 END), -(CASE WHEN OLD.status IN ('received', 'in_progress', "
    "'awaiting_supplement') THEN 1 ELSE 0 END), -(CASE WHEN OLD.status IN ('rejected') THEN 1 ELSE 0 END), "
    "-(CASE WHEN OLD.channel IN ('at_home') THEN 1 ELSE 0 END), -(CASE WHEN OLD.postponement_count > 0 THEN 1 "
    "ELSE 0 END)) ON CONFLICT (stripe, day, is_month) DO UPDATE SET received = "
    "reports_countrydossiercount.received + excluded.received, online = reports_countrydossiercount.online + "
    "excluded.online, returned = reports_countrydossiercount.returned + excluded.returned, ready = "
    "reports_countrydossiercount.ready + excluded.ready, early = reports_countrydossiercount.early + "
    "excluded.early, on_time = reports_countrydossiercount.on_time + excluded.on_time, late = "
    "reports_countrydossiercount.late + excluded.late, in_progress = reports_countrydossiercount.in_progress + "
    "excluded.in_progress, rejected = reports_countrydossiercount.rejected + excluded.rejected, home_service = "
    "reports_countrydossiercount.home_service + excluded.home_service, postponed = "
    "reports_countrydossiercount.postponed + excluded.postponed;\n"
    "INSERT INTO reports_countrydossiercount (stripe, day, is_month, received, online, returned, ready, early, "
    "on_time, late, in_progress, rejected, home_service, postponed) VALUES ((OLD.id % 64), date_trunc('month', "
    "(OLD.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh'))::date, TRUE, -(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), "
    "-(CASE WHEN OLD.channel IN ('online') THEN 1 ELSE 0 END), -(CASE WHEN OLD.status IN ('returned') THEN 1 "
    "ELSE 0 END), -(CASE WHEN OLD.status IN ('ready') THEN 1 ELSE 0 END), -(CASE WHEN OLD.timeliness IN "
    "('early') THEN 1 ELSE 0 END), -(CASE WHEN OLD.timeliness IN ('on_time') THEN 1 ELSE 0 END), -(CASE WHEN "
    "OLD.timeliness IN ('late') THEN 1 ELSE 0 END), -(CASE WHEN OLD.status IN ('received', 'in_progress', "
    "'awaiting_supplement') THEN 1 ELSE 0 END), -(CASE WHEN OLD.status IN ('rejected') THEN 1 ELSE 0 END), "
    "-(CASE WHEN OLD.channel IN ('at_home') THEN 1 ELSE 0 END), -(CASE WHEN OLD.postponement_count > 0 THEN 1 "
    "ELSE 0 END)) ON CONFLICT (stripe, day, is_month) DO UPDATE SET received = "
    "reports_countrydossiercount.received + excluded.received, online = reports_countrydossiercount.online + "
    "excluded.online, returned = reports_countrydossiercount.returned + excluded.returned, ready = "
    "reports_countrydossiercount.ready + excluded.ready, early = reports_countrydossiercount.early + "
    "excluded.early, on_time = reports_countrydossiercount.on_time + excluded.on_time, late = "
    "reports_countrydossiercount.late + excluded.late, in_progress = reports_countrydossiercount.in_progress + "
    "excluded.in_progress, rejected = reports_countrydossiercount.rejected + excluded.rejected, home_service = "
    "reports_countrydossiercount.home_service + excluded.home_service, postponed = "
    "reports_countrydossiercount.postponed + excluded.postponed;\n"
    "  END IF;\n"
    "  IF TG_OP IN ('INSERT', 'UPDATE') THEN\n"
    "    INSERT INTO reports_countrydossiercount (stripe, day, is_month, received, online, returned, ready, "
    "early, on_time, late, in_progress, rejected, home_service, postponed) VALUES ((NEW.id % 64), "
    "(NEW.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, FALSE, +(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), "
    "+(CASE WHEN NEW.channel IN ('online') THEN 1 ELSE 0 END), +(CASE WHEN NEW.status IN ('returned') THEN 1 "
    "ELSE 0 END), +(CASE WHEN NEW.status IN ('ready') THEN 1 ELSE 0 END), +(CASE WHEN NEW.timeliness IN "
    "('early') THEN 1 ELSE 0 END), +(CASE WHEN NEW.timeliness IN ('on_time') THEN 1 ELSE 0 END), +(CASE WHEN "
    "NEW.timeliness IN ('late') THEN 1 ELSE 0 END), +(CASE WHEN NEW.status IN ('received', 'in_progress', "
    "'awaiting_supplement') THEN 1 ELSE 0 END), +(CASE WHEN NEW.status IN ('rejected') THEN 1 ELSE 0 END), "
    "+(CASE WHEN NEW.channel IN ('at_home') THEN 1 ELSE 0 END), +(CASE WHEN NEW.postponement_count > 0 THEN 1 "
    "ELSE 0 END)) ON CONFLICT (stripe, day, is_month) DO UPDATE SET received = "
    "reports_countrydossiercount.received + excluded.received, online = reports_countrydossiercount.online + "
    "excluded.online, returned = reports_countrydossiercount.returned + excluded.returned, ready = "
    "reports_countrydossiercount.ready + excluded.ready, early = reports_countrydossiercount.early + "
    "excluded.early, on_time = reports_countrydossiercount.on_time + excluded.on_time, late = "
    "reports_countrydossiercount.late + excluded.late, in_progress = reports_countrydossiercount.in_progress + "
    "excluded.in_progress, rejected = reports_countrydossiercount.rejected + excluded.rejected, home_service = "
    "reports_countrydossiercount.home_service + excluded.home_service, postponed = "
    "reports_countrydossiercount.postponed + excluded.postponed;\n"
    "INSERT INTO reports_countrydossiercount (stripe, day, is_month, received, online, returned, ready, early, "
    "on_time, late, in_progress, rejected, home_service, postponed) VALUES ((NEW.id % 64), date_trunc('month', "
    "(NEW.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh'))::date, TRUE, +(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), "
    "+(CASE WHEN NEW.channel IN ('online') THEN 1 ELSE 0 END), +(CASE WHEN NEW.status IN ('returned') THEN 1 "
    "ELSE 0 END), +(CASE WHEN NEW.status IN ('ready') THEN 1 ELSE 0 END), +(CASE WHEN NEW.timeliness IN "
    "('early') THEN 1 ELSE 0 END), +(CASE WHEN NEW.timeliness IN ('on_time') THEN 1 ELSE 0 END), +(CASE WHEN "
    "NEW.timeliness IN ('late') THEN 1 ELSE 0 END), +(CASE WHEN NEW.status IN ('received', 'in_progress', "
    "'awaiting_supplement') THEN 1 ELSE 0 END), +(CASE WHEN NEW.status IN ('rejected') THEN 1 ELSE 0 END), "
    "+(CASE WHEN NEW.channel IN ('at_home') THEN 1 ELSE 0 END), +(CASE WHEN NEW.postponement_count > 0 THEN 1 "
    "ELSE 0 END)) ON CONFLICT (stripe, day, is_month) DO UPDATE SET received = "
    "reports_countrydossiercount.received + excluded.received, online = reports_countrydossiercount.online + "
    "excluded.online, returned = reports_countrydossiercount.returned + excluded.returned, ready = "
    "reports_countrydossiercount.ready + excluded.ready, early = reports_countrydossiercount.early + "
    "excluded.early, on_time = reports_countrydossiercount.on_time + excluded.on_time, late = "
    "reports_countrydossiercount.late + excluded.late, in_progress = reports_countrydossiercount.in_progress + "
    "excluded.in_progress, rejected = reports_countrydossiercount.rejected + excluded.rejected, home_service = "
    "reports_countrydossiercount.home_service + excluded.home_service, postponed = "
    "reports_countrydossiercount.postponed + excluded.postponed;\n"
    "  END IF;\n"
    "  RETURN NULL;\n"
    "END $$",
    "CREATE CONSTRAINT TRIGGER reports_countrydossiercount_keep AFTER INSERT OR UPDATE OR DELETE ON "
    "dossiers_dossier DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "
    "reports_countrydossiercount_keep()",
    "CREATE OR REPLACE FUNCTION reports_countrydossiercount_keep_truncate() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN DELETE FROM reports_countrydossiercount; RETURN NULL; END $$",
    "CREATE TRIGGER reports_countrydossiercount_keep_truncate AFTER TRUNCATE ON dossiers_dossier FOR EACH "
    "STATEMENT EXECUTE FUNCTION reports_countrydossiercount_keep_truncate()",
    "\n"
    "CREATE OR REPLACE FUNCTION reports_countryratingcount_keep() RETURNS trigger LANGUAGE plpgsql AS $$\n"
    "BEGIN\n"
    "  IF current_setting('thanthien.counted_set_wise', true) = 'on' THEN\n"
    "    RETURN NULL;\n"
    "  END IF;\n"
    "  IF TG_OP = 'UPDATE' AND NOT (OLD.id IS DISTINCT FROM NEW.id OR OLD.is_top IS DISTINCT FROM NEW.is_top OR "
    "OLD.level IS DISTINCT FROM NEW.level OR OLD.rated_at IS DISTINCT FROM NEW.rated_at OR OLD.sentiment IS "
    "DISTINCT FROM NEW.sentiment) THEN\n"
    "    RETURN NULL;\n"
    "  END IF;\n"
    "  IF TG_OP IN ('UPDATE', 'DELETE') THEN\n"
    "    INSERT INTO reports_countryratingcount (stripe, level, day, is_month, total, satisfied, neutral, "
    "dissatisfied, very_satisfied) VALUES ((OLD.id % 64), OLD.level, (OLD.rated_at AT TIME ZONE "
    "'Asia/Ho_Chi_Minh')::date, FALSE, -(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), -(CASE WHEN OLD.sentiment IN "
    "('satisfied') THEN 1 ELSE 0 END), -(CASE WHEN OLD.sentiment IN ('neutral') THEN 1 ELSE 0 END), -(CASE WHEN "
    "OLD.sentiment IN ('dissatisfied') THEN 1 ELSE 0 END), -(CASE WHEN OLD.is_top THEN 1 ELSE 0 END)) ON "
    "CONFLICT (stripe, level, day, is_month) DO UPDATE SET total = reports_countryratingcount.total + "
    "excluded.total, satisfied = reports_countryratingcount.satisfied + excluded.satisfied, neutral = "
    "reports_countryratingcount.neutral + excluded.neutral, dissatisfied = "
    "reports_countryratingcount.dissatisfied + excluded.dissatisfied, very_satisfied = "
    "reports_countryratingcount.very_satisfied + excluded.very_satisfied;\n"
    "INSERT INTO reports_countryratingcount (stripe, level, day, is_month, total, satisfied, neutral, "
    "dissatisfied, very_satisfied) VALUES ((OLD.id % 64), OLD.level, date_trunc('month', (OLD.rated_at AT TIME "
    "ZONE 'Asia/Ho_Chi_Minh'))::date, TRUE, -(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), -(CASE WHEN OLD.sentiment IN "
    "('satisfied') THEN 1 ELSE 0 END), -(CASE WHEN OLD.sentiment IN ('neutral') THEN 1 ELSE 0 END), -(CASE WHEN "
    "OLD.sentiment IN ('dissatisfied') THEN 1 ELSE 0 END), -(CASE WHEN OLD.is_top THEN 1 ELSE 0 END)) ON "
    "CONFLICT (stripe, level, day, is_month) DO UPDATE SET total = reports_countryratingcount.total + "
    "excluded.total, satisfied = reports_countryratingcount.satisfied + excluded.satisfied, neutral = "
    "reports_countryratingcount.neutral + excluded.neutral, dissatisfied = "
    "reports_countryratingcount.dissatisfied + excluded.dissatisfied, very_satisfied = "
    "reports_countryratingcount.very_satisfied + excluded.very_satisfied;\n"
    "  END IF;\n"
    "  IF TG_OP IN ('INSERT', 'UPDATE') THEN\n"
    "    INSERT INTO reports_countryratingcount (stripe, level, day, is_month, total, satisfied, neutral, "
    "dissatisfied, very_satisfied) VALUES ((NEW.id % 64), NEW.level, (NEW.rated_at AT TIME ZONE "
    "'Asia/Ho_Chi_Minh')::date, FALSE, +(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), +(CASE WHEN NEW.sentiment IN "
    "('satisfied') THEN 1 ELSE 0 END), +(CASE WHEN NEW.sentiment IN ('neutral') THEN 1 ELSE 0 END), +(CASE WHEN "
    "NEW.sentiment IN ('dissatisfied') THEN 1 ELSE 0 END), +(CASE WHEN NEW.is_top THEN 1 ELSE 0 END)) ON "
    "CONFLICT (stripe, level, day, is_month) DO UPDATE SET total = reports_countryratingcount.total + "
    "excluded.total, satisfied = reports_countryratingcount.satisfied + excluded.satisfied, neutral = "
    "reports_countryratingcount.neutral + excluded.neutral, dissatisfied = "
    "reports_countryratingcount.dissatisfied + excluded.dissatisfied, very_satisfied = "
    "reports_countryratingcount.very_satisfied + excluded.very_satisfied;\n"
    "INSERT INTO reports_countryratingcount (stripe, level, day, is_month, total, satisfied, neutral, "
    "dissatisfied, very_satisfied) VALUES ((NEW.id % 64), NEW.level, date_trunc('month', (NEW.rated_at AT TIME "
    "ZONE 'Asia/Ho_Chi_Minh'))::date, TRUE, +(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), +(CASE WHEN NEW.sentiment IN "
    "('satisfied') THEN 1 ELSE 0 END), +(CASE WHEN NEW.sentiment IN ('neutral') THEN 1 ELSE 0 END), +(CASE WHEN "
    "NEW.sentiment IN ('dissatisfied') THEN 1 ELSE 0 END), +(CASE WHEN NEW.is_top THEN 1 ELSE 0 END)) ON "
    "CONFLICT (stripe, level, day, is_month) DO UPDATE SET total = reports_countryratingcount.total + "
    "excluded.total, satisfied = reports_countryratingcount.satisfied + excluded.satisfied, neutral = "
    "reports_countryratingcount.neutral + excluded.neutral, dissatisfied = "
    "reports_countryratingcount.dissatisfied + excluded.dissatisfied, very_satisfied = "
    "reports_countryratingcount.very_satisfied + excluded.very_satisfied;\n"
    "  END IF;\n"
    "  RETURN NULL;\n"
    "END $$",
    "CREATE CONSTRAINT TRIGGER reports_countryratingcount_keep AFTER INSERT OR UPDATE OR DELETE ON "
    "ratings_rating DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "
    "reports_countryratingcount_keep()",
    "CREATE OR REPLACE FUNCTION reports_countryratingcount_keep_truncate() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN DELETE FROM reports_countryratingcount; RETURN NULL; END $$",
    "CREATE TRIGGER reports_countryratingcount_keep_truncate AFTER TRUNCATE ON ratings_rating FOR EACH "
    "STATEMENT EXECUTE FUNCTION reports_countryratingcount_keep_truncate()",
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
    "DELETE FROM reports_countrydossiercount",
    "INSERT INTO reports_countrydossiercount (stripe, day, is_month, received, online, returned, ready, early, "
    "on_time, late, in_progress, rejected, home_service, postponed) SELECT (r.id % 64), (r.received_at AT TIME "
    "ZONE 'Asia/Ho_Chi_Minh')::date, FALSE, SUM(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), SUM(CASE WHEN r.channel IN "
    "('online') THEN 1 ELSE 0 END), SUM(CASE WHEN r.status IN ('returned') THEN 1 ELSE 0 END), SUM(CASE WHEN "
    "r.status IN ('ready') THEN 1 ELSE 0 END), SUM(CASE WHEN r.timeliness IN ('early') THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN r.timeliness IN ('on_time') THEN 1 ELSE 0 END), SUM(CASE WHEN r.timeliness IN ('late') THEN "
    "1 ELSE 0 END), SUM(CASE WHEN r.status IN ('received', 'in_progress', 'awaiting_supplement') THEN 1 ELSE 0 "
    "END), SUM(CASE WHEN r.status IN ('rejected') THEN 1 ELSE 0 END), SUM(CASE WHEN r.channel IN ('at_home') "
    "THEN 1 ELSE 0 END), SUM(CASE WHEN r.postponement_count > 0 THEN 1 ELSE 0 END) FROM dossiers_dossier r "
    "GROUP BY 1, 2",
    "INSERT INTO reports_countrydossiercount (stripe, day, is_month, received, online, returned, ready, early, "
    "on_time, late, in_progress, rejected, home_service, postponed) SELECT (r.id % 64), date_trunc('month', "
    "(r.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh'))::date, TRUE, SUM(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN r.channel IN ('online') THEN 1 ELSE 0 END), SUM(CASE WHEN r.status IN ('returned') THEN 1 "
    "ELSE 0 END), SUM(CASE WHEN r.status IN ('ready') THEN 1 ELSE 0 END), SUM(CASE WHEN r.timeliness IN "
    "('early') THEN 1 ELSE 0 END), SUM(CASE WHEN r.timeliness IN ('on_time') THEN 1 ELSE 0 END), SUM(CASE WHEN "
    "r.timeliness IN ('late') THEN 1 ELSE 0 END), SUM(CASE WHEN r.status IN ('received', 'in_progress', "
    "'awaiting_supplement') THEN 1 ELSE 0 END), SUM(CASE WHEN r.status IN ('rejected') THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN r.channel IN ('at_home') THEN 1 ELSE 0 END), SUM(CASE WHEN r.postponement_count > 0 THEN 1 "
    "ELSE 0 END) FROM dossiers_dossier r GROUP BY 1, 2",
    "DELETE FROM reports_countryratingcount",
    "INSERT INTO reports_countryratingcount (stripe, level, day, is_month, total, satisfied, neutral, "
    "dissatisfied, very_satisfied) SELECT (r.id % 64), r.level, (r.rated_at AT TIME ZONE "
    "'Asia/Ho_Chi_Minh')::date, FALSE, SUM(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), SUM(CASE WHEN r.sentiment IN "
    "('satisfied') THEN 1 ELSE 0 END), SUM(CASE WHEN r.sentiment IN ('neutral') THEN 1 ELSE 0 END), SUM(CASE "
    "WHEN r.sentiment IN ('dissatisfied') THEN 1 ELSE 0 END), SUM(CASE WHEN r.is_top THEN 1 ELSE 0 END) FROM "
    "ratings_rating r GROUP BY 1, 2, 3",
    "INSERT INTO reports_countryratingcount (stripe, level, day, is_month, total, satisfied, neutral, "
    "dissatisfied, very_satisfied) SELECT (r.id % 64), r.level, date_trunc('month', (r.rated_at AT TIME ZONE "
    "'Asia/Ho_Chi_Minh'))::date, TRUE, SUM(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), SUM(CASE WHEN r.sentiment IN "
    "('satisfied') THEN 1 ELSE 0 END), SUM(CASE WHEN r.sentiment IN ('neutral') THEN 1 ELSE 0 END), SUM(CASE "
    "WHEN r.sentiment IN ('dissatisfied') THEN 1 ELSE 0 END), SUM(CASE WHEN r.is_top THEN 1 ELSE 0 END) FROM "
    "ratings_rating r GROUP BY 1, 2, 3",
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
    "DROP TRIGGER IF EXISTS reports_countrydossiercount_keep_insert",
    "DROP TRIGGER IF EXISTS reports_countrydossiercount_keep_delete",
    "DROP TRIGGER IF EXISTS reports_countrydossiercount_keep_update",
    "DROP TRIGGER IF EXISTS reports_countryratingcount_keep_insert",
    "DROP TRIGGER IF EXISTS reports_countryratingcount_keep_delete",
    "DROP TRIGGER IF EXISTS reports_countryratingcount_keep_update",
    "DROP TRIGGER IF EXISTS reports_countrylettercount_keep_insert",
    "DROP TRIGGER IF EXISTS reports_countrylettercount_keep_delete",
    "DROP TRIGGER IF EXISTS reports_countrylettercount_keep_update",
]
SQLITE_TRIGGERS = [
    "CREATE TRIGGER reports_countrydossiercount_keep_insert AFTER INSERT ON dossiers_dossier BEGIN INSERT INTO "
    "reports_countrydossiercount (stripe, day, is_month, received, online, returned, ready, early, on_time, "
    "late, in_progress, rejected, home_service, postponed) VALUES ((NEW.id % 64), date(NEW.received_at, '+420 "
    "minutes'), 0, +(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), +(CASE WHEN NEW.channel IN ('online') THEN 1 ELSE 0 "
    "END), +(CASE WHEN NEW.status IN ('returned') THEN 1 ELSE 0 END), +(CASE WHEN NEW.status IN ('ready') THEN "
    "1 ELSE 0 END), +(CASE WHEN NEW.timeliness IN ('early') THEN 1 ELSE 0 END), +(CASE WHEN NEW.timeliness IN "
    "('on_time') THEN 1 ELSE 0 END), +(CASE WHEN NEW.timeliness IN ('late') THEN 1 ELSE 0 END), +(CASE WHEN "
    "NEW.status IN ('received', 'in_progress', 'awaiting_supplement') THEN 1 ELSE 0 END), +(CASE WHEN "
    "NEW.status IN ('rejected') THEN 1 ELSE 0 END), +(CASE WHEN NEW.channel IN ('at_home') THEN 1 ELSE 0 END), "
    "+(CASE WHEN NEW.postponement_count > 0 THEN 1 ELSE 0 END)) ON CONFLICT (stripe, day, is_month) DO UPDATE "
    "SET received = reports_countrydossiercount.received + excluded.received, online = "
    "reports_countrydossiercount.online + excluded.online, returned = reports_countrydossiercount.returned + "
    "excluded.returned, ready = reports_countrydossiercount.ready + excluded.ready, early = "
    "reports_countrydossiercount.early + excluded.early, on_time = reports_countrydossiercount.on_time + "
    "excluded.on_time, late = reports_countrydossiercount.late + excluded.late, in_progress = "
    "reports_countrydossiercount.in_progress + excluded.in_progress, rejected = "
    "reports_countrydossiercount.rejected + excluded.rejected, home_service = "
    "reports_countrydossiercount.home_service + excluded.home_service, postponed = "
    "reports_countrydossiercount.postponed + excluded.postponed;\n"
    "INSERT INTO reports_countrydossiercount (stripe, day, is_month, received, online, returned, ready, early, "
    "on_time, late, in_progress, rejected, home_service, postponed) VALUES ((NEW.id % 64), "
    "date(NEW.received_at, '+420 minutes', 'start of month'), 1, +(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), +(CASE "
    "WHEN NEW.channel IN ('online') THEN 1 ELSE 0 END), +(CASE WHEN NEW.status IN ('returned') THEN 1 ELSE 0 "
    "END), +(CASE WHEN NEW.status IN ('ready') THEN 1 ELSE 0 END), +(CASE WHEN NEW.timeliness IN ('early') THEN "
    "1 ELSE 0 END), +(CASE WHEN NEW.timeliness IN ('on_time') THEN 1 ELSE 0 END), +(CASE WHEN NEW.timeliness IN "
    "('late') THEN 1 ELSE 0 END), +(CASE WHEN NEW.status IN ('received', 'in_progress', 'awaiting_supplement') "
    "THEN 1 ELSE 0 END), +(CASE WHEN NEW.status IN ('rejected') THEN 1 ELSE 0 END), +(CASE WHEN NEW.channel IN "
    "('at_home') THEN 1 ELSE 0 END), +(CASE WHEN NEW.postponement_count > 0 THEN 1 ELSE 0 END)) ON CONFLICT "
    "(stripe, day, is_month) DO UPDATE SET received = reports_countrydossiercount.received + excluded.received, "
    "online = reports_countrydossiercount.online + excluded.online, returned = "
    "reports_countrydossiercount.returned + excluded.returned, ready = reports_countrydossiercount.ready + "
    "excluded.ready, early = reports_countrydossiercount.early + excluded.early, on_time = "
    "reports_countrydossiercount.on_time + excluded.on_time, late = reports_countrydossiercount.late + "
    "excluded.late, in_progress = reports_countrydossiercount.in_progress + excluded.in_progress, rejected = "
    "reports_countrydossiercount.rejected + excluded.rejected, home_service = "
    "reports_countrydossiercount.home_service + excluded.home_service, postponed = "
    "reports_countrydossiercount.postponed + excluded.postponed; END",
    "CREATE TRIGGER reports_countrydossiercount_keep_delete AFTER DELETE ON dossiers_dossier BEGIN INSERT INTO "
    "reports_countrydossiercount (stripe, day, is_month, received, online, returned, ready, early, on_time, "
    "late, in_progress, rejected, home_service, postponed) VALUES ((OLD.id % 64), date(OLD.received_at, '+420 "
    "minutes'), 0, -(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), -(CASE WHEN OLD.channel IN ('online') THEN 1 ELSE 0 "
    "END), -(CASE WHEN OLD.status IN ('returned') THEN 1 ELSE 0 END), -(CASE WHEN OLD.status IN ('ready') THEN "
    "1 ELSE 0 END), -(CASE WHEN OLD.timeliness IN ('early') THEN 1 ELSE 0 END), -(CASE WHEN OLD.timeliness IN "
    "('on_time') THEN 1 ELSE 0 END), -(CASE WHEN OLD.timeliness IN ('late') THEN 1 ELSE 0 END), -(CASE WHEN "
    "OLD.status IN ('received', 'in_progress', 'awaiting_supplement') THEN 1 ELSE 0 END), -(CASE WHEN "
    "OLD.status IN ('rejected') THEN 1 ELSE 0 END), -(CASE WHEN OLD.channel IN ('at_home') THEN 1 ELSE 0 END), "
    "-(CASE WHEN OLD.postponement_count > 0 THEN 1 ELSE 0 END)) ON CONFLICT (stripe, day, is_month) DO UPDATE "
    "SET received = reports_countrydossiercount.received + excluded.received, online = "
    "reports_countrydossiercount.online + excluded.online, returned = reports_countrydossiercount.returned + "
    "excluded.returned, ready = reports_countrydossiercount.ready + excluded.ready, early = "
    "reports_countrydossiercount.early + excluded.early, on_time = reports_countrydossiercount.on_time + "
    "excluded.on_time, late = reports_countrydossiercount.late + excluded.late, in_progress = "
    "reports_countrydossiercount.in_progress + excluded.in_progress, rejected = "
    "reports_countrydossiercount.rejected + excluded.rejected, home_service = "
    "reports_countrydossiercount.home_service + excluded.home_service, postponed = "
    "reports_countrydossiercount.postponed + excluded.postponed;\n"
    "INSERT INTO reports_countrydossiercount (stripe, day, is_month, received, online, returned, ready, early, "
    "on_time, late, in_progress, rejected, home_service, postponed) VALUES ((OLD.id % 64), "
    "date(OLD.received_at, '+420 minutes', 'start of month'), 1, -(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), -(CASE "
    "WHEN OLD.channel IN ('online') THEN 1 ELSE 0 END), -(CASE WHEN OLD.status IN ('returned') THEN 1 ELSE 0 "
    "END), -(CASE WHEN OLD.status IN ('ready') THEN 1 ELSE 0 END), -(CASE WHEN OLD.timeliness IN ('early') THEN "
    "1 ELSE 0 END), -(CASE WHEN OLD.timeliness IN ('on_time') THEN 1 ELSE 0 END), -(CASE WHEN OLD.timeliness IN "
    "('late') THEN 1 ELSE 0 END), -(CASE WHEN OLD.status IN ('received', 'in_progress', 'awaiting_supplement') "
    "THEN 1 ELSE 0 END), -(CASE WHEN OLD.status IN ('rejected') THEN 1 ELSE 0 END), -(CASE WHEN OLD.channel IN "
    "('at_home') THEN 1 ELSE 0 END), -(CASE WHEN OLD.postponement_count > 0 THEN 1 ELSE 0 END)) ON CONFLICT "
    "(stripe, day, is_month) DO UPDATE SET received = reports_countrydossiercount.received + excluded.received, "
    "online = reports_countrydossiercount.online + excluded.online, returned = "
    "reports_countrydossiercount.returned + excluded.returned, ready = reports_countrydossiercount.ready + "
    "excluded.ready, early = reports_countrydossiercount.early + excluded.early, on_time = "
    "reports_countrydossiercount.on_time + excluded.on_time, late = reports_countrydossiercount.late + "
    "excluded.late, in_progress = reports_countrydossiercount.in_progress + excluded.in_progress, rejected = "
    "reports_countrydossiercount.rejected + excluded.rejected, home_service = "
    "reports_countrydossiercount.home_service + excluded.home_service, postponed = "
    "reports_countrydossiercount.postponed + excluded.postponed; END",
    "CREATE TRIGGER reports_countrydossiercount_keep_update AFTER UPDATE ON dossiers_dossier WHEN OLD.channel "
    "IS NOT NEW.channel OR OLD.id IS NOT NEW.id OR OLD.postponement_count IS NOT NEW.postponement_count OR "
    "OLD.received_at IS NOT NEW.received_at OR OLD.status IS NOT NEW.status OR OLD.timeliness IS NOT "
    "NEW.timeliness BEGIN INSERT INTO reports_countrydossiercount (stripe, day, is_month, received, online, "
    "returned, ready, early, on_time, late, in_progress, rejected, home_service, postponed) VALUES ((OLD.id % "
    "64), date(OLD.received_at, '+420 minutes'), 0, -(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), -(CASE WHEN "
    "OLD.channel IN ('online') THEN 1 ELSE 0 END), -(CASE WHEN OLD.status IN ('returned') THEN 1 ELSE 0 END), "
    "-(CASE WHEN OLD.status IN ('ready') THEN 1 ELSE 0 END), -(CASE WHEN OLD.timeliness IN ('early') THEN 1 "
    "ELSE 0 END), -(CASE WHEN OLD.timeliness IN ('on_time') THEN 1 ELSE 0 END), -(CASE WHEN OLD.timeliness IN "
    "('late') THEN 1 ELSE 0 END), -(CASE WHEN OLD.status IN ('received', 'in_progress', 'awaiting_supplement') "
    "THEN 1 ELSE 0 END), -(CASE WHEN OLD.status IN ('rejected') THEN 1 ELSE 0 END), -(CASE WHEN OLD.channel IN "
    "('at_home') THEN 1 ELSE 0 END), -(CASE WHEN OLD.postponement_count > 0 THEN 1 ELSE 0 END)) ON CONFLICT "
    "(stripe, day, is_month) DO UPDATE SET received = reports_countrydossiercount.received + excluded.received, "
    "online = reports_countrydossiercount.online + excluded.online, returned = "
    "reports_countrydossiercount.returned + excluded.returned, ready = reports_countrydossiercount.ready + "
    "excluded.ready, early = reports_countrydossiercount.early + excluded.early, on_time = "
    "reports_countrydossiercount.on_time + excluded.on_time, late = reports_countrydossiercount.late + "
    "excluded.late, in_progress = reports_countrydossiercount.in_progress + excluded.in_progress, rejected = "
    "reports_countrydossiercount.rejected + excluded.rejected, home_service = "
    "reports_countrydossiercount.home_service + excluded.home_service, postponed = "
    "reports_countrydossiercount.postponed + excluded.postponed;\n"
    "INSERT INTO reports_countrydossiercount (stripe, day, is_month, received, online, returned, ready, early, "
    "on_time, late, in_progress, rejected, home_service, postponed) VALUES ((OLD.id % 64), "
    "date(OLD.received_at, '+420 minutes', 'start of month'), 1, -(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), -(CASE "
    "WHEN OLD.channel IN ('online') THEN 1 ELSE 0 END), -(CASE WHEN OLD.status IN ('returned') THEN 1 ELSE 0 "
    "END), -(CASE WHEN OLD.status IN ('ready') THEN 1 ELSE 0 END), -(CASE WHEN OLD.timeliness IN ('early') THEN "
    "1 ELSE 0 END), -(CASE WHEN OLD.timeliness IN ('on_time') THEN 1 ELSE 0 END), -(CASE WHEN OLD.timeliness IN "
    "('late') THEN 1 ELSE 0 END), -(CASE WHEN OLD.status IN ('received', 'in_progress', 'awaiting_supplement') "
    "THEN 1 ELSE 0 END), -(CASE WHEN OLD.status IN ('rejected') THEN 1 ELSE 0 END), -(CASE WHEN OLD.channel IN "
    "('at_home') THEN 1 ELSE 0 END), -(CASE WHEN OLD.postponement_count > 0 THEN 1 ELSE 0 END)) ON CONFLICT "
    "(stripe, day, is_month) DO UPDATE SET received = reports_countrydossiercount.received + excluded.received, "
    "online = reports_countrydossiercount.online + excluded.online, returned = "
    "reports_countrydossiercount.returned + excluded.returned, ready = reports_countrydossiercount.ready + "
    "excluded.ready, early = reports_countrydossiercount.early + excluded.early, on_time = "
    "reports_countrydossiercount.on_time + excluded.on_time, late = reports_countrydossiercount.late + "
    "excluded.late, in_progress = reports_countrydossiercount.in_progress + excluded.in_progress, rejected = "
    "reports_countrydossiercount.rejected + excluded.rejected, home_service = "
    "reports_countrydossiercount.home_service + excluded.home_service, postponed = "
    "reports_countrydossiercount.postponed + excluded.postponed; INSERT INTO reports_countrydossiercount "
    "(stripe, day, is_month, received, online, returned, ready, early, on_time, late, in_progress, rejected, "
    "home_service, postponed) VALUES ((NEW.id % 64), date(NEW.received_at, '+420 minutes'), 0, +(CASE WHEN 1 = "
    "1 THEN 1 ELSE 0 END), +(CASE WHEN NEW.channel IN ('online') THEN 1 ELSE 0 END), +(CASE WHEN NEW.status IN "
    "('returned') THEN 1 ELSE 0 END), +(CASE WHEN NEW.status IN ('ready') THEN 1 ELSE 0 END), +(CASE WHEN "
    "NEW.timeliness IN ('early') THEN 1 ELSE 0 END), +(CASE WHEN NEW.timeliness IN ('on_time') THEN 1 ELSE 0 "
    "END), +(CASE WHEN NEW.timeliness IN ('late') THEN 1 ELSE 0 END), +(CASE WHEN NEW.status IN ('received', "
    "'in_progress', 'awaiting_supplement') THEN 1 ELSE 0 END), +(CASE WHEN NEW.status IN ('rejected') THEN 1 "
    "ELSE 0 END), +(CASE WHEN NEW.channel IN ('at_home') THEN 1 ELSE 0 END), +(CASE WHEN NEW.postponement_count "
    "> 0 THEN 1 ELSE 0 END)) ON CONFLICT (stripe, day, is_month) DO UPDATE SET received = "
    "reports_countrydossiercount.received + excluded.received, online = reports_countrydossiercount.online + "
    "excluded.online, returned = reports_countrydossiercount.returned + excluded.returned, ready = "
    "reports_countrydossiercount.ready + excluded.ready, early = reports_countrydossiercount.early + "
    "excluded.early, on_time = reports_countrydossiercount.on_time + excluded.on_time, late = "
    "reports_countrydossiercount.late + excluded.late, in_progress = reports_countrydossiercount.in_progress + "
    "excluded.in_progress, rejected = reports_countrydossiercount.rejected + excluded.rejected, home_service = "
    "reports_countrydossiercount.home_service + excluded.home_service, postponed = "
    "reports_countrydossiercount.postponed + excluded.postponed;\n"
    "INSERT INTO reports_countrydossiercount (stripe, day, is_month, received, online, returned, ready, early, "
    "on_time, late, in_progress, rejected, home_service, postponed) VALUES ((NEW.id % 64), "
    "date(NEW.received_at, '+420 minutes', 'start of month'), 1, +(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), +(CASE "
    "WHEN NEW.channel IN ('online') THEN 1 ELSE 0 END), +(CASE WHEN NEW.status IN ('returned') THEN 1 ELSE 0 "
    "END), +(CASE WHEN NEW.status IN ('ready') THEN 1 ELSE 0 END), +(CASE WHEN NEW.timeliness IN ('early') THEN "
    "1 ELSE 0 END), +(CASE WHEN NEW.timeliness IN ('on_time') THEN 1 ELSE 0 END), +(CASE WHEN NEW.timeliness IN "
    "('late') THEN 1 ELSE 0 END), +(CASE WHEN NEW.status IN ('received', 'in_progress', 'awaiting_supplement') "
    "THEN 1 ELSE 0 END), +(CASE WHEN NEW.status IN ('rejected') THEN 1 ELSE 0 END), +(CASE WHEN NEW.channel IN "
    "('at_home') THEN 1 ELSE 0 END), +(CASE WHEN NEW.postponement_count > 0 THEN 1 ELSE 0 END)) ON CONFLICT "
    "(stripe, day, is_month) DO UPDATE SET received = reports_countrydossiercount.received + excluded.received, "
    "online = reports_countrydossiercount.online + excluded.online, returned = "
    "reports_countrydossiercount.returned + excluded.returned, ready = reports_countrydossiercount.ready + "
    "excluded.ready, early = reports_countrydossiercount.early + excluded.early, on_time = "
    "reports_countrydossiercount.on_time + excluded.on_time, late = reports_countrydossiercount.late + "
    "excluded.late, in_progress = reports_countrydossiercount.in_progress + excluded.in_progress, rejected = "
    "reports_countrydossiercount.rejected + excluded.rejected, home_service = "
    "reports_countrydossiercount.home_service + excluded.home_service, postponed = "
    "reports_countrydossiercount.postponed + excluded.postponed; END",
    "CREATE TRIGGER reports_countryratingcount_keep_insert AFTER INSERT ON ratings_rating BEGIN INSERT INTO "
    "reports_countryratingcount (stripe, level, day, is_month, total, satisfied, neutral, dissatisfied, "
    "very_satisfied) VALUES ((NEW.id % 64), NEW.level, date(NEW.rated_at, '+420 minutes'), 0, +(CASE WHEN 1 = 1 "
    "THEN 1 ELSE 0 END), +(CASE WHEN NEW.sentiment IN ('satisfied') THEN 1 ELSE 0 END), +(CASE WHEN "
    "NEW.sentiment IN ('neutral') THEN 1 ELSE 0 END), +(CASE WHEN NEW.sentiment IN ('dissatisfied') THEN 1 ELSE "
    "0 END), +(CASE WHEN NEW.is_top THEN 1 ELSE 0 END)) ON CONFLICT (stripe, level, day, is_month) DO UPDATE "
    "SET total = reports_countryratingcount.total + excluded.total, satisfied = "
    "reports_countryratingcount.satisfied + excluded.satisfied, neutral = reports_countryratingcount.neutral + "
    "excluded.neutral, dissatisfied = reports_countryratingcount.dissatisfied + excluded.dissatisfied, "
    "very_satisfied = reports_countryratingcount.very_satisfied + excluded.very_satisfied;\n"
    "INSERT INTO reports_countryratingcount (stripe, level, day, is_month, total, satisfied, neutral, "
    "dissatisfied, very_satisfied) VALUES ((NEW.id % 64), NEW.level, date(NEW.rated_at, '+420 minutes', 'start "
    "of month'), 1, +(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), +(CASE WHEN NEW.sentiment IN ('satisfied') THEN 1 "
    "ELSE 0 END), +(CASE WHEN NEW.sentiment IN ('neutral') THEN 1 ELSE 0 END), +(CASE WHEN NEW.sentiment IN "
    "('dissatisfied') THEN 1 ELSE 0 END), +(CASE WHEN NEW.is_top THEN 1 ELSE 0 END)) ON CONFLICT (stripe, "
    "level, day, is_month) DO UPDATE SET total = reports_countryratingcount.total + excluded.total, satisfied = "
    "reports_countryratingcount.satisfied + excluded.satisfied, neutral = reports_countryratingcount.neutral + "
    "excluded.neutral, dissatisfied = reports_countryratingcount.dissatisfied + excluded.dissatisfied, "
    "very_satisfied = reports_countryratingcount.very_satisfied + excluded.very_satisfied; END",
    "CREATE TRIGGER reports_countryratingcount_keep_delete AFTER DELETE ON ratings_rating BEGIN INSERT INTO "
    "reports_countryratingcount (stripe, level, day, is_month, total, satisfied, neutral, dissatisfied, "
    "very_satisfied) VALUES ((OLD.id % 64), OLD.level, date(OLD.rated_at, '+420 minutes'), 0, -(CASE WHEN 1 = 1 "
    "THEN 1 ELSE 0 END), -(CASE WHEN OLD.sentiment IN ('satisfied') THEN 1 ELSE 0 END), -(CASE WHEN "
    "OLD.sentiment IN ('neutral') THEN 1 ELSE 0 END), -(CASE WHEN OLD.sentiment IN ('dissatisfied') THEN 1 ELSE "
    "0 END), -(CASE WHEN OLD.is_top THEN 1 ELSE 0 END)) ON CONFLICT (stripe, level, day, is_month) DO UPDATE "
    "SET total = reports_countryratingcount.total + excluded.total, satisfied = "
    "reports_countryratingcount.satisfied + excluded.satisfied, neutral = reports_countryratingcount.neutral + "
    "excluded.neutral, dissatisfied = reports_countryratingcount.dissatisfied + excluded.dissatisfied, "
    "very_satisfied = reports_countryratingcount.very_satisfied + excluded.very_satisfied;\n"
    "INSERT INTO reports_countryratingcount (stripe, level, day, is_month, total, satisfied, neutral, "
    "dissatisfied, very_satisfied) VALUES ((OLD.id % 64), OLD.level, date(OLD.rated_at, '+420 minutes', 'start "
    "of month'), 1, -(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), -(CASE WHEN OLD.sentiment IN ('satisfied') THEN 1 "
    "ELSE 0 END), -(CASE WHEN OLD.sentiment IN ('neutral') THEN 1 ELSE 0 END), -(CASE WHEN OLD.sentiment IN "
    "('dissatisfied') THEN 1 ELSE 0 END), -(CASE WHEN OLD.is_top THEN 1 ELSE 0 END)) ON CONFLICT (stripe, "
    "level, day, is_month) DO UPDATE SET total = reports_countryratingcount.total + excluded.total, satisfied = "
    "reports_countryratingcount.satisfied + excluded.satisfied, neutral = reports_countryratingcount.neutral + "
    "excluded.neutral, dissatisfied = reports_countryratingcount.dissatisfied + excluded.dissatisfied, "
    "very_satisfied = reports_countryratingcount.very_satisfied + excluded.very_satisfied; END",
    "CREATE TRIGGER reports_countryratingcount_keep_update AFTER UPDATE ON ratings_rating WHEN OLD.id IS NOT "
    "NEW.id OR OLD.is_top IS NOT NEW.is_top OR OLD.level IS NOT NEW.level OR OLD.rated_at IS NOT NEW.rated_at "
    "OR OLD.sentiment IS NOT NEW.sentiment BEGIN INSERT INTO reports_countryratingcount (stripe, level, day, "
    "is_month, total, satisfied, neutral, dissatisfied, very_satisfied) VALUES ((OLD.id % 64), OLD.level, "
    "date(OLD.rated_at, '+420 minutes'), 0, -(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), -(CASE WHEN OLD.sentiment IN "
    "('satisfied') THEN 1 ELSE 0 END), -(CASE WHEN OLD.sentiment IN ('neutral') THEN 1 ELSE 0 END), -(CASE WHEN "
    "OLD.sentiment IN ('dissatisfied') THEN 1 ELSE 0 END), -(CASE WHEN OLD.is_top THEN 1 ELSE 0 END)) ON "
    "CONFLICT (stripe, level, day, is_month) DO UPDATE SET total = reports_countryratingcount.total + "
    "excluded.total, satisfied = reports_countryratingcount.satisfied + excluded.satisfied, neutral = "
    "reports_countryratingcount.neutral + excluded.neutral, dissatisfied = "
    "reports_countryratingcount.dissatisfied + excluded.dissatisfied, very_satisfied = "
    "reports_countryratingcount.very_satisfied + excluded.very_satisfied;\n"
    "INSERT INTO reports_countryratingcount (stripe, level, day, is_month, total, satisfied, neutral, "
    "dissatisfied, very_satisfied) VALUES ((OLD.id % 64), OLD.level, date(OLD.rated_at, '+420 minutes', 'start "
    "of month'), 1, -(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), -(CASE WHEN OLD.sentiment IN ('satisfied') THEN 1 "
    "ELSE 0 END), -(CASE WHEN OLD.sentiment IN ('neutral') THEN 1 ELSE 0 END), -(CASE WHEN OLD.sentiment IN "
    "('dissatisfied') THEN 1 ELSE 0 END), -(CASE WHEN OLD.is_top THEN 1 ELSE 0 END)) ON CONFLICT (stripe, "
    "level, day, is_month) DO UPDATE SET total = reports_countryratingcount.total + excluded.total, satisfied = "
    "reports_countryratingcount.satisfied + excluded.satisfied, neutral = reports_countryratingcount.neutral + "
    "excluded.neutral, dissatisfied = reports_countryratingcount.dissatisfied + excluded.dissatisfied, "
    "very_satisfied = reports_countryratingcount.very_satisfied + excluded.very_satisfied; INSERT INTO "
    "reports_countryratingcount (stripe, level, day, is_month, total, satisfied, neutral, dissatisfied, "
    "very_satisfied) VALUES ((NEW.id % 64), NEW.level, date(NEW.rated_at, '+420 minutes'), 0, +(CASE WHEN 1 = 1 "
    "THEN 1 ELSE 0 END), +(CASE WHEN NEW.sentiment IN ('satisfied') THEN 1 ELSE 0 END), +(CASE WHEN "
    "NEW.sentiment IN ('neutral') THEN 1 ELSE 0 END), +(CASE WHEN NEW.sentiment IN ('dissatisfied') THEN 1 ELSE "
    "0 END), +(CASE WHEN NEW.is_top THEN 1 ELSE 0 END)) ON CONFLICT (stripe, level, day, is_month) DO UPDATE "
    "SET total = reports_countryratingcount.total + excluded.total, satisfied = "
    "reports_countryratingcount.satisfied + excluded.satisfied, neutral = reports_countryratingcount.neutral + "
    "excluded.neutral, dissatisfied = reports_countryratingcount.dissatisfied + excluded.dissatisfied, "
    "very_satisfied = reports_countryratingcount.very_satisfied + excluded.very_satisfied;\n"
    "INSERT INTO reports_countryratingcount (stripe, level, day, is_month, total, satisfied, neutral, "
    "dissatisfied, very_satisfied) VALUES ((NEW.id % 64), NEW.level, date(NEW.rated_at, '+420 minutes', 'start "
    "of month'), 1, +(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), +(CASE WHEN NEW.sentiment IN ('satisfied') THEN 1 "
    "ELSE 0 END), +(CASE WHEN NEW.sentiment IN ('neutral') THEN 1 ELSE 0 END), +(CASE WHEN NEW.sentiment IN "
    "('dissatisfied') THEN 1 ELSE 0 END), +(CASE WHEN NEW.is_top THEN 1 ELSE 0 END)) ON CONFLICT (stripe, "
    "level, day, is_month) DO UPDATE SET total = reports_countryratingcount.total + excluded.total, satisfied = "
    "reports_countryratingcount.satisfied + excluded.satisfied, neutral = reports_countryratingcount.neutral + "
    "excluded.neutral, dissatisfied = reports_countryratingcount.dissatisfied + excluded.dissatisfied, "
    "very_satisfied = reports_countryratingcount.very_satisfied + excluded.very_satisfied; END",
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
    "DELETE FROM reports_countrydossiercount",
    "INSERT INTO reports_countrydossiercount (stripe, day, is_month, received, online, returned, ready, early, "
    "on_time, late, in_progress, rejected, home_service, postponed) SELECT (r.id % 64), date(r.received_at, "
    "'+420 minutes'), 0, SUM(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), SUM(CASE WHEN r.channel IN ('online') THEN 1 "
    "ELSE 0 END), SUM(CASE WHEN r.status IN ('returned') THEN 1 ELSE 0 END), SUM(CASE WHEN r.status IN "
    "('ready') THEN 1 ELSE 0 END), SUM(CASE WHEN r.timeliness IN ('early') THEN 1 ELSE 0 END), SUM(CASE WHEN "
    "r.timeliness IN ('on_time') THEN 1 ELSE 0 END), SUM(CASE WHEN r.timeliness IN ('late') THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN r.status IN ('received', 'in_progress', 'awaiting_supplement') THEN 1 ELSE 0 END), SUM(CASE "
    "WHEN r.status IN ('rejected') THEN 1 ELSE 0 END), SUM(CASE WHEN r.channel IN ('at_home') THEN 1 ELSE 0 "
    "END), SUM(CASE WHEN r.postponement_count > 0 THEN 1 ELSE 0 END) FROM dossiers_dossier r GROUP BY 1, 2",
    "INSERT INTO reports_countrydossiercount (stripe, day, is_month, received, online, returned, ready, early, "
    "on_time, late, in_progress, rejected, home_service, postponed) SELECT (r.id % 64), date(r.received_at, "
    "'+420 minutes', 'start of month'), 1, SUM(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), SUM(CASE WHEN r.channel IN "
    "('online') THEN 1 ELSE 0 END), SUM(CASE WHEN r.status IN ('returned') THEN 1 ELSE 0 END), SUM(CASE WHEN "
    "r.status IN ('ready') THEN 1 ELSE 0 END), SUM(CASE WHEN r.timeliness IN ('early') THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN r.timeliness IN ('on_time') THEN 1 ELSE 0 END), SUM(CASE WHEN r.timeliness IN ('late') THEN "
    "1 ELSE 0 END), SUM(CASE WHEN r.status IN ('received', 'in_progress', 'awaiting_supplement') THEN 1 ELSE 0 "
    "END), SUM(CASE WHEN r.status IN ('rejected') THEN 1 ELSE 0 END), SUM(CASE WHEN r.channel IN ('at_home') "
    "THEN 1 ELSE 0 END), SUM(CASE WHEN r.postponement_count > 0 THEN 1 ELSE 0 END) FROM dossiers_dossier r "
    "GROUP BY 1, 2",
    "DELETE FROM reports_countryratingcount",
    "INSERT INTO reports_countryratingcount (stripe, level, day, is_month, total, satisfied, neutral, "
    "dissatisfied, very_satisfied) SELECT (r.id % 64), r.level, date(r.rated_at, '+420 minutes'), 0, SUM(CASE "
    "WHEN 1 = 1 THEN 1 ELSE 0 END), SUM(CASE WHEN r.sentiment IN ('satisfied') THEN 1 ELSE 0 END), SUM(CASE "
    "WHEN r.sentiment IN ('neutral') THEN 1 ELSE 0 END), SUM(CASE WHEN r.sentiment IN ('dissatisfied') THEN 1 "
    "ELSE 0 END), SUM(CASE WHEN r.is_top THEN 1 ELSE 0 END) FROM ratings_rating r GROUP BY 1, 2, 3",
    "INSERT INTO reports_countryratingcount (stripe, level, day, is_month, total, satisfied, neutral, "
    "dissatisfied, very_satisfied) SELECT (r.id % 64), r.level, date(r.rated_at, '+420 minutes', 'start of "
    "month'), 1, SUM(CASE WHEN 1 = 1 THEN 1 ELSE 0 END), SUM(CASE WHEN r.sentiment IN ('satisfied') THEN 1 ELSE "
    "0 END), SUM(CASE WHEN r.sentiment IN ('neutral') THEN 1 ELSE 0 END), SUM(CASE WHEN r.sentiment IN "
    "('dissatisfied') THEN 1 ELSE 0 END), SUM(CASE WHEN r.is_top THEN 1 ELSE 0 END) FROM ratings_rating r GROUP "
    "BY 1, 2, 3",
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
            name="CountryDossierCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("day", models.DateField(verbose_name="day")),
                ("is_month", models.BooleanField(default=False, verbose_name="whole month")),
                ("received", models.IntegerField(default=0)),
                ("online", models.IntegerField(default=0)),
                ("returned", models.IntegerField(default=0)),
                ("ready", models.IntegerField(default=0)),
                ("early", models.IntegerField(default=0)),
                ("on_time", models.IntegerField(default=0)),
                ("late", models.IntegerField(default=0)),
                ("in_progress", models.IntegerField(default=0)),
                ("rejected", models.IntegerField(default=0)),
                ("home_service", models.IntegerField(default=0)),
                ("postponed", models.IntegerField(default=0)),
                ("stripe", models.PositiveSmallIntegerField(verbose_name="stripe")),
            ],
            options={
                "verbose_name": "dossier count of the country",
                "verbose_name_plural": "dossier counts of the country",
                "indexes": [models.Index(fields=["is_month", "day"], name="country_dossier_count_span")],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("stripe", "day", "is_month"), name="country_dossier_count_bucket"
                    )
                ],
            },
        ),
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
        migrations.CreateModel(
            name="CountryRatingCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("day", models.DateField(verbose_name="day")),
                ("is_month", models.BooleanField(default=False, verbose_name="whole month")),
                ("level", models.PositiveSmallIntegerField(verbose_name="level")),
                ("total", models.IntegerField(default=0)),
                ("satisfied", models.IntegerField(default=0)),
                ("neutral", models.IntegerField(default=0)),
                ("dissatisfied", models.IntegerField(default=0)),
                ("very_satisfied", models.IntegerField(default=0)),
                ("stripe", models.PositiveSmallIntegerField(verbose_name="stripe")),
            ],
            options={
                "verbose_name": "rating count of the country",
                "verbose_name_plural": "rating counts of the country",
                "indexes": [models.Index(fields=["is_month", "day"], name="country_rating_count_span")],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("stripe", "day", "is_month", "level"), name="country_rating_count_bucket"
                    )
                ],
            },
        ),
        migrations.RunPython(install, uninstall),
    ]
