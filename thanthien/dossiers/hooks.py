"""The moments of the dossier services that other apps extend (core.hooks): letters drafts its letters here.

Each hook runs inside the service's transaction, after the dossier's own rows are written.
"""

from typing import Any

from thanthien.core.hooks import Hook
from thanthien.dossiers.models import Dossier, Postponement

# services.mark_ready: the result is ready (letters: congratulation or condolence letter).
dossier_ready: Hook[Dossier, Any] = Hook("dossiers.dossier_ready")
# services.issue_postponement: the apology slip is signed (letters: the apology letter).
postponement_issued: Hook[Postponement, Any] = Hook("dossiers.postponement_issued")
