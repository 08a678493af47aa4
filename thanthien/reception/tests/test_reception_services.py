"""The schedule made from rules, the reception log's numbers, the answer within 10 working days, petitions."""

import threading
from datetime import date, time

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from thanthien.core.models import AuditEvent
from thanthien.feedback.models import FeedbackItem, LegalTimeLimit, SenderIdentity
from thanthien.reception import queries, services
from thanthien.reception.models import ReceptionRecord, ReceptionSession
from thanthien.reception.tests.conftest import make_session, write_entry
from thanthien.units.models import Role

pytestmark = pytest.mark.django_db
THURSDAY = 3


def add_thursday_rule(commune, leader, chairman, **extra):
    values = {
        "leader": chairman,
        "capacity": "chairman",
        "frequency": "weekly",
        "weekdays": [THURSDAY],
        "place": "Phòng tiếp công dân, trụ sở UBND xã",
        "starts_at": time(7, 30),
        "ends_at": time(11, 0),
        "valid_from": date(2026, 1, 1),
    }
    return services.add_reception_rule(commune, by=leader, **{**values, **extra})


def test_generating_september_2027_twice_makes_each_session_once_moved_off_national_day(
    commune, leader, chairman
):
    add_thursday_rule(commune, leader, chairman)

    first = services.generate_sessions(commune, by=leader, first=date(2027, 9, 1), last=date(2027, 9, 30))
    again = services.generate_sessions(commune, by=leader, first=date(2027, 8, 15), last=date(2027, 9, 30))

    days = list(ReceptionSession.objects.filter(held_on__month=9).values_list("planned_on", "held_on"))
    assert len(first) == 5
    assert [s.held_on for s in again] == [date(2027, 8, 19), date(2027, 8, 26)]
    assert days[0] == (date(2027, 9, 2), date(2027, 9, 6))
    assert [held for _planned, held in days[1:]] == [
        date(2027, 9, 9),
        date(2027, 9, 16),
        date(2027, 9, 23),
        date(2027, 9, 30),
    ]


def test_generating_up_to_tet_then_after_it_does_not_double_the_thursday_after_tet(commune, leader, chairman):
    add_thursday_rule(commune, leader, chairman)

    services.generate_sessions(commune, by=leader, first=date(2027, 2, 1), last=date(2027, 2, 4))
    services.generate_sessions(commune, by=leader, first=date(2027, 2, 5), last=date(2027, 2, 28))

    assert list(ReceptionSession.objects.values_list("held_on", flat=True)) == [
        date(2027, 2, 11),
        date(2027, 2, 18),
        date(2027, 2, 25),
    ]


def test_a_schedule_without_the_chairman_is_warned_about_and_a_thursday_rule_clears_it(
    commune, leader, chairman, secretary
):
    services.add_reception_rule(
        commune,
        by=leader,
        leader=secretary,
        capacity="party_secretary",
        frequency="monthly",
        month_days=[10, 25],
        place="Hội trường Đảng ủy",
        starts_at=time(8),
        ends_at=time(11),
        valid_from=date(2026, 1, 1),
    )
    services.generate_sessions(commune, by=leader, first=date(2026, 10, 1), last=date(2026, 10, 31))

    before = queries.reception_gaps(commune, date(2026, 10, 1), date(2026, 10, 31))
    add_thursday_rule(commune, leader, chairman)
    services.generate_sessions(commune, by=leader, first=date(2026, 10, 1), last=date(2026, 10, 31))
    after = queries.reception_gaps(commune, date(2026, 10, 1), date(2026, 10, 31))

    # The whole weeks of October 2026; the secretary's days do not count for the chairman.
    assert [gap.shortfall.first for gap in before] == [
        date(2026, 10, 5),
        date(2026, 10, 12),
        date(2026, 10, 19),
    ]
    assert before[0].duty.legal_basis.startswith("Luật Tiếp công dân 2013")
    assert after == []


def test_the_duty_is_data_an_administrator_can_change(commune, leader, chairman):
    from thanthien.reception.models import MeetingDuty

    add_thursday_rule(commune, leader, chairman)
    services.generate_sessions(commune, by=leader, first=date(2026, 10, 1), last=date(2026, 10, 31))
    MeetingDuty.objects.create(
        kind="reception",
        capacity="chairman",
        times=2,
        period="week",
        valid_from=date(2026, 10, 1),
        legal_basis="Quy định thử",
    )

    gaps = queries.reception_gaps(commune, date(2026, 10, 5), date(2026, 10, 11))

    assert [(gap.shortfall.held, gap.shortfall.required) for gap in gaps] == [(1, 2)]


