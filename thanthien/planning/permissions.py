"""Who may read and change plans, tasks, the conduct code, violations and supervision records.

Built on `thanthien.core.scoping` and `thanthien.units.permissions`. The commune's records (plans, tasks,
codes, commitments, violations, review meetings) are changed by its leaders; the supervisors (the Front's
chair, mass organisations, the people's inspection board) record supervision and reopen its answers, and
read the rest. A province's leaders write the province's plan and give its steps to the communes, whose
task lists then show them. Violations are read by leaders and by the official concerned, nobody else.
"""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from thanthien.core.scoping import has_role_at, unit_scope
from thanthien.planning.models import Commitment, Plan, SupervisionVisit, Task, Violation
from thanthien.units.models import Official, Role, Unit, User
from thanthien.units.permissions import EDITORS, acts_for_commune

SUPERVISORS = frozenset({Role.SUPERVISOR, Role.LEADER, Role.ADMINISTRATOR})


def official_of(user: User) -> Official | None:
    """Return the official record of the user's login, if there is one."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Official.objects.filter(user=user, is_active=True).first()


def can_manage_planning(user: User, unit: Unit) -> bool:
    """Leaders (and administrators) write the commune's plans, tasks, code, commitments and violations."""
    return has_role_at(user, unit.path, EDITORS)


def can_record_supervision(user: User, commune: Unit) -> bool:
    """The supervisors of a commune (and its leaders) record supervision plans, visits and opinions."""
    return acts_for_commune(user, commune, SUPERVISORS)


def can_assign_to_commune(user: User, plan: Plan, commune: Unit) -> bool:
    """A province's leaders (and administrators) give the steps of the province's plan to its communes."""
    return (
        commune.level == Unit.Level.COMMUNE
        and commune.path.startswith(f"{plan.unit.path}/")
        and can_manage_planning(user, plan.unit)
    )


def managed_provinces(user: User) -> QuerySet[Unit]:
    """The provinces whose plans the user writes (their leaders and administrators)."""
    return Unit.objects.filter(unit_scope(user, "path", EDITORS), level=Unit.Level.PROVINCE)


def communes_of(plan: Plan) -> QuerySet[Unit]:
    """The communes under the plan's unit (those a province's plan can give its steps to)."""
    return Unit.objects.filter(level=Unit.Level.COMMUNE, path__startswith=f"{plan.unit.path}/")


def visible_plans(user: User) -> QuerySet[Plan]:
    return Plan.objects.filter(unit_scope(user, "unit__path"))


def get_plan_for_user(user: User, pk: int) -> Plan:
    """Return the plan, or raise Http404 for 'missing' and 'not yours' alike."""
    return get_object_or_404(visible_plans(user).select_related("unit", "template"), pk=pk)


def visible_tasks(user: User) -> QuerySet[Task]:
    return Task.objects.filter(unit_scope(user, "commune__path"))


def get_task_for_user(user: User, pk: int) -> Task:
    """Return the task, or raise Http404 for 'missing' and 'not yours' alike."""
    rows = visible_tasks(user).select_related("commune", "official", "office", "recommendation__visit")
    return get_object_or_404(rows, pk=pk)


def is_assignee(user: User, task: Task) -> bool:
    return task.official is not None and task.official.user_id == getattr(user, "pk", None)


def can_update_task(user: User, task: Task) -> bool:
    """The assignee and the commune's leaders write notes, add evidence and answer a task."""
    return is_assignee(user, task) or can_manage_planning(user, task.commune)


def can_reopen_task(user: User, task: Task) -> bool:
    """The supervising side reopens an answered recommendation; leaders reopen any answered task."""
    if not task.is_answered:
        return False
    if task.recommendation_id is not None and can_record_supervision(user, task.commune):
        return True
    return can_manage_planning(user, task.commune)


def visible_visits(user: User) -> QuerySet[SupervisionVisit]:
    return SupervisionVisit.objects.filter(unit_scope(user, "commune__path"))


def get_visit_for_user(user: User, pk: int) -> SupervisionVisit:
    """Return the visit, or raise Http404 for 'missing' and 'not yours' alike."""
    return get_object_or_404(visible_visits(user).select_related("commune", "body"), pk=pk)


def visible_commitments(user: User) -> QuerySet[Commitment]:
    return Commitment.objects.filter(unit_scope(user, "official__unit__path"))


def visible_violations(user: User) -> QuerySet[Violation]:
    """Leaders see the violations of their communes; an official sees their own; nobody else sees any."""
    own = official_of(user)
    mine = Q(official=own) if own is not None else Q(pk__in=[])
    return Violation.objects.filter(unit_scope(user, "commune__path", EDITORS) | mine)


def get_violation_for_user(user: User, pk: int) -> Violation:
    """Return the violation, or raise Http404 for 'missing' and 'not yours' alike."""
    return get_object_or_404(visible_violations(user).select_related("official", "rule", "commune"), pk=pk)
