"""Which submissions may be received, and which may be accepted, as complaints or denunciations.

Pure rules: no database. Each function returns a short reason slug, or None when the step may go ahead.
"""

from dataclasses import dataclass

from thanthien.feedback.deadlines import CaseKind


@dataclass(frozen=True)
class Sender:
    """What the case knows about who sent it, without the identity itself."""

    is_anonymous: bool
    is_signed: bool
    has_name: bool
    has_address: bool
    has_contact: bool


# Law on Denunciations arts. 8(3), 56: nothing of a denunciation goes on a public page, not even its answer.
UNPUBLISHABLE_KINDS = frozenset({CaseKind.DENUNCIATION.value})


def may_publish(kind: str) -> bool:
    """Whether a case of `kind` may have its answer published: one rule for services, API, forms, admin."""
    return kind not in UNPUBLISHABLE_KINDS


def receipt_problem(kind: str, sender: Sender) -> str | None:
    """Return why a submission of `kind` cannot even be received, or None.

    A complaint names its complainant (the application carries name and address; Law on Complaints art. 8,
    not quoted in LAW.md: [C]). An anonymous
    denunciation is still received, as information (Law on Denunciations art. 25), but never accepted.
    """
    if kind == CaseKind.COMPLAINT and sender.is_anonymous:
        return "anonymous_complaint"
    if kind == CaseKind.COMPLAINT and not sender.has_name:
        return "no_name"
    return None


def acceptance_problem(kind: str, sender: Sender) -> str | None:
    """Return why a case of `kind` cannot be accepted (thụ lý), or None.

    Complaint: not signed or finger-printed is a ground for refusal (Law on Complaints art. 11).
    Denunciation: anonymous or false-name information is not handled as a denunciation (art. 25); the
    application carries the denouncer's name, address, means of contact and signature (arts. 23(1), 29(1)).
    """
    if kind == CaseKind.COMPLAINT:
        if sender.is_anonymous:
            return "anonymous_complaint"
        if not sender.is_signed:
            return "unsigned"
    if kind == CaseKind.DENUNCIATION:
        if sender.is_anonymous:
            return "anonymous_denunciation"
        if not sender.is_signed:
            return "unsigned"
        if not (sender.has_name and sender.has_address and sender.has_contact):
            return "incomplete_identity"
    return None
