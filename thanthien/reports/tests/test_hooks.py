"""The apps above reports add their sections and counts through reports.hooks (no import of theirs here)."""

from thanthien.planning.figures import overdue_tasks_of
from thanthien.reports import hooks
from thanthien.reports.figures import OWN_SECTIONS, all_sections


def test_planning_and_disclosure_register_their_sections_after_reports_own():
    names = list(all_sections())

    assert names[: len(OWN_SECTIONS)] == list(OWN_SECTIONS)
    assert set(names) - set(OWN_SECTIONS) == {"tasks", "supervision", "conduct", "disclosure"}


def test_planning_counts_the_overdue_tasks_of_a_leaders_day():
    assert hooks.overdue_tasks_counted.receivers == (overdue_tasks_of,)
