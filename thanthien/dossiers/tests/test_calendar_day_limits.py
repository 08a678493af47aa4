"""Procedures whose law counts plain "ngày" (calendar days) get calendar-day deadlines (issue #13, item 14).

Civil Code 2015 arts. 147–148 (LAW.md §1e): the first day is not counted, and a period whose last day is a
day off ends on the next working day.
"""

from datetime import date
from decimal import Decimal
from io import BytesIO, StringIO

import pytest
import time_machine
from django.core.management import call_command

from thanthien.core.workdays import CALENDAR_DAYS, WORKING_DAYS, package_calendar
from thanthien.dossiers import deadlines, services
from thanthien.dossiers.importing import import_dossier_file
from thanthien.dossiers.models import Dossier
from thanthien.dossiers.tests.factories import local, make_procedure, receive_at
from thanthien.dossiers.tests.test_importing import HEADER, csv_file, row
from thanthien.procedures import services as catalogue
from thanthien.procedures import spreadsheets as procedure_sheets
from thanthien.procedures.models import Procedure
from thanthien.procedures.templatetags.procedure_tags import time_limit

CALENDAR = package_calendar(2024, 2027)
Unit = Procedure.TimeLimitUnit


def test_thirty_calendar_days_from_2_march_2026_end_on_1_april_not_13_april():
    assert CALENDAR.add_days(date(2026, 3, 2), 30, CALENDAR_DAYS) == date(2026, 4, 1)
    assert CALENDAR.add_days(date(2026, 3, 2), 30, WORKING_DAYS) == date(2026, 4, 13)


def test_a_calendar_day_period_ending_on_a_weekend_ends_on_the_next_working_day():
    # 7/3/2026 is a Saturday: Civil Code art. 148 moves the end to Monday 9/3.
    assert CALENDAR.add_days(date(2026, 3, 2), 5, CALENDAR_DAYS) == date(2026, 3, 9)


def test_a_calendar_day_period_ending_on_a_holiday_ends_after_the_holidays():
    # 30/4 and 1/5/2026 are holidays, 2–3/5 a weekend: the period ends on Monday 4/5.
    assert CALENDAR.add_days(date(2026, 3, 31), 30, CALENDAR_DAYS) == date(2026, 5, 4)


def test_the_due_date_follows_the_procedures_unit():
    assert deadlines.due_date(date(2026, 3, 2), Decimal(30), CALENDAR, CALENDAR_DAYS) == date(2026, 4, 1)
    assert deadlines.due_date(date(2026, 3, 2), Decimal(30), CALENDAR, WORKING_DAYS) == date(2026, 4, 13)


def test_a_stopped_clock_of_a_calendar_day_limit_moves_by_calendar_days():
    # Stopped Friday 6/3, resumed Monday 9/3: three calendar days (7, 8, 9), not one working day.
    moved = deadlines.extend_for_stopped_clock(
        date(2026, 4, 1), date(2026, 3, 6), date(2026, 3, 9), CALENDAR, CALENDAR_DAYS
    )

    assert moved == date(2026, 4, 6)  # 1/4 + 3 = Saturday 4/4 → Monday 6/4


def test_an_unknown_unit_is_refused():
    with pytest.raises(ValueError, match="unknown unit"):
        CALENDAR.add_days(date(2026, 3, 2), 3, "fortnights")


@pytest.mark.django_db
def test_the_starter_catalogues_calendar_day_procedures_carry_the_unit_after_migrating():
    calendar_days = set(
        Procedure.objects.filter(time_limit_unit=Unit.CALENDAR_DAYS).values_list("code", flat=True)
    )

    assert calendar_days == {"XA-DD-01", "XA-NCN-01", "XA-TG-01", "XA-TG-02"}
    assert "Điều 235" in Procedure.objects.get(code="XA-DD-01").legal_basis
    assert "Điều 148" in Procedure.objects.get(code="XA-DD-01").legal_basis or "147–148" in (
        Procedure.objects.get(code="XA-DD-01").legal_basis
    )
    assert Procedure.objects.get(code="XA-HT-01").time_limit_unit == Unit.WORKING_DAYS


@pytest.mark.django_db
def test_a_land_dispute_received_on_2_march_2026_is_due_on_1_april(commune, officer):
    mediation = Procedure.objects.get(code="XA-DD-01")

    dossier = receive_at(local(2026, 3, 2, 9), commune, officer, procedure=mediation)

    assert dossier.statutory_due_on == dossier.due_on == date(2026, 4, 1)


