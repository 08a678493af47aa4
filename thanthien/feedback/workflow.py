"""The steps an official takes on a feedback item (a reflection, recommendation, complaint or denunciation):
in which statuses, for which items, by whom, with which input. The item's page offers exactly
`available_steps(item, user)`, and the page's step view and the staff step API run only steps of `STEPS`,
taking their input as declared here (`feedback.steps` says which service and which form do each). The
services stay the last word: they check the law's conditions again and say why a step is refused.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy

from thanthien.feedback import permissions, services
from thanthien.feedback.models import FeedbackItem
from thanthien.units.models import User

Status = FeedbackItem.Status
Kind = FeedbackItem.Kind
Who = Callable[[User, FeedbackItem], bool]
When = Callable[[FeedbackItem], bool]


def _always(item: FeedbackItem) -> bool:
    return True


@dataclass(frozen=True)
class Step:
    """One step on a feedback item."""

    name: str  # the API's `step` and the page's URL
    statuses: frozenset[str]  # the statuses it is taken in
    who: Who  # who may take it (feedback.permissions)
    when: When = _always  # what else the item must be (its kind, what is recorded already)
    fields: tuple[str, ...] = ()  # the API's input it takes
    # The input without which the service cannot be called, with what to say when it is missing; what the
    # input must say (a reason, an answer, the minutes) the service checks, in the law's words.
    required: tuple[tuple[str, Promise], ...] = ()
    page_only: bool = False  # offered on the page, not (yet) through the API


UNANSWERED = frozenset({Status.RECEIVED})
BEING_RESOLVED = frozenset({Status.ACCEPTED, Status.IN_PROGRESS})
ANSWERED = frozenset({Status.RESOLVED, Status.CLOSED})
ANY_STATUS = frozenset(Status.values)


def _extendable(item: FeedbackItem) -> bool:
    """The law allows extending the limit that runs now (services.extensions_left: a denunciation's initial
    handling before acceptance, once; afterwards the resolution period of a complaint or denunciation)."""
    return services.extensions_left(item) > 0


def _is_complaint(item: FeedbackItem) -> bool:
    return item.kind == Kind.COMPLAINT


def _answer_not_sent(item: FeedbackItem) -> bool:
    return item.answer_sent_on is None


def _answer_sent(item: FeedbackItem) -> bool:
    return item.answer_sent_on is not None


def _publishable_not_published(item: FeedbackItem) -> bool:
    return item.may_publish and not item.is_published


def _published(item: FeedbackItem) -> bool:
    return item.may_publish and item.is_published


def _not_yet_useful(item: FeedbackItem) -> bool:
    return not item.is_useful_contribution


def _decision_not_yet_received(item: FeedbackItem) -> bool:
    return item.kind == Kind.COMPLAINT and item.decision_on is not None and item.decision_received_on is None


STEPS: dict[str, Step] = {
    step.name: step
    for step in (
        Step(
            "classify",
            UNANSWERED | BEING_RESOLVED,
            permissions.can_handle_feedback,
            fields=("kind", "topic", "instance", "is_complex", "is_remote_area"),
        ),
        Step("accept", UNANSWERED, permissions.can_handle_feedback, fields=("accepted_on",)),
        Step(
            "decline",
            UNANSWERED,
            permissions.can_handle_feedback,
            fields=("reason", "legal_basis"),
        ),
        Step(
            "transfer",
            UNANSWERED,
            permissions.can_handle_feedback,
            fields=("mode", "referral_body", "referral_number", "referral_on"),
            required=(("referral_on", gettext_lazy("Give the day of the referral (referral_on).")),),
        ),
        Step(
            "assign",
            BEING_RESOLVED,
            permissions.can_decide_feedback,
            fields=("assignee_id",),
            required=(("assignee_id", gettext_lazy("Choose the official to assign (assignee_id).")),),
        ),
        Step(
            "extend",
            UNANSWERED | BEING_RESOLVED,
            permissions.can_decide_feedback,
            _extendable,
            fields=("reason",),
        ),
        Step(
            "verify",
            BEING_RESOLVED,
            permissions.can_resolve_feedback,
            fields=("verified_on", "result", "is_demand_different"),
            required=(("verified_on", gettext_lazy("Give the day of the verification (verified_on).")),),
        ),
        Step(
            "dialogue",
            BEING_RESOLVED,
            permissions.can_resolve_feedback,
            _is_complaint,
            fields=("notice_on", "held_on", "minutes", "is_minutes_signed"),
            required=(("held_on", gettext_lazy("Give the day of the dialogue (held_on).")),),
        ),
        Step(
            "resolve",
            BEING_RESOLVED,
            permissions.can_resolve_feedback,
            fields=(
                "public_answer",
                "publish",
                "resolved_on",
                "decision_number",
                "decision_on",
                "decision_content",
            ),
        ),
        Step("send", frozenset({Status.RESOLVED}), permissions.can_resolve_feedback, _answer_not_sent),
        Step(
            "close",
            frozenset({Status.RESOLVED}),
            permissions.can_resolve_feedback,
            _answer_sent,
        ),
        Step(
            "received",
            ANSWERED,
            permissions.can_resolve_feedback,
            _decision_not_yet_received,
            fields=("received_on",),
            required=(
                ("received_on", gettext_lazy("Give the day the decision was received (received_on).")),
            ),
            page_only=True,
        ),
        Step("publish", ANSWERED, permissions.can_resolve_feedback, _publishable_not_published),
        Step("unpublish", ANSWERED, permissions.can_resolve_feedback, _published),
        Step("useful", ANY_STATUS, permissions.can_handle_feedback, _not_yet_useful),
    )
}
API_STEPS = tuple(name for name, step in STEPS.items() if not step.page_only)


def is_available(step: Step, item: FeedbackItem, user: User) -> bool:
    """Whether the item's status and state allow the step and the user may take it."""
    return item.status in step.statuses and step.when(item) and step.who(user, item)


def available_steps(item: FeedbackItem, user: User) -> list[str]:
    """Return the steps `user` may take on `item` now, in the order the page offers them."""
    return [name for name, step in STEPS.items() if is_available(step, item, user)]


def check_step_input(name: str, given: set[str]) -> None:
    """Raise ValidationError, naming every missing input, when `given` lacks what the step needs."""
    missing = [str(message) for field, message in STEPS[name].required if field not in given]
    if missing:
        raise ValidationError(missing)


def check_step(name: str, item: FeedbackItem, user: User) -> None:
    """Refuse a step `available_steps` does not offer: PermissionDenied when the user may not take it,
    ValidationError (code "not_available") when the item's status or state does not allow it now."""
    step = STEPS[name]
    if not step.who(user, item):
        raise PermissionDenied
    if item.status not in step.statuses or not step.when(item):
        raise ValidationError(
            gettext("This step is not open on this case now (it is “%(status)s”).")
            % {"status": item.get_status_display()},
            code="not_available",
        )