def test_only_a_leader_or_administrator_issues_the_schedule(commune, officer, chairman):
    with pytest.raises(PermissionDenied):
        add_thursday_rule(commune, officer, chairman)


def test_a_rule_with_no_day_is_refused_in_vietnamese_and_nothing_is_kept(commune, leader, chairman):
    with pytest.raises(ValidationError) as error:
        add_thursday_rule(commune, leader, chairman, weekdays=[])

    assert error.value.messages == [
        "Hãy chọn các ngày trong tuần hoặc các ngày trong tháng lãnh đạo tiếp công dân."
    ]
    assert not commune.reception_rules.exists()


@time_machine.travel(date(2026, 9, 20))
def test_entries_are_numbered_from_1_each_year_per_commune(commune, other_commune, leader, officer, chairman):
    from thanthien.units.models import Official

    late_2025 = make_session(commune, chairman, date(2025, 12, 30))
    this_year = make_session(commune, chairman, date(2026, 9, 17))
    other_chairman = Official.objects.create(unit=other_commune, full_name="Phạm Văn Xuân", title="Chủ tịch")
    elsewhere = make_session(other_commune, other_chairman, date(2026, 9, 17))
    from conftest import make_person

    other_leader = make_person("chutich_hx", other_commune, Role.LEADER)

    numbers = [
        str(write_entry(late_2025, leader)),
        str(write_entry(this_year, officer)),
        str(write_entry(this_year, leader)),
        str(write_entry(elsewhere, other_leader)),
        str(write_entry(late_2025, officer)),
    ]

    assert numbers == ["01/2025", "01/2026", "02/2026", "01/2026", "02/2025"]
    assert ReceptionSession.objects.get(pk=this_year.pk).status == "held"


@time_machine.travel(date(2026, 9, 20))
def test_a_refused_entry_takes_no_number(commune, leader, chairman):
    session = make_session(commune, chairman, date(2026, 9, 17))
    write_entry(session, leader)

    with pytest.raises(ValidationError):
        write_entry(session, leader, visitor_name=" ")
    third = write_entry(session, leader)

    assert str(third) == "02/2026"


@time_machine.travel(date(2026, 9, 20))
def test_the_answer_is_due_10_working_days_after_the_visit_across_national_day(commune, leader, chairman):
    # Thursday 27/8/2026; Monday 31/8 off (for Saturday 22/8), 1–2/9 National Day:
    # 28/8 (1), 3/9 (2), 4 (3), 7 (4), 8 (5), 9 (6), 10 (7), 11 (8), 14 (9), 15/9 (10).
    record = write_entry(make_session(commune, chairman, date(2026, 8, 27)), leader)

    assert record.answer_due_on == date(2026, 9, 15)
    assert record.is_answer_overdue(date(2026, 9, 15)) is False
    assert record.is_answer_overdue(date(2026, 9, 16)) is True


@time_machine.travel(date(2026, 9, 20))
def test_the_answer_limit_comes_from_the_feedback_apps_table(commune, leader, chairman):
    LegalTimeLimit.objects.filter(case_kind="reception", step="answer_visitor").update(days=5)

    record = write_entry(make_session(commune, chairman, date(2026, 8, 27)), leader)

    assert record.answer_due_on == date(2026, 9, 8)  # 28/8, 3/9, 4/9, 7/9, 8/9


@time_machine.travel(date(2026, 9, 20))
def test_an_answer_after_the_due_date_stays_late_and_a_missing_one_is_listed(commune, leader, chairman):
    session = make_session(commune, chairman, date(2026, 8, 27))
    on_time, late, unanswered = (write_entry(session, leader) for _ in range(3))

    services.answer_visitor(on_time, by=leader, answer="accepted", answered_on=date(2026, 9, 15))
    services.answer_visitor(late, by=leader, answer="forwarded", answered_on=date(2026, 9, 18))

    on_time.refresh_from_db()
    late.refresh_from_db()
    assert on_time.is_answer_overdue(date(2026, 9, 20)) is False
    assert late.is_answer_overdue(date(2026, 9, 20)) is True
    overdue = queries.overdue_answers(ReceptionRecord.objects.all(), date(2026, 9, 20))
    assert list(overdue) == [unanswered]


@time_machine.travel(date(2026, 9, 20))
def test_an_answer_in_the_future_or_before_the_visit_is_refused(commune, leader, chairman):
    record = write_entry(make_session(commune, chairman, date(2026, 8, 27)), leader)

    for day in (date(2026, 8, 26), date(2026, 9, 21)):
        with pytest.raises(ValidationError):
            services.answer_visitor(record, by=leader, answer="accepted", answered_on=day)


