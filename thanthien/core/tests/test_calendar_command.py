"""The calendar in force (package + pre-filled adjustments) and the `workdays` command that prints it."""

import importlib
from datetime import date
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation

from thanthien.core.calendars import FIRST_YEAR, LAST_YEAR, default_calendar, forget_calendar
from thanthien.core.models import CalendarAdjustment
from thanthien.core.workdays import announced_make_up_days
from thanthien.units.models import User

pytestmark = pytest.mark.django_db


def workdays(*args: str) -> str:
    out = StringIO()
    call_command("workdays", *args, stdout=out)
    return out.getvalue().strip()


@pytest.fixture(autouse=True)
def _english():
    # The messages are checked by their English msgids; Vietnamese comes from the .po file.
    with translation.override("en"):
        yield


# --- The pre-filled table ------------------------------------------------------------------------------


def test_the_migration_fills_the_announced_make_up_saturdays():
    rows = CalendarAdjustment.objects.filter(
        date__in=[date(2024, 5, 4), date(2025, 4, 26), date(2026, 8, 22)]
    )

    assert {row.kind for row in rows} == {CalendarAdjustment.Kind.WORKING_DAY}
    assert {row.name for row in rows} == {
        "Làm bù cho ngày nghỉ 29/04/2024",
        "Làm bù cho ngày nghỉ 02/05/2025",
        "Làm bù cho ngày nghỉ 31/08/2026",
    }
    assert all(row.legal_basis for row in rows)


def test_every_make_up_day_the_package_names_is_in_the_table():
    named = set(announced_make_up_days(range(FIRST_YEAR, LAST_YEAR + 1)))

    kept = set(
        CalendarAdjustment.objects.filter(kind=CalendarAdjustment.Kind.WORKING_DAY).values_list(
            "date", flat=True
        )
    )

    assert named <= kept, "the package names a new swap: add its Saturday in a new data migration"


def test_running_the_fill_again_keeps_the_rows_an_administrator_edited():
    migration = importlib.import_module("thanthien.core.migrations.0002_fill_calendar_adjustments")
    CalendarAdjustment.objects.filter(date=date(2026, 8, 22)).update(legal_basis="Thông báo số 123/TB-BNV")
    count = CalendarAdjustment.objects.count()

    migration.forward(apps, None)

    assert CalendarAdjustment.objects.count() == count
    assert CalendarAdjustment.objects.get(date=date(2026, 8, 22)).legal_basis == "Thông báo số 123/TB-BNV"


def test_new_year_2026_swaps_friday_the_second_for_saturday_the_tenth():
    calendar = default_calendar()

    assert not calendar.is_working_day(date(2026, 1, 2))
    assert calendar.is_working_day(date(2026, 1, 10))
    assert calendar.add_working_days(date(2025, 12, 31), 1) == date(2026, 1, 5)


# --- The calendar in force -----------------------------------------------------------------------------


def test_the_make_up_saturday_before_national_day_2026_is_a_working_day():
    calendar = default_calendar()

    assert calendar.is_working_day(date(2026, 8, 22))
    assert not calendar.is_working_day(date(2026, 8, 31))
    assert calendar.add_working_days(date(2026, 8, 21), 1) == date(2026, 8, 22)


def test_an_extra_day_off_counts_once_the_cached_calendar_is_forgotten():
    assert workdays("add", "2026-03-05", "1") == "2026-03-06"
    CalendarAdjustment.objects.create(
        date=date(2026, 3, 6), kind=CalendarAdjustment.Kind.DAY_OFF, name="Nghỉ bầu cử bổ sung"
    )

    forget_calendar()

    assert workdays("add", "2026-03-05", "1") == "2026-03-09"


def test_an_extra_day_off_added_in_the_admin_changes_the_answer(client):
    admin = User.objects.create_superuser(username="quantri", password="mật-khẩu-thử-1")
    client.force_login(admin)
    assert workdays("between", "2026-03-05", "2026-03-10") == "3"  # the calendar is now cached

    response = client.post(
        reverse("admin:core_calendaradjustment_add"),
        {
            "date": "2026-03-09",
            "kind": CalendarAdjustment.Kind.DAY_OFF,
            "name": "Nghỉ lễ hội Đền Hùng của xã",
            "legal_basis": "Quyết định của Chủ tịch UBND tỉnh",
        },
    )

    assert response.status_code == 302
    assert workdays("between", "2026-03-05", "2026-03-10") == "2"
    assert workdays("is", "2026-03-09") == "no (extra day off: Nghỉ lễ hội Đền Hùng của xã)"


