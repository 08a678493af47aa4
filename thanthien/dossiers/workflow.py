"""Which status a dossier may move to from which (the one-stop lifecycle, LAW.md §1d). Pure rules."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from thanthien.dossiers.models import Dossier

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
