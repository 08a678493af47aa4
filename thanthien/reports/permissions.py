"""Who sees which figures and reports: any role in a unit reads its figures (and those below); a commune's
leaders write and submit its reports; the province's reviewers read what their communes submitted."""

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from thanthien.core.scoping import has_role_at, unit_scope
from thanthien.reports.models import PeriodicReport
from thanthien.units.models import Role, Unit
from thanthien.units.permissions import acts_for_commune, visible_units

REPORT_WRITERS = frozenset({Role.LEADER, Role.ADMINISTRATOR})
RANKING_READERS = frozenset({Role.REVIEWER, Role.LEADER, Role.ADMINISTRATOR, Role.SUPERVISOR})


def get_figures_unit_for_user(user: Any, code: str) -> Unit:
    """Return the unit whose figures the user asks for; 404 for a missing unit and another's alike."""
    return get_object_or_404(visible_units(user), code=code)


def can_see_country(user: Any) -> bool:
    """Only a superuser reads the whole country's figures at once."""
    return bool(getattr(user, "is_superuser", False) and getattr(user, "is_active", False))


def visible_reports(user: Any) -> QuerySet[PeriodicReport]:
    """Return the reports of the communes the user belongs to, and below (a province sees its communes')."""
    return PeriodicReport.objects.filter(unit_scope(user, "commune__path"))


def get_report_for_user(user: Any, pk: int) -> PeriodicReport:
    """Return the report, or raise Http404 for 'missing' and 'not yours' alike."""
    return get_object_or_404(visible_reports(user).select_related("commune", "commune__parent"), pk=pk)


def can_write_report(user: Any, commune: Unit) -> bool:
    """A commune's leaders (and administrators) write and submit its periodic reports."""
    return acts_for_commune(user, commune, REPORT_WRITERS)


def can_view_ranking(user: Any, unit: Unit) -> bool:
    """Reviewers, leaders and supervisors of a province or district compare its communes."""
    return unit.level in {Unit.Level.PROVINCE, Unit.Level.DISTRICT} and has_role_at(
        user, unit.path, RANKING_READERS
    )
