"""Each step on a dossier as the page and the API take it: the service that does it, the page's form, and how
the API's fields name the service's arguments. With `workflow.STEPS` (statuses, input, required input) this
is the one registry of step → input → service; the page (views) and the step API both run steps through it,
and a test holds the forms' required fields to the table's.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from thanthien.dossiers import services, workflow
from thanthien.dossiers.forms import HandOverForm, PostponeForm, RejectForm, SupplementForm
from thanthien.dossiers.models import Dossier
from thanthien.units.models import User


@dataclass(frozen=True)
class StepAction:
    """How a step of `workflow.STEPS` is done."""

    service: Callable[..., object]  # called as service(dossier, by=user, **arguments)
    done: Promise  # what the page says after it
    form: type[forms.Form] | None = None  # the page's form; its cleaned data are the service's arguments
    form_name: str = ""  # the form's name in the page's context
    # The API's field → the service's argument (the API keeps the names integrations already send).
    api_arguments: dict[str, str] = field(default_factory=dict)


ACTIONS: dict[str, StepAction] = {
    "hand_over": StepAction(
        services.hand_over,
        _("Hand-over recorded."),
        HandOverForm,
        "handover_form",
        {"office": "receiver_office", "note": "note"},
    ),
    "ready": StepAction(services.mark_ready, _("Result ready; the applicant is told.")),
    "supplement": StepAction(
        services.request_supplement,
        _("Supplement request recorded."),
        SupplementForm,
        "supplement_form",
        {"office": "office", "missing_items": "missing_items", "reason": "reason"},
    ),
    "supplemented": StepAction(
        services.record_supplement,
        _("Supplements recorded; processing goes on."),
        api_arguments={"note": "note"},
    ),
    "postpone": StepAction(
        services.postpone_dossier,
        _("Apology slip issued."),
        PostponeForm,
        "postpone_form",
        {"new_due_date": "new_due_date", "reason": "reason"},
    ),
    "reject": StepAction(
        services.reject_dossier, _("Dossier rejected."), RejectForm, "reject_form", {"reason": "reasons"}
    ),
    "return": StepAction(services.return_dossier, _("Result returned to the applicant.")),
}


def take_step(kind: str, dossier: Dossier, *, by: User, arguments: dict[str, Any]) -> object:
    """Do the step with the service's arguments (from the page's form or `api_arguments`)."""
    return ACTIONS[kind].service(dossier, by=by, **arguments)


def api_arguments(kind: str, given: dict[str, Any]) -> dict[str, Any]:
    """Return the service's arguments from the API's fields; the fields the step does not take are left out
    (`workflow.check_step_input` has refused them already)."""
    names = ACTIONS[kind].api_arguments
    return {names[name]: value for name, value in given.items() if name in names}


def service_arguments_required(kind: str) -> set[str]:
    """The service's arguments the table requires for the step (its `required` API fields, renamed)."""
    names = ACTIONS[kind].api_arguments
    return {names[name] for name, _message in workflow.STEPS[kind].required}
