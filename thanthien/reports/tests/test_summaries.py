"""The pre-counted buckets (reports.summaries) give the same figures as counting the rows, whatever wrote
the rows and however long after they were received they changed."""

from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from thanthien.dossiers import services as dossier_services
from thanthien.dossiers.models import Dossier
from thanthien.dossiers.tests.factories import make_procedure
from thanthien.ratings import services as rating_services
from thanthien.ratings.models import Rating
from thanthien.reports import summaries
from thanthien.reports.figures import figures
from thanthien.reports.models import DossierCount, RatingCount

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PERIODS = [
    (date(2026, 1, 1), date(2026, 12, 31)),  # whole months only
    (date(2026, 1, 15), date(2026, 3, 10)),  # partial months at both ends, one whole month between
    (date(2026, 1, 31), date(2026, 1, 31)),  # one day
    (date(2026, 2, 1), date(2026, 2, 28)),  # one whole month
    (date(2026, 2, 2), date(2026, 3, 31)),  # a partial month, then a whole one
]
TODAY = date(2026, 4, 20)


def at(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=VN)


def receive(commune, officer, when: datetime, channel: str = "in_person") -> Dossier:
    with time_machine.travel(when, tick=False):
        return dossier_services.receive_dossier(
            commune,
            procedure=make_procedure(days="3"),
            applicant_name="Lê Thị Hoa",
            channel=channel,
            by=officer,
        )


def rate(commune, level: int, when: datetime) -> None:
    rating_services.record_rating(commune, level=level, channel="kiosk", rated_at=when)


def assert_buckets_agree_with_rows(*units) -> None:
    for unit in units:
        for date_from, date_to in PERIODS:
            bucketed = figures(unit, date_from, date_to, today=TODAY)
            live = figures(unit, date_from, date_to, today=TODAY, live=True)
            assert bucketed == live, (unit, date_from, date_to)


@pytest.fixture
def year(commune, other_commune, officer, leader):
    """Dossiers around the end of January (late evening and just after midnight, local time), in February
    and March; a few ratings on each side of a month's end."""
    late_evening = receive(commune, officer, at(1, 31, 23, 30))  # 16:30 UTC, 31/1 locally
    after_midnight = receive(commune, officer, at(2, 1, 0, 30), channel="online")  # still 31/1 in UTC
    receive(commune, officer, at(2, 16, 9), channel="at_home")
    receive(commune, officer, at(3, 2, 9))
    rate(commune, 4, at(1, 31, 22))
    rate(commune, 2, at(2, 1, 6))
    rate(commune, 3, at(3, 10, 23, 59))
    rate(other_commune, 1, at(2, 20, 8))
    return {"late_evening": late_evening, "after_midnight": after_midnight}


def test_each_row_counts_on_its_local_day_and_in_its_month(commune, year):
    january_31 = figures(commune, date(2026, 1, 31), date(2026, 1, 31), today=TODAY)
    february = figures(commune, date(2026, 2, 1), date(2026, 2, 28), today=TODAY)
    assert (january_31["dossiers"]["received"], february["dossiers"]["received"]) == (1, 2)
    assert (february["dossiers"]["online"], february["dossiers"]["home_service"]) == (1, 1)
    assert (january_31["ratings"]["total"], february["ratings"]["total"]) == (1, 1)
    buckets = DossierCount.objects.filter(commune=commune)
    assert buckets.get(day=date(2026, 2, 1), is_month=True).received == 2
    assert buckets.get(day=date(2026, 2, 1), is_month=False).received == 1


def test_a_dossier_that_changes_state_weeks_later_moves_within_the_day_it_was_received(
    commune, other_commune, province, officer, leader, year
):
    assert_buckets_agree_with_rows(commune, province, None)
    with time_machine.travel(at(2, 2, 10), tick=False):
        dossier_services.postpone_dossier(
            year["after_midnight"], by=leader, reason="Chờ xác minh của thôn.", new_due_date=date(2026, 4, 10)
        )
    with time_machine.travel(at(3, 20, 10), tick=False):
        dossier_services.mark_ready(year["late_evening"], by=officer)
        dossier_services.return_dossier(year["late_evening"], by=officer)

    january_31 = figures(commune, date(2026, 1, 31), date(2026, 1, 31), today=TODAY)["dossiers"]
    assert (january_31["returned"], january_31["in_progress"], january_31["late"]) == (1, 0, 1)
    february = figures(commune, date(2026, 2, 1), date(2026, 2, 28), today=TODAY)["dossiers"]
    assert (february["postponed"], february["in_progress"], february["overdue"]) == (1, 2, 2)
    assert_buckets_agree_with_rows(commune, other_commune, province, None)


