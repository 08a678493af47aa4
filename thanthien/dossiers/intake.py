"""What receiving a dossier needs from the database: the rule set in force, its terms, the dates, a code."""

import bisect
import secrets
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from thanthien.core.process_cache import ProcessCache
from thanthien.core.workdays import WorkCalendar
from thanthien.dossiers import deadlines
from thanthien.dossiers.models import Dossier, IntakeRule

# No 0/O, 1/I/L: a code read aloud over the phone or typed from a receipt must not be ambiguous.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


@dataclass(frozen=True)
class DossierDates:
    counted_from: date
    due_date: date


# Every dossier received reads it: kept per web process, forgotten here at once when a rule set changes, in
# the other processes within RULES_CACHE_SECONDS.
_rules: ProcessCache[IntakeRule | None] = ProcessCache(
    "intake-rules", setting="RULES_CACHE_SECONDS", default_seconds=10, watch=(IntakeRule,)
)


def rule_in_force(day: date) -> IntakeRule:
    """Return the one-stop rule set in force on `day` (the latest one that started on or before it)."""
    rule = _rules.get_or_load(
        day, lambda: IntakeRule.objects.filter(valid_from__lte=day).order_by("-valid_from").first()
    )
    if rule is None:
        raise ValidationError(_("No one-stop rule set is in force on %(day)s.") % {"day": f"{day:%d/%m/%Y}"})
    return rule


class RuleBook:
    """Every rule set, read in one query, for the many days of one import: `in_force(day)` answers as
    `rule_in_force(day)` does (None where that raises), without a query per day."""

    def __init__(self) -> None:
        self.rules = list(IntakeRule.objects.order_by("valid_from"))
        self.starts = [rule.valid_from for rule in self.rules]

    def in_force(self, day: date) -> IntakeRule | None:
        index = bisect.bisect_right(self.starts, day)  # the rule sets that started on or before `day`
        return self.rules[index - 1] if index else None


def terms_of(rule: IntakeRule) -> deadlines.IntakeTerms:
    """Return the pure deadline terms of a rule set."""
    return deadlines.IntakeTerms(
        office_opens=rule.office_opens,
        office_closes=rule.office_closes,
        paper_cutoff=rule.paper_cutoff,
        online_after_hours_next_day=rule.online_after_hours_next_day,
        apology_days_before_due=rule.apology_days_before_due,
        max_postponements=rule.max_postponements,
        at_risk_days=rule.at_risk_days,
    )


def dates_for(
    received_at: datetime,
    *,
    channel: str,
    time_limit_days: Decimal,
    time_limit_unit: str,
    terms: deadlines.IntakeTerms,
    calendar: WorkCalendar,
    tz: tzinfo | None = None,
) -> DossierDates:
    """Return the day the clock counts from and the due date of a dossier received at `received_at`.

    `tz` is the current time zone, when the caller already has it (an import asks for it once, not per row).
    """
    local = timezone.localtime(received_at, tz)
    start = deadlines.counted_from(
        local, online=channel == Dossier.Channel.ONLINE, terms=terms, calendar=calendar
    )
    return DossierDates(
        counted_from=start, due_date=deadlines.due_date(start, time_limit_days, calendar, time_limit_unit)
    )


def new_dossier_code(commune_code: str, received_on: date) -> str:
    """Return a fresh look-up code, e.g. "15991-260213-K7Q2"; the caller retries on the rare collision."""
    suffix = "".join(secrets.choice(CODE_ALPHABET) for _ in range(5))
    return f"{commune_code}-{received_on:%y%m%d}-{suffix}"
