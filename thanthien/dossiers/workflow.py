"""Which status a dossier may move to from which (the one-stop lifecycle, LAW.md §1d), and the steps an
official takes on it: in which statuses, with which input, by whom. The dossier page, the step API and
their tests all ask `STEPS` and `available_steps`; the services keep the status graph, and `steps.ACTIONS`
says which service and which page form do each step.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thanthien.dossiers import permissions
from thanthien.dossiers.models import Dossier
from thanthien.units.models import User

Status = Dossier.Status

ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    Status.RECEIVED: frozenset(
        {Status.IN_PROGRESS, Status.AWAITING_SUPPLEMENT, Status.REJECTED, Status.READY}
    ),
    Status.IN_PROGRESS: frozenset({Status.AWAITING_SUPPLEMENT, Status.REJECTED, Status.READY}),
    Status.AWAITING_SUPPLEMENT: frozenset({Status.IN_PROGRESS, Status.REJECTED}),
    Status.READY: frozenset({Status.RETURNED}),
    Status.RETURNED: frozenset(),
    Status.REJECTED: frozenset(),
}


def can_move(old: str, new: str) -> bool:
    """Return True when a dossier may go from status `old` to status `new`."""
    return new in ALLOWED_TRANSITIONS.get(old, frozenset())


def check_transition(old: str, new: str) -> None:
    """Raise ValidationError, in words a desk officer understands, unless `old` → `new` is allowed."""
    if not can_move(old, new):
        raise ValidationError(
            _("A dossier that is “%(old)s” cannot become “%(new)s”."),
            params={"old": Status(old).label, "new": Status(new).label},
            code="illegal_transition",
        )


@dataclass(frozen=True)
class Step:
    """One step an official takes on a dossier."""

    kind: str  # the API's `kind`, and the page's action
    statuses: frozenset[str]  # the statuses it is taken in
    fields: tuple[str, ...] = ()  # the input it takes
    required: tuple[tuple[str, Promise], ...] = ()  # the input it needs, with what to say when missing
    moves_to: str = ""  # the status it leads to (the services check the move), "" when it stays
    needs_postponement_right: bool = False  # an apology slip is signed by whom may issue it


OPEN_WORK = frozenset({Status.RECEIVED, Status.IN_PROGRESS})
STEPS: dict[str, Step] = {
    step.kind: step
    for step in (
        Step(
            "hand_over",
            OPEN_WORK,
            ("office", "note"),
            (("office", gettext_lazy("Say which office receives the dossier (office).")),),
            moves_to=Status.IN_PROGRESS,
        ),
        Step("ready", OPEN_WORK, moves_to=Status.READY),
        Step(
            "supplement",
            OPEN_WORK,
            ("office", "missing_items", "reason"),
            (
                ("missing_items", gettext_lazy("Say what is missing or must be corrected (missing_items).")),
                ("reason", gettext_lazy("Say why it is needed (reason).")),
            ),
            moves_to=Status.AWAITING_SUPPLEMENT,
        ),
        Step("supplemented", frozenset({Status.AWAITING_SUPPLEMENT}), ("note",), moves_to=Status.IN_PROGRESS),
        Step(
            "postpone",
            OPEN_WORK,
            ("new_due_date", "reason"),
            (
                ("new_due_date", gettext_lazy("Give the new return date (new_due_date).")),
                ("reason", gettext_lazy("Tell the applicant why the dossier is late (reason).")),
            ),
            needs_postponement_right=True,
        ),
        Step(
            "reject",
            OPEN_WORK | {Status.AWAITING_SUPPLEMENT},
            ("reason",),
            (("reason", gettext_lazy("Give the reasons for refusing the dossier (reason).")),),
            moves_to=Status.REJECTED,
        ),
        Step("return", frozenset({Status.READY}), moves_to=Status.RETURNED),
    )
}


def steps_in(status: str) -> list[str]:
    """Return the steps taken on a dossier in `status`, in the order the page offers them."""
    return [kind for kind, step in STEPS.items() if status in step.statuses]


def available_steps(dossier: Dossier, user: User) -> list[str]:
    """Return the steps `user` may take on `dossier` now: its status allows them and the user may."""
    if not permissions.can_process_dossier(user, dossier):
        return []
    may_postpone = permissions.can_issue_postponement(user, dossier)
    return [
        kind for kind in steps_in(dossier.status) if may_postpone or not STEPS[kind].needs_postponement_right
    ]


def check_step_input(kind: str, given: set[str]) -> None:
    """Raise ValidationError, naming every problem, when `given` fields are not what the step takes."""
    step = STEPS[kind]
    problems = []
    unused = sorted(given - set(step.fields))
    if unused:
        problems.append(
            _("The event %(kind)s does not take %(fields)s.") % {"kind": kind, "fields": ", ".join(unused)}
        )
    problems += [str(message) for name, message in step.required if name not in given]
    if problems:
        raise ValidationError(problems)


def check_step_status(dossier: Dossier, kind: str) -> None:
    """Raise ValidationError unless the dossier's status allows the step (naming the refused move when the
    step moves the dossier)."""
    step = STEPS[kind]
    if dossier.status not in step.statuses:
        if step.moves_to:
            check_transition(dossier.status, step.moves_to)
        raise ValidationError(
            _("A dossier that is “%(status)s” cannot take this step."),
            params={"status": Status(dossier.status).label},
            code="illegal_transition",
        )
