"""The data migration's rows give the same due dates as the law written out by hand, on either database."""

from datetime import date

import pytest

from thanthien.core.calendars import default_calendar
from thanthien.feedback import deadlines
from thanthien.feedback.models import LegalTimeLimit
from thanthien.feedback.services import limits_on
from thanthien.feedback.tests.law import CASES, LAW_ROWS
from thanthien.feedback.tests.test_deadlines import facts_for

pytestmark = pytest.mark.django_db


def test_the_migration_fills_the_limits_of_law_md_with_their_dates():
    rows = {
        (r.case_kind, r.step, r.instance, r.area, r.valid_from): r.days for r in LegalTimeLimit.objects.all()
    }

    assert rows == {(r.case_kind, r.step, r.instance, r.area, r.valid_from): r.days for r in LAW_ROWS}
    in_2026 = LegalTimeLimit.objects.filter(valid_from=date(2026, 7, 1))
    assert set(in_2026.values_list("certainty", flat=True)) == {"B-"}  # Decree 155/2026, third-party copy
    assert not LegalTimeLimit.objects.filter(legal_basis="").exists()


@pytest.mark.parametrize(
    ("what", "kind", "step", "start", "extra", "expected"), CASES, ids=[c[0] for c in CASES]
)
def test_the_rows_and_the_default_calendar_give_the_hand_computed_dates(
    what, kind, step, start, extra, expected
):
    facts = facts_for(kind, step, start, dict(extra))

    dates = deadlines.due_dates(facts, limits_on(facts.received_on), default_calendar())

    assert getattr(dates, step) == expected


def test_an_administrator_changing_a_row_changes_new_cases_only_from_its_date():
    LegalTimeLimit.objects.create(
        case_kind="denunciation",
        step="initial_handling",
        days=6,
        counting="working_days",
        valid_from=date(2027, 1, 1),
        legal_basis="Thử nghiệm",
        certainty="C",
    )

    assert limits_on(date(2026, 12, 31)).get("denunciation", "initial_handling").days == 7
    assert limits_on(date(2027, 1, 1)).get("denunciation", "initial_handling").days == 6
