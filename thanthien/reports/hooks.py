"""What the apps above reports (planning, disclosure) add to its figures and to a leader's day (core.hooks).

Reports counts what lies below it and is told of what lies above (STYLE §1): planning and disclosure show
reports' figures on their pages, so reports must not import them. Each registers here from its
`AppConfig.ready()`, as letters registers with the dossier services.
"""

from collections.abc import Callable
from datetime import date
from typing import Any

from thanthien.core.hooks import Hook
from thanthien.units.models import User

# A section of reports.figures: the period (reports.figures.Period) → the section's counts.
Section = Callable[[Any], dict[str, Any]]
SECTIONS_ABOVE: dict[str, Section] = {}


def register_section(name: str, count: Section) -> None:
    """Add a section of the figures, counted like reports' own; registering a name twice keeps the first."""
    SECTIONS_ABOVE.setdefault(name, count)


# dashboard.leader_today: the user and today → tasks past their due date the user may see (planning).
overdue_tasks_counted: Hook[tuple[User, date], int] = Hook("reports.overdue_tasks_counted")
