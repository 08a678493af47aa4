"""The moments of the dossier services that other apps extend (core.hooks): letters drafts its letters here.

Each hook runs inside the service's transaction, after the dossier's own rows are written.
"""

from typing import Any, NamedTuple

from django.db.backends.base.base import BaseDatabaseWrapper

from thanthien.core.hooks import Hook
from thanthien.dossiers.models import Dossier, Postponement

# services.mark_ready: the result is ready (letters: congratulation or condolence letter).
dossier_ready: Hook[Dossier, Any] = Hook("dossiers.dossier_ready")
# services.issue_postponement: the apology slip is signed (letters: the apology letter).
postponement_issued: Hook[Postponement, Any] = Hook("dossiers.postponement_issued")


class SetWiseWrite(NamedTuple):
    """Dossiers written in bulk under core.kept_counts.counted_set_wise(): `rows` is an SQL query of them."""

    connection: BaseDatabaseWrapper
    rows: str


# importing (PostgreSQL): the row triggers stood aside; reports adds the new dossiers' counts set-wise.
written_set_wise: Hook[SetWiseWrite, None] = Hook("dossiers.written_set_wise")
