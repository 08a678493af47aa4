"""The figures of the daily dashboard, read from the recorded data (nothing typed by hand)."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from thanthien.dossiers import queries
from thanthien.dossiers.permissions import visible_dossiers


@dataclass(frozen=True)
class DeskFigures:
    late_without_slip: int
    at_risk: int
    due_today: int
    received_today: int
    waiting_for_supplements: int


def desk_figures(user: Any, today: date) -> DeskFigures:
    """Return today's one-stop figures over the dossiers the user may see."""
    dossiers = visible_dossiers(user)
    return DeskFigures(
        late_without_slip=queries.late_without_slip(dossiers, today).count(),
        at_risk=queries.with_draft_slip(dossiers).count(),
        due_today=queries.due_on(dossiers, today).count(),
        received_today=queries.received_on(dossiers, today).count(),
        waiting_for_supplements=queries.waiting_for_supplements(dossiers).count(),
    )