def test_writes_that_bypass_the_services_keep_the_buckets_exact(commune, other_commune, province, year):
    moved = year["after_midnight"]
    Dossier.objects.filter(pk=moved.pk).update(
        commune=other_commune, received_at=at(3, 31, 23), status="rejected"
    )
    Rating.objects.filter(unit=commune, level=2).delete()
    Rating.objects.filter(unit=commune, level=3).update(rated_at=at(1, 14, 8))
    assert (
        figures(other_commune, date(2026, 3, 31), date(2026, 3, 31), today=TODAY)["dossiers"]["rejected"] == 1
    )
    assert_buckets_agree_with_rows(commune, other_commune, province, None)


def test_a_write_rolled_back_leaves_no_count_behind(commune, officer, year):
    before = figures(commune, *PERIODS[0], today=TODAY)
    travel = time_machine.travel(at(3, 20, 10), tick=False)
    with pytest.raises(RuntimeError), travel, transaction.atomic():
        dossier_services.mark_ready(year["late_evening"], by=officer)
        raise RuntimeError
    assert figures(commune, *PERIODS[0], today=TODAY) == before


def test_a_recount_rebuilds_the_same_buckets_the_triggers_kept(commune, officer, year):
    with time_machine.travel(at(3, 20, 10), tick=False):
        dossier_services.reject_dossier(year["late_evening"], by=officer, reasons="Thiếu giấy tờ.")

    def nonzero_buckets():
        dossiers = DossierCount.objects.exclude(received=0).order_by("commune", "day", "is_month")
        ratings = RatingCount.objects.exclude(total=0).order_by("unit", "day", "is_month", "level")
        return [
            list(dossiers.values_list(*["commune_id", "day", "is_month", *summaries.DOSSIERS.counts])),
            list(ratings.values_list(*["unit_id", "day", "is_month", "level", *summaries.RATINGS.counts])),
        ]

    kept = nonzero_buckets()
    summaries.recount(connection)
    assert nonzero_buckets() == kept
    call_command("recount_figures", stdout=StringIO())  # triggers dropped and made again, then a recount
    assert nonzero_buckets() == kept
    assert kept[0] and kept[1]


def test_the_triggers_made_again_keep_counting(commune, officer, year):
    call_command("recount_figures", stdout=StringIO())
    summaries.count_at_each_write(connection)  # made again in this uncommitted test: at commit, as new
    receive(commune, officer, at(2, 16, 15))
    assert figures(commune, date(2026, 2, 16), date(2026, 2, 16), today=TODAY)["dossiers"]["received"] == 2
    assert_buckets_agree_with_rows(commune)


def test_triggers_a_migration_dropped_come_back_after_migrate(commune, officer, year):
    summaries.uninstall(connection)
    assert not summaries.installed(connection)
    summaries.ensure_installed(using=connection.alias)  # what post_migrate runs
    assert summaries.installed(connection)
    summaries.count_at_each_write(connection)  # made again in this uncommitted test: at commit, as new
    receive(commune, officer, at(2, 16, 15))
    assert figures(commune, date(2026, 2, 16), date(2026, 2, 16), today=TODAY)["dossiers"]["received"] == 2


def test_figures_asked_in_another_time_zone_are_counted_from_the_rows(commune, year):
    with timezone.override(ZoneInfo("UTC")):
        january_31 = figures(commune, date(2026, 1, 31), date(2026, 1, 31), today=TODAY)
    assert january_31["dossiers"]["received"] == 2  # both are on 31/1 in UTC


def frozen_triggers(migration: str) -> dict:
    """The triggers' SQL frozen in a reports migration (`FROZEN`)."""
    import importlib

    return importlib.import_module(f"thanthien.reports.migrations.{migration}").FROZEN


def _concatenated(*frozen: dict) -> dict:
    """Each vendor's (drop, triggers, recount) of several migrations, one after the other."""
    return {
        vendor: tuple([s for one in frozen for s in one[vendor][part]] for part in range(3))
        for vendor in ("postgresql", "sqlite")
    }