# --- The command ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        ("2026-02-13", "3", "2026-02-25"),  # Tết Bính Ngọ 16-20/02
        ("2026-04-24", "1", "2026-04-28"),  # Giỗ Tổ on Sunday 26/04, taken on Monday 27/04
        ("2026-04-29", "1", "2026-05-04"),  # 30/4 and 1/5
        ("2026-08-21", "1", "2026-08-22"),  # the make-up Saturday
        ("2026-08-28", "1", "2026-09-03"),  # 31/08 given off, then 1-2/09
        ("2026-11-23", "1", "2026-11-25"),  # Vietnamese Culture Day
        ("2025-04-29", "1", "2025-05-05"),  # 30/4, 1/5, and 2/5 given off for Saturday 26/04
        ("2026-02-16", "0", "2026-02-16"),
    ],
)
def test_add_prints_the_due_date(start, days, due):
    assert workdays("add", start, days) == due


@pytest.mark.parametrize(
    ("start", "end", "count"),
    [
        ("2026-02-13", "2026-02-25", "3"),
        ("2026-08-21", "2026-09-04", "8"),
        ("2026-02-25", "2026-02-13", "-3"),
    ],
)
def test_between_prints_the_number_of_working_days(start, end, count):
    assert workdays("between", start, end) == count


@pytest.mark.parametrize(
    ("day", "answer"),
    [
        ("2026-03-02", "yes (working day)"),
        ("2026-08-22", "yes (make-up working day: Làm bù cho ngày nghỉ 31/08/2026)"),
        ("2026-08-29", "no (weekend: Saturday)"),
        ("2026-11-24", "no (public holiday: Vietnam Cultural Day)"),
        ("2026-04-27", "no (public holiday: Hung Kings' Commemoration Day (observed))"),
    ],
)
def test_is_answers_yes_or_no_with_the_reason(day, answer):
    assert workdays("is", day) == answer


def test_is_names_the_holiday_in_vietnamese_when_vietnamese_is_active():
    with translation.override("vi"):
        answer = workdays("is", "2026-02-17")

    assert answer.startswith("no (")
    assert answer.endswith(": Tết Nguyên Đán)")


@pytest.mark.parametrize("value", ["13/02/2026", "2026-02-30", "20260213", "hôm nay"])
def test_a_badly_written_date_is_refused_with_the_expected_form(value):
    with pytest.raises(CommandError, match="write it as YYYY-MM-DD"):
        workdays("add", value, "3")


def test_a_badly_written_date_is_explained_in_vietnamese():
    with translation.override("vi"), pytest.raises(CommandError) as error:
        workdays("is", "31-12-2026")

    assert "31-12-2026" in str(error.value)
    assert "YYYY-MM-DD" in str(error.value)


@pytest.mark.parametrize("value", ["-1", "ba", "2.5"])
def test_a_number_of_days_that_is_not_a_whole_number_from_zero_is_refused(value):
    with pytest.raises(CommandError, match="whole number"):
        workdays("add", "2026-02-13", value)


def test_a_date_outside_the_years_the_calendar_knows_is_refused():
    with pytest.raises(CommandError, match="2015 to 2040"):
        workdays("between", "2026-01-01", "2041-01-01")


def test_a_due_date_past_the_end_of_the_calendar_is_refused():
    with pytest.raises(CommandError, match="2040-12-31"):
        workdays("add", "2040-12-01", "100")


def test_an_unknown_question_is_refused():
    with pytest.raises(CommandError):
        workdays("when", "2026-02-13")


def test_adding_calendar_days_follows_the_civil_code(db):
    out = StringIO()

    call_command("workdays", "add", "2026-03-02", "30", "--calendar-days", stdout=out)

    assert out.getvalue().strip() == "2026-04-01"
