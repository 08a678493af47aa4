"""The moments of the feedback services that other apps extend (core.hooks): letters drafts its letters here.

Each hook runs inside the service's transaction.
"""

from thanthien.core.hooks import Hook
from thanthien.feedback.models import SenderIdentity

# services.mark_useful_contribution, when the sender left a name: receivers draft a thank-you letter to the
# sender of `SenderIdentity.item` and return its reference ("letter:<pk>"), kept as `thanks_letter_ref`.
useful_contribution_marked: Hook[SenderIdentity, str] = Hook("feedback.useful_contribution_marked")