@time_machine.travel(date(2026, 9, 20))
def test_mixed_content_is_split_into_an_entry_of_its_own_kind_with_the_next_number(commune, leader, chairman):
    session = make_session(commune, chairman, date(2026, 9, 17))
    record = write_entry(
        session,
        leader,
        kind="complaint",
        content="Khiếu nại quyết định thu hồi đất; tố cáo cán bộ địa chính nhận tiền",
    )

    part = services.split_reception_entry(
        record,
        by=leader,
        kind="denunciation",
        content="Tố cáo cán bộ địa chính nhận tiền",
        remaining_content="Khiếu nại quyết định thu hồi đất",
    )

    record.refresh_from_db()
    assert (str(record), record.kind, record.content) == (
        "01/2026",
        "complaint",
        "Khiếu nại quyết định thu hồi đất",
    )
    assert (str(part), part.kind, part.split_from) == ("02/2026", "denunciation", record)
    assert part.identity_id == record.identity_id  # the same encrypted visitor


@time_machine.travel(date(2026, 9, 20))
def test_create_petition_twice_makes_one_petition_with_the_identity_encrypted(commune, leader, chairman):
    record = write_entry(make_session(commune, chairman, date(2026, 9, 17)), leader, kind="complaint")

    first = services.create_petition(record, by=leader)
    second = services.create_petition(record, by=leader)

    record.refresh_from_db()
    assert first == second == record.feedback_item
    assert FeedbackItem.objects.count() == 1
    assert (first.channel, first.kind, first.topic) == ("reception_session", "complaint", "land")
    assert first.received_on == date(2026, 9, 17)
    assert "Trần Thị Hoa" not in first.content
    assert "Trần Thị Hoa" not in SenderIdentity.objects.get(item=first).name_encrypted
    assert "01/2026" in first.content


@time_machine.travel(date(2026, 9, 20))
def test_a_petition_entry_can_no_longer_be_split(commune, leader, chairman):
    record = write_entry(make_session(commune, chairman, date(2026, 9, 17)), leader)
    services.create_petition(record, by=leader)

    with pytest.raises(ValidationError):
        services.split_reception_entry(
            record, by=leader, kind="reflection", content="x", remaining_content="y"
        )


@time_machine.travel(date(2026, 9, 20))
def test_a_supervisor_or_another_communes_officer_cannot_write_in_the_log(
    commune, chairman, outsider_officer, leader
):
    from conftest import make_person

    supervisor = make_person("mttq", commune, Role.SUPERVISOR)
    session = make_session(commune, chairman, date(2026, 9, 17))
    record = write_entry(session, leader)

    for user in (supervisor, outsider_officer):
        with pytest.raises(PermissionDenied):
            write_entry(session, user)
        with pytest.raises(PermissionDenied):
            services.create_petition(record, by=user)


@time_machine.travel(date(2026, 9, 20))
def test_no_entry_is_written_for_a_session_in_the_future(commune, leader, chairman):
    with pytest.raises(ValidationError):
        write_entry(make_session(commune, chairman, date(2026, 9, 24)), leader)


@time_machine.travel(date(2026, 9, 20))
def test_the_audit_log_records_the_entry_without_the_visitors_name(commune, leader, chairman):
    record = write_entry(make_session(commune, chairman, date(2026, 9, 17)), leader)

    event = AuditEvent.objects.get(object_type="reception.ReceptionRecord", object_id=str(record.pk))

    assert event.actor == leader
    assert "Trần Thị Hoa" not in str(event.changes) + event.object_repr


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_entries_written_at_once_get_numbers_without_gaps_or_duplicates(commune, leader, chairman):
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs real concurrent connections; SQLite's in-memory test database is shared in one process"
        )
    session = make_session(commune, chairman, date(2026, 9, 17))
    writers, start, errors = 6, threading.Barrier(6), []

    def write() -> None:
        start.wait()
        try:
            for _ in range(5):
                write_entry(session, leader)
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write) for _ in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    numbers = sorted(
        ReceptionRecord.objects.filter(commune=commune, year=2026).values_list("number", flat=True)
    )
    assert errors == []
    assert numbers == list(range(1, 31))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_clicks_at_once_make_one_petition(commune, leader, chairman):
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs real concurrent connections; SQLite's in-memory test database is shared in one process"
        )
    record = write_entry(make_session(commune, chairman, date(2026, 9, 17)), leader)
    start, results = threading.Barrier(2), []

    def click() -> None:
        start.wait()
        try:
            results.append(services.create_petition(record, by=leader).pk)
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(results) == 2 and results[0] == results[1]
    assert FeedbackItem.objects.filter(channel="reception_session").count() == 1
