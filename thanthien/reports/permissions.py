"""Who sees which figures and reports: any role in a unit reads its figures (and those below); a commune's
leaders write and submit its reports; the province's reviewers read what their communes submitted."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from thanthien.core.scoping import has_role_at, unit_scope
from thanthien.reports.models import PeriodicReport
from thanthien.units.models import Role, Unit, User
from thanthien.units.permissions import acts_for_commune, is_national_reviewer, visible_units

REPORT_WRITERS = frozenset({Role.LEADER, Role.ADMINISTRATOR})
RANKING_READERS = frozenset({Role.REVIEWER, Role.LEADER, Role.ADMINISTRATOR, Role.SUPERVISOR})


def get_figures_unit_for_user(user: User, code: str) -> Unit:
    """Return the unit whose figures the user asks for; 404 for a missing unit and another's alike. A
    national reviewer reads any unit's figures."""
    units = Unit.objects.all() if can_see_country(user) else visible_units(user)
    return get_object_or_404(units, code=code)


def can_see_country(user: User) -> bool:
    """A superuser, or a national reviewer (the permission `reports.view_country`, given by a superuser),
    reads the whole country's figures and every province side by side. A province's reviewer does not:
    they have their province's ranking."""
    if not getattr(user, "is_active", False):
        return False
    return bool(getattr(user, "is_superuser", False) or is_national_reviewer(user))


def ranking_units(user: User) -> QuerySet[Unit]:
    """The provinces and districts whose communes the user may compare (the ranking page)."""
    areas = Unit.objects.filter(level__in=[Unit.Level.PROVINCE, Unit.Level.DISTRICT])
    if can_see_country(user):
        return areas
    units = areas.filter(pk__in=visible_units(user).values("pk"))
    return units.filter(pk__in=[unit.pk for unit in units if can_view_ranking(user, unit)])


def can_see_ranking(user: User) -> bool:
    """The ranking page and its export open to the same people: those with a province or district whose
    communes they may compare (a commune's own officials have none, and get 403 from both)."""
    return ranking_units(user).exists()


def visible_reports(user: User) -> QuerySet[PeriodicReport]:
    """Return the reports of the communes the user belongs to, and below (a province sees its communes')."""
    return PeriodicReport.objects.filter(unit_scope(user, "commune__path"))


def get_report_for_user(user: User, pk: int) -> PeriodicReport:
    """Return the report, or raise Http404 for 'missing' and 'not yours' alike."""
    return get_object_or_404(visible_reports(user).select_related("commune", "commune__parent"), pk=pk)


def can_write_report(user: User, commune: Unit) -> bool:
    """A commune's leaders (and administrators) write and submit its periodic reports."""
    return acts_for_commune(user, commune, REPORT_WRITERS)


def can_view_ranking(user: User, unit: Unit) -> bool:
    """Reviewers, leaders and supervisors of a province or district compare its communes; a national
    reviewer those of every province."""
    return unit.level in {Unit.Level.PROVINCE, Unit.Level.DISTRICT} and (
        has_role_at(user, unit.path, RANKING_READERS) or can_see_country(user)
    )
