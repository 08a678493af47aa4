"""The legal time limits written out by hand from LAW.md §1a–§1c, and the 2026 calendar, for pure tests."""

from datetime import date

from thanthien.core.workdays import WorkCalendar, package_calendar
from thanthien.feedback.deadlines import LimitRow

WD, CD = "working_days", "calendar_days"
OLD, NEW = date(2012, 7, 1), date(2026, 7, 1)
TC, TCD = date(2019, 1, 1), date(2014, 7, 1)


def row(
    kind: str, step: str, days: int, counting: str, valid_from: date, instance: str = "", **extra
) -> LimitRow:
    return LimitRow(kind, step, days, counting, valid_from, instance=instance, **extra)


LAW_ROWS = [
    row("complaint", "accept", 10, WD, OLD, "first"),
    row("complaint", "accept", 10, WD, OLD, "second"),
    row("complaint", "accept", 7, WD, NEW, "first"),  # Decree 155/2026 [B-]
    row("complaint", "accept", 7, WD, NEW, "second"),
    row("complaint", "resolve", 30, CD, OLD, "first"),
    row("complaint", "resolve_complex", 45, CD, OLD, "first"),
    row("complaint", "resolve", 45, CD, OLD, "first", area="remote"),
    row("complaint", "resolve_complex", 60, CD, OLD, "first", area="remote"),
    row("complaint", "resolve", 45, CD, OLD, "second"),
    row("complaint", "resolve_complex", 60, CD, OLD, "second"),
    row("complaint", "resolve", 60, CD, OLD, "second", area="remote"),
    row("complaint", "resolve_complex", 70, CD, OLD, "second", area="remote"),
    row("complaint", "send_decision", 3, WD, OLD, "first"),
    row("complaint", "complain_again", 30, CD, OLD, "first"),  # art. 33
    row("complaint", "complain_again", 45, CD, OLD, "first", area="remote"),
    row("complaint", "dialogue_notice", 5, CD, NEW, "first"),  # Decree 155/2026 [B-]
    row("complaint", "dialogue_notice", 5, CD, NEW, "second"),
    row("denunciation", "initial_handling", 7, WD, TC),
    row("denunciation", "initial_handling_extended", 10, WD, TC),
    row("denunciation", "forward", 5, WD, TC),
    row("denunciation", "notify", 5, WD, TC),
    row("denunciation", "resolve", 30, CD, TC),
    row("denunciation", "extension", 30, CD, TC, repeats=2),
    row("reception", "answer_visitor", 10, WD, TCD),
    row("feedback", "answer", 10, WD, TCD),
]


def calendar_2026() -> WorkCalendar:
    """The package's holidays for 2025–2027, plus the New Year 2026 swap kept in core's adjustments table."""
    base = package_calendar(2025, 2027)
    return WorkCalendar(
        holidays=base.holidays,
        extra_working_days=base.extra_working_days | {date(2026, 1, 10)},
        extra_days_off=frozenset({date(2026, 1, 2)}),
    )


