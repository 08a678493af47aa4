"""The transparency board (bảng thông tin công khai): a commune's figures of this month and this year,
taken from reports.figures (never recounted here), with no personal data, cached briefly."""

from datetime import date
from typing import Any

from django.core.cache import cache

from thanthien.reception.models import ReceptionSession
from thanthien.reports.figures import figures
from thanthien.units.models import Unit

CACHE_SECONDS = 60
# The sections of reports.figures the board shows: counts only, nothing that names anyone.
SECTIONS = ("dossiers", "ratings", "feedback", "petitions", "reception", "dialogues", "disclosure")


def periods(today: date) -> dict[str, tuple[date, date]]:
    return {"month": (today.replace(day=1), today), "year": (today.replace(month=1, day=1), today)}


def board_figures(commune: Unit, today: date) -> dict[str, Any]:
    """Return the board of a commune: per period its days and the sections of the figures; the next
    reception session (day, time, place). Cached for CACHE_SECONDS per commune and day."""
    key = f"disclosure-board:{commune.pk}:{today.isoformat()}"
    board = cache.get(key)
    if board is None:
        board = {"commune": commune.code, "name": commune.name, "today": today}
        for name, (first, last) in periods(today).items():
            counted = figures(commune, first, last, today=today)
            board[name] = {"date_from": first, "date_to": last} | {s: counted[s] for s in SECTIONS}
        board["next_reception"] = next_reception(commune, today)
        cache.set(key, board, CACHE_SECONDS)
    return board


def next_reception(commune: Unit, today: date) -> dict[str, Any] | None:
    session = (
        ReceptionSession.objects.filter(
            commune=commune, held_on__gte=today, status=ReceptionSession.Status.PLANNED
        )
        .order_by("held_on", "starts_at")
        .values("held_on", "starts_at", "ends_at", "place")
        .first()
    )
    return dict(session) if session else None


def csv_rows(board: dict[str, Any]) -> list[list[Any]]:
    """The board as open data: section, figure, this month, this year (nested figures flattened)."""
    rows: list[list[Any]] = [["section", "figure", "month", "year"]]
    for section in SECTIONS:
        month, year = _flat(board["month"][section]), _flat(board["year"][section])
        rows += [[section, key, month[key], year.get(key)] for key in month]
    return rows


def _flat(values: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in values.items():
        if isinstance(value, dict):
            flat |= _flat(value, f"{prefix}{key}.")
        else:
            flat[f"{prefix}{key}"] = "" if value is None else value
    return flat