@pytest.mark.django_db
def test_a_calendar_day_dossier_ready_after_its_calendar_due_date_counts_as_late(commune, officer):
    mediation = make_procedure(
        "TEST-DD", "Hòa giải tranh chấp đất đai (thử)", "30", time_limit_unit="calendar_days"
    )
    dossier = receive_at(local(2026, 3, 2, 9), commune, officer, procedure=mediation)
    services.hand_over(dossier, by=officer, receiver_office="Địa chính")

    with time_machine.travel(local(2026, 4, 10, 9), tick=False):
        services.mark_ready(dossier, by=officer)

    dossier.refresh_from_db()
    assert dossier.timeliness == Dossier.Timeliness.LATE  # 13/4 in working days would have made it early


@pytest.mark.django_db
def test_a_suggested_new_date_of_a_calendar_day_dossier_counts_calendar_days(commune, officer):
    religion = make_procedure(
        "TEST-TG", "Đăng ký sinh hoạt tôn giáo (thử)", "5", time_limit_unit="calendar_days"
    )
    dossier = receive_at(local(2026, 3, 2, 9), commune, officer, procedure=religion)  # due Sat 7/3 → Mon 9/3

    assert dossier.due_on == date(2026, 3, 9)
    assert services.suggested_new_date(dossier) == date(2026, 3, 16)  # 9/3 + 5 = Saturday 14/3 → Monday 16/3


@pytest.mark.django_db
def test_the_import_counts_a_calendar_day_procedure_in_calendar_days(commune, officer):
    make_procedure("TEST-NCN", "Đăng ký nuôi con nuôi (thử)", "30", time_limit_unit="calendar_days")
    rows = [HEADER, row(1, "H56.22-NCN", procedure="TEST-NCN", received="02/03/2026 09:00")]

    import_dossier_file(csv_file(*rows), commune=commune, by=officer, filename="ncn.csv")

    assert Dossier.objects.get(code="H56.22-NCN").due_on == date(2026, 4, 1)


def test_a_calendar_day_limit_reads_as_calendar_days():
    assert time_limit(Decimal(30), CALENDAR_DAYS) != time_limit(Decimal(30), WORKING_DAYS)
    assert "30" in time_limit(Decimal(30), CALENDAR_DAYS)


@pytest.mark.django_db
def test_the_catalogue_sheet_round_trips_the_unit(admin_user):
    sheet = procedure_sheets.export_procedures_xlsx(Procedure.objects.filter(code="XA-DD-01"))
    Procedure.objects.filter(code="XA-DD-01").update(time_limit_unit=Unit.WORKING_DAYS)

    report = catalogue.import_procedures_xlsx(BytesIO(sheet), by=admin_user)

    assert not report.errors
    assert Procedure.objects.get(code="XA-DD-01").time_limit_unit == Unit.CALENDAR_DAYS


@pytest.mark.django_db
def test_recounting_moves_a_dossier_counted_in_working_days_and_keeps_a_typed_date(commune, officer):
    mediation = make_procedure("TEST-DD2", "Hòa giải tranh chấp đất đai (thử)", "30")  # still working days
    counted = receive_at(local(2026, 3, 2, 9), commune, officer, procedure=mediation)
    typed = receive_at(local(2026, 3, 2, 10), commune, officer, procedure=mediation)
    Dossier.objects.filter(pk=typed.pk).update(statutory_due_on=date(2026, 4, 20), due_on=date(2026, 4, 20))
    services.hand_over(counted, by=officer, receiver_office="Địa chính")
    with time_machine.travel(local(2026, 4, 10, 9), tick=False):
        services.mark_ready(counted, by=officer)
    counted.refresh_from_db()
    assert counted.timeliness == Dossier.Timeliness.EARLY  # against 13/4, the working-day date
    Procedure.objects.filter(pk=mediation.pk).update(time_limit_unit=Unit.CALENDAR_DAYS)

    call_command("recount_due_dates", stdout=StringIO())
    recounted_again, _kept = services.recount_calendar_day_dossiers()

    counted.refresh_from_db()
    typed.refresh_from_db()
    assert counted.statutory_due_on == counted.due_on == date(2026, 4, 1)
    assert counted.timeliness == Dossier.Timeliness.LATE
    assert typed.statutory_due_on == date(2026, 4, 20)
    assert recounted_again == []  # safe to run twice
