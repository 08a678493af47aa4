"""Field visits: the leaders' visits to a village, and what the people raised there."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thanthien.core import audit, idempotency
from thanthien.feedback.models import FeedbackItem
from thanthien.reception import permissions
from thanthien.reception.models import FieldVisit, FieldVisitIssue
from thanthien.reception.services._common import Create, check_official, check_village, raise_feedback
from thanthien.units.models import Official, Unit, User


@transaction.atomic
def record_field_visit(
    commune: Unit,
    *,
    by: User,
    village: Unit,
    visited_on: date,
    leaders: Iterable[Official],
    purpose: str,
    notes: str = "",
) -> FieldVisit:
    """Record a leaders' visit to a village: when, where, who went and why."""
    if not permissions.can_keep_field_visits(by, commune):
        raise PermissionDenied
    check_village(village, commune)
    leaders = list(leaders)
    if not leaders:
        raise ValidationError(_("Choose who went."), code="leaders")
    for leader in leaders:
        check_official(leader, commune)
    if visited_on > timezone.localdate():
        raise ValidationError(_("A visit cannot be recorded before it happens."), code="future")
    if not purpose.strip():
        raise ValidationError(_("Give the purpose of the visit."), code="purpose")
    visit = FieldVisit.objects.create(
        commune=commune,
        village=village,
        visited_on=visited_on,
        purpose=purpose.strip()[:300],
        notes=notes.strip(),
        recorded_by=by,
    )
    visit.leaders.set(leaders)
    audit.record(Create, visit, by=by, changes={"village": village.pk, "visited_on": str(visited_on)})
    return visit


def add_field_visit_issue(
    visit: FieldVisit,
    *,
    by: User,
    content: str,
    kind: str = FeedbackItem.Kind.REFLECTION,
    topic: str = "other",
    client_key: str = "",
) -> FieldVisitIssue:
    """Record what the people raised on the visit; it becomes a feedback item (channel: field visit).

    With `client_key` (the form's hidden key), the same form sent twice records one issue and one item.
    """
    if not permissions.can_keep_field_visits(by, visit.commune):
        raise PermissionDenied
    return idempotency.create_once(
        "reception.field_issue",
        actor=by,
        client_key=client_key,
        content=[visit, content, kind, topic],
        create=lambda: _add_issue(visit, by=by, content=content, kind=kind, topic=topic),
        model=FieldVisitIssue,
    )


@transaction.atomic
def _add_issue(visit: FieldVisit, *, by: User, content: str, kind: str, topic: str) -> FieldVisitIssue:
    visit = (
        FieldVisit.objects.select_for_update(of=("self",))
        .select_related("commune", "village")
        .get(pk=visit.pk)
    )
    if not permissions.can_keep_field_visits(by, visit.commune):
        raise PermissionDenied
    item = raise_feedback(
        visit.commune,
        by=by,
        channel=FeedbackItem.Channel.FIELD_VISIT,
        kind=kind,
        topic=topic,
        content=content,
        day=visit.visited_on,
        village=visit.village,
    )
    issue = FieldVisitIssue.objects.create(visit=visit, content=item.content, feedback_item=item)
    audit.record(Create, issue, by=by, object_repr=str(visit), changes={"feedback": item.tracking_code})
    return issue