# (what, facts, expected due dates), each computed by hand from LAW.md and the 2026 calendar:
# Tết 14–22/02/2026 (16–20 off), Hùng Kings 26/04 (Sunday) observed 27/04, 30/04, 01/05, 31/08 off for
# Saturday 22/08 worked, 01–02/09, 24/11 (Culture Day), 01/01/2027; 02/01/2026 off for Saturday 10/01.
CASES = [
    # Complaint acceptance, 10 working days (Law on Complaints art. 27; Circular 07/2013 art. 5).
    (
        "complaint received 30/06/2026 keeps 10 working days",
        "complaint",
        "accept",
        date(2026, 6, 30),
        {},
        date(2026, 7, 14),
    ),
    (
        "complaint received 01/07/2026 gets 7 working days (Decree 155/2026)",
        "complaint",
        "accept",
        date(2026, 7, 1),
        {},
        date(2026, 7, 10),
    ),
    (
        "complaint received before Tết waits out the holiday",
        "complaint",
        "accept",
        date(2026, 2, 13),
        {},
        date(2026, 3, 6),
    ),
    (
        "second-instance complaint, 10 working days before 1/7/2026",
        "complaint",
        "accept",
        date(2026, 2, 13),
        {"instance": "second"},
        date(2026, 3, 6),
    ),
    # Complaint resolution, calendar days from acceptance, Civil Code end rule (arts. 28, 37).
    (
        "30 days ending on Sunday 05/04/2026 move to Monday",
        "complaint",
        "resolve",
        date(2026, 3, 6),
        {},
        date(2026, 4, 6),
    ),
    (
        "30 days ending on Hùng Kings' day (Sunday 26/04, observed Monday 27/04) move to Tuesday",
        "complaint",
        "resolve",
        date(2026, 3, 27),
        {},
        date(2026, 4, 28),
    ),
    (
        "complex: 45 days end on 19/02/2026, in Tết, and move to Monday 23/02",
        "complaint",
        "resolve",
        date(2026, 1, 5),
        {"is_complex": True},
        date(2026, 2, 23),
    ),
    (
        "remote area: 45 days",
        "complaint",
        "resolve",
        date(2026, 1, 5),
        {"is_remote_area": True},
        date(2026, 2, 23),
    ),
    (
        "remote area, complex: 60 days",
        "complaint",
        "resolve",
        date(2026, 1, 5),
        {"is_remote_area": True, "is_complex": True},
        date(2026, 3, 6),
    ),
    (
        "second instance: 45 days",
        "complaint",
        "resolve",
        date(2026, 1, 5),
        {"instance": "second"},
        date(2026, 2, 23),
    ),
    (
        "second instance, complex: 60 days",
        "complaint",
        "resolve",
        date(2026, 1, 5),
        {"instance": "second", "is_complex": True},
        date(2026, 3, 6),
    ),
    (
        "second instance, remote: 60 days",
        "complaint",
        "resolve",
        date(2026, 1, 5),
        {"instance": "second", "is_remote_area": True},
        date(2026, 3, 6),
    ),
    (
        "second instance, remote and complex: 70 days",
        "complaint",
        "resolve",
        date(2026, 1, 5),
        {"instance": "second", "is_remote_area": True, "is_complex": True},
        date(2026, 3, 16),
    ),
    (
        "a complaint's extension is the complex period",
        "complaint",
        "resolve",
        date(2026, 1, 5),
        {"extensions": 1},
        date(2026, 2, 23),
    ),
    # Denunciations (Law on Denunciations arts. 24, 29, 30).
    (
        "initial handling: 7 working days across the National Day break",
        "denunciation",
        "accept",
        date(2026, 8, 24),
        {},
        date(2026, 9, 7),
    ),
    (
        "initial handling verified at several places: 10 working days",
        "denunciation",
        "accept",
        date(2026, 8, 24),
        {"is_initial_handling_extended": True},
        date(2026, 9, 10),
    ),
    (
        "forward within 5 working days; Saturday 22/08/2026 is worked",
        "denunciation",
        "forward",
        date(2026, 8, 21),
        {},
        date(2026, 8, 27),
    ),
    (
        "notify within 5 working days; 24/11/2026 is Culture Day",
        "denunciation",
        "notify",
        date(2026, 11, 19),
        {},
        date(2026, 11, 27),
    ),
    ("resolve within 30 days", "denunciation", "resolve", date(2026, 11, 2), {}, date(2026, 12, 2)),
    (
        "one extension: 60 days end on New Year's Day 2027 and move to Monday 04/01",
        "denunciation",
        "resolve",
        date(2026, 11, 2),
        {"extensions": 1},
        date(2027, 1, 4),
    ),
    (
        "two extensions: 90 days end on Sunday 31/01/2027, move to Monday",
        "denunciation",
        "resolve",
        date(2026, 11, 2),
        {"extensions": 2},
        date(2027, 2, 1),
    ),
    # Citizen reception (Law on Citizen Reception art. 28(1)).
    (
        "answer the visitor within 10 working days; 02/01 off, Saturday 10/01 worked",
        "reception",
        "accept",
        date(2025, 12, 31),
        {},
        date(2026, 1, 15),
    ),
    (
        "a reflection is answered within 10 working days ([C])",
        "feedback",
        "accept",
        date(2025, 12, 31),
        {},
        date(2026, 1, 15),
    ),
]
