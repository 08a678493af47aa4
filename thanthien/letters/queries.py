"""Figures about letters, for the register page and the reports (seed 003 counts letters by kind)."""

from collections.abc import Iterable
from datetime import date

from django.db.models import Count, Q, QuerySet

from thanthien.core.predicates import In, Predicate, count_where, is_in
from thanthien.letters.kinds import COUNT_GROUPS
from thanthien.letters.models import Letter
from thanthien.units.models import Unit

# The letters a figure counts: those issued (signed and numbered in the register; the register's constraint
# gives each an issue date), one count per group of COUNT_GROUPS. The figures count them so, from the rows
# or from the country's buckets (reports.summaries), which the database keeps with these conditions.
ISSUED: In = is_in("status", Letter.Status.ISSUED)
COUNTED: dict[str, Predicate] = {group: is_in("kind", *kinds) for group, kinds in COUNT_GROUPS.items()}


def issued_between(first_day: date, last_day: date) -> Q:
    """The letters a figure counts from `first_day` to `last_day` (both included), on their issue date."""
    return ISSUED.q() & Q(issued_on__gte=first_day, issued_on__lte=last_day)


def group_counts() -> dict[str, Count]:
    """The aggregates that count letters per group of COUNT_GROUPS (for one-row statements)."""
    return {group: count_where(predicate) for group, predicate in COUNTED.items()}


def count_rows(letters: QuerySet[Letter]) -> dict[str, int]:
    """Return {group: number of letters} for the groups of COUNT_GROUPS, every group present (0 if none)."""
    return {group: total or 0 for group, total in letters.order_by().aggregate(**group_counts()).items()}


def letter_counts(unit_or_units: Unit | Iterable[Unit], date_from: date, date_to: date) -> dict[str, int]:
    """Return the letters issued from `date_from` to `date_to` (both included) by the communes within the
    given unit(s), counted per kind: {"apology", "congratulations", "condolence", "thanks", "new_year"}.

    A letter counts on its issue date (the date it was signed and numbered in the register); drafts and
    cancelled letters never count. Congratulations are those on births and on marriages together.
    """
    units = [unit_or_units] if isinstance(unit_or_units, Unit) else list(unit_or_units)
    within = Q(pk__in=[])
    for unit in units:
        within |= Q(commune__path=unit.path) | Q(commune__path__startswith=unit.path + "/")
    issued = Letter.objects.filter(within & issued_between(date_from, date_to))
    return count_rows(issued)