def test_the_migration_holds_the_triggers_summaries_generates_now():
    """The triggers' SQL is frozen in migrations (a migration imports no app code): the communes' buckets
    in reports/0004 (functions replaced in 0006, triggers deferred in 0007), the country's letters in
    0008. When a counted condition (reports.predicates) or column changes, this fails until a new migration
    carries the new triggers."""
    import importlib

    from thanthien.reports import summaries

    communes = frozen_triggers("0004_keep_counts_by_triggers")
    functions = importlib.import_module(
        "thanthien.reports.migrations.0006_count_triggers_stand_aside_for_set_wise_writes"
    ).POSTGRESQL_FUNCTIONS
    at_commit = importlib.import_module("thanthien.reports.migrations.0007_count_triggers_fire_at_commit")
    replaced, deferred = (
        iter(functions),
        dict(zip(at_commit.AS_BEFORE, at_commit.POSTGRESQL_TRIGGERS, strict=True)),
    )
    function = "\nCREATE OR REPLACE FUNCTION"
    drop, triggers, recount = communes["postgresql"]
    # each function as 0006 replaced it, each row trigger as 0007 did
    triggers = [next(replaced) if s.startswith(function) else deferred.get(s, s) for s in triggers]
    communes = communes | {"postgresql": (drop, triggers, recount)}
    frozen = _concatenated(communes, frozen_triggers("0008_country_letter_counts"))
    for vendor, generate in (
        ("postgresql", summaries._postgresql_triggers),
        ("sqlite", summaries._sqlite_triggers),
    ):
        drop, triggers, recount = frozen[vendor]
        assert drop == [
            s for summary in summaries.SUMMARIES for s in summaries._drop_statements(summary, vendor)
        ]
        assert triggers == [s for summary in summaries.SUMMARIES for s in generate(summary)]
        assert recount == [
            s for summary in summaries.SUMMARIES for s in summaries._recount_statements(summary, vendor)
        ]


@pytest.mark.django_db
def test_recount_check_passes_on_counts_the_triggers_kept_and_fails_on_a_drifted_one(commune, officer):
    from django.core.management import CommandError, call_command

    from thanthien.dossiers import services as dossier_services
    from thanthien.dossiers.tests.factories import make_procedure
    from thanthien.reports.models import DossierCount

    procedure = make_procedure()
    for _ in range(3):
        dossier_services.receive_dossier(commune, procedure=procedure, applicant_name="An", by=officer)
    call_command("recount_figures", "--check")

    DossierCount.objects.filter(received__gt=0).update(received=99)
    with pytest.raises(CommandError, match="'DossierCount': 4"):
        call_command("recount_figures", "--check")


@pytest.mark.django_db(
    transaction=True, serialized_rollback=True
)  # the default rating scale is migrated data
def test_on_postgresql_a_writer_to_the_same_buckets_does_not_wait_for_an_open_transaction(commune):
    """Two kiosks rate the commune at the same level on the same day: the second commits while the first's
    transaction is still open (the buckets are upserted at each commit, not locked from the INSERT on),
    and once both have committed the buckets count both."""
    import threading

    if connection.vendor != "postgresql":
        pytest.skip(
            "PostgreSQL only: SQLite's triggers fire at once and it lets one writer at a time, "
            "so no open transaction can hold the buckets"
        )
    first_wrote, second_committed = threading.Event(), threading.Event()

    def first_kiosk() -> None:
        try:
            with transaction.atomic():
                rate(commune, 4, at(5, 4, 9))
                first_wrote.set()
                second_committed.wait(timeout=5)  # with the buckets locked, the second would wait here
        finally:
            connection.close()

    def second_kiosk() -> None:
        try:
            first_wrote.wait(timeout=5)
            rate(commune, 4, at(5, 4, 10))
            second_committed.set()
        finally:
            connection.close()

    threads = [threading.Thread(target=first_kiosk), threading.Thread(target=second_kiosk)]
    for thread in threads:
        thread.start()
    second_committed_in_time = second_committed.wait(timeout=4)
    for thread in threads:
        thread.join()

    assert second_committed_in_time
    day = RatingCount.objects.get(unit=commune, level=4, day=date(2026, 5, 4), is_month=False)
    assert day.total == 2
    call_command("recount_figures", "--check")
