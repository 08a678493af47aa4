"""Who reads and acts on a self-assessment: the commune's leaders and administrators prepare and submit it
(its staff add evidence and notes); the province's reviewers appraise it. Another commune gets a 404."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from thanthien.assessment.models import SelfAssessment
from thanthien.core.scoping import has_role_at, unit_scope
from thanthien.units.models import Role, Unit, User
from thanthien.units.permissions import acts_for_commune

PREPARERS = frozenset({Role.DESK_OFFICER, Role.LEADER, Role.ADMINISTRATOR})
SUBMITTERS = frozenset({Role.LEADER, Role.ADMINISTRATOR})
APPRAISERS = frozenset({Role.REVIEWER, Role.ADMINISTRATOR})


def visible_assessments(user: User) -> QuerySet[SelfAssessment]:
    return SelfAssessment.objects.filter(unit_scope(user, "commune__path"))


def get_assessment_for_user(user: User, pk: int) -> SelfAssessment:
    """The self-assessment, or Http404 for 'missing' and 'not yours' alike."""
    return get_object_or_404(visible_assessments(user).select_related("commune", "criteria_set"), pk=pk)


def can_prepare(user: User, commune: Unit) -> bool:
    """The commune's staff add notes and evidence (not the province's reviewers, who appraise)."""
    return acts_for_commune(user, commune, PREPARERS)


def can_submit(user: User, commune: Unit) -> bool:
    return acts_for_commune(user, commune, SUBMITTERS)


def can_appraise(user: User, commune: Unit) -> bool:
    """A reviewer (or administrator) of the province above the commune, not the commune's own people."""
    province_path = commune.path.rsplit("/", 1)[0]
    return province_path != commune.path and has_role_at(user, province_path, APPRAISERS)


def can_appraise_in(user: User, province: Unit) -> bool:
    """A reviewer (or administrator) of the province: appraises its communes, downloads its decisions."""
    return has_role_at(user, province.path, APPRAISERS)


def can_edit_sets(user: User, province: Unit) -> bool:
    """A province's administrators keep its criteria sets."""
    return has_role_at(user, province.path, {Role.ADMINISTRATOR})


def set_keeping_provinces(user: User) -> list[Unit]:
    return [p for p in Unit.objects.filter(level=Unit.Level.PROVINCE) if can_edit_sets(user, p)]
