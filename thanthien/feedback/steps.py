"""Each step on a feedback item as the page and the staff API take it: the service that does it, the page's
form, what the page says after it, and how the API's fields become the service's arguments. With
`workflow.STEPS` (statuses, who, input) this is the one registry of step → input → service: the page's
step view and the step API both run a step through `take_step`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms as django_forms
from django.shortcuts import get_object_or_404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from thanthien.feedback import forms, services
from thanthien.feedback.models import FeedbackItem
from thanthien.units.models import Official, User

# The API's payload (feedback.api.StepIn): read by attribute, every field present (empty when not sent).
Payload = Any
Arguments = Callable[[FeedbackItem, Payload], dict[str, Any]]


def _fields(*names: str) -> Arguments:
    """The API's fields of these names are the service's arguments of the same names."""
    return lambda item, payload: {name: getattr(payload, name) for name in names}


def _nothing(item: FeedbackItem, payload: Payload) -> dict[str, Any]:
    return {}


def _classify_arguments(item: FeedbackItem, payload: Payload) -> dict[str, Any]:
    """What the API leaves out keeps the item's value (its kind, topic and village)."""
    return {
        "kind": payload.kind or item.kind,
        "topic": payload.topic or item.topic,
        "instance": payload.instance,
        "is_complex": payload.is_complex,
        "is_remote_area": payload.is_remote_area,
        "village": item.village,
    }


def _assign_arguments(item: FeedbackItem, payload: Payload) -> dict[str, Any]:
    """The assignee is an official of the item's commune (404 for any other id)."""
    return {"assignee": get_object_or_404(Official, pk=payload.assignee_id, unit=item.unit)}


def _resolution_arguments(item: FeedbackItem, payload: Payload) -> dict[str, Any]:
    return {"reason": payload.reason}


@dataclass(frozen=True)
class StepAction:
    """How a step of `workflow.STEPS` is done."""

    service: Callable[..., FeedbackItem]  # called as service(item, by=user, **arguments)
    done: Promise  # what the page says after it
    form: type[django_forms.Form] | None = None  # the page's form; its cleaned data are the arguments
    api_arguments: Arguments = _nothing  # the service's arguments from the API's payload


def _publish(item: FeedbackItem, *, by: User) -> FeedbackItem:
    return services.set_publication(item, by=by, publish=True)


def _unpublish(item: FeedbackItem, *, by: User) -> FeedbackItem:
    return services.set_publication(item, by=by, publish=False)


ACTIONS: dict[str, StepAction] = {
    "classify": StepAction(
        services.classify_feedback, _("Classification saved."), forms.ClassifyForm, _classify_arguments
    ),
    "accept": StepAction(
        services.accept_feedback, _("Case accepted."), forms.AcceptForm, _fields("accepted_on")
    ),
    "decline": StepAction(
        services.decline_feedback,
        _("Case not accepted; the reason is recorded."),
        forms.DeclineForm,
        _fields("reason", "legal_basis"),
    ),
    "transfer": StepAction(
        services.transfer_feedback,
        _("Referral recorded."),
        forms.TransferForm,
        _fields("mode", "referral_body", "referral_number", "referral_on"),
    ),
    "assign": StepAction(services.assign_feedback, _("Case assigned."), forms.AssignForm, _assign_arguments),
    "extend": StepAction(
        services.extend_limit, _("Limit extended."), forms.ReasonForm, _resolution_arguments
    ),
    "verify": StepAction(
        services.record_verification,
        _("Verification recorded."),
        forms.VerificationForm,
        _fields("verified_on", "result", "is_demand_different"),
    ),
    "dialogue": StepAction(
        services.record_dialogue,
        _("Dialogue recorded."),
        forms.DialogueForm,
        _fields("notice_on", "held_on", "minutes", "is_minutes_signed"),
    ),
    "resolve": StepAction(
        services.resolve_feedback,
        _("Case resolved."),
        forms.ResolveForm,
        _fields(
            "public_answer", "publish", "resolved_on", "decision_number", "decision_on", "decision_content"
        ),
    ),
    "send": StepAction(services.send_answer, _("Answer sent to the person.")),
    "close": StepAction(services.close_feedback, _("Case closed.")),
    "received": StepAction(
        services.record_decision_received, _("Receipt of the decision recorded."), forms.DecisionReceivedForm
    ),
    "publish": StepAction(_publish, _("Answer published.")),
    "unpublish": StepAction(_unpublish, _("Answer unpublished.")),
    "useful": StepAction(services.mark_useful_contribution, _("Marked as a useful contribution.")),
}


def take_step(name: str, item: FeedbackItem, *, by: User, arguments: dict[str, Any]) -> FeedbackItem:
    """Do the step with the service's arguments (from the page's form or `api_arguments`)."""
    return ACTIONS[name].service(item, by=by, **arguments)
