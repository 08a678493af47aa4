"""What the reception services share: the checks of officials, villages and hours, the audit actions, and
the intake of what the people raise in a meeting (a dialogue conference or a field visit)."""

from datetime import date, time

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from thanthien.core.models import AuditEvent
from thanthien.feedback import services as feedback_services
from thanthien.feedback.models import FeedbackItem
from thanthien.units.models import Official, Unit, User

Create, Update = AuditEvent.Action.CREATE, AuditEvent.Action.UPDATE


def check_official(official: Official, commune: Unit) -> None:
    """Raise ValidationError unless the official is active and works for the commune."""
    if official.unit_id != commune.pk or not official.is_active:
        raise ValidationError(_("The official does not work for this commune."), code="official")


def check_village(village: Unit | None, commune: Unit) -> None:
    """Raise ValidationError unless the village (if any) is a village of the commune."""
    if village is not None and (village.parent_id != commune.pk or village.level != Unit.Level.VILLAGE):
        raise ValidationError(_("The village is not in this commune."), code="village")


def check_hours(starts_at: time, ends_at: time) -> None:
    """Raise ValidationError unless the session ends after it starts."""
    if ends_at <= starts_at:
        raise ValidationError(_("The session must end after it starts."), code="hours")


# What the people raise in a meeting is recorded without a name: a reflection, a recommendation or a question.
RAISED_KINDS = (FeedbackItem.Kind.REFLECTION, FeedbackItem.Kind.RECOMMENDATION, FeedbackItem.Kind.QUESTION)


def raise_feedback(
    commune: Unit,
    *,
    by: User,
    channel: str,
    kind: str,
    topic: str,
    content: str,
    day: date,
    village: Unit | None,
) -> FeedbackItem:
    """Receive what the people raised in a meeting as an anonymous feedback item of the given channel."""
    if kind not in RAISED_KINDS:
        raise ValidationError(
            _("An issue raised in a meeting is a reflection, a recommendation or a question."), code="kind"
        )
    return feedback_services.receive_feedback(
        commune,
        by=by,
        kind=kind,
        channel=channel,
        content=content,
        topic=topic,
        received_on=day,
        village=village,
        is_anonymous=True,
    )
