"""The one-stop lifecycle through its services: transitions, refusals, deadlines, apologies, the sweep."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from thanthien.core.models import AuditEvent
from thanthien.dossiers import services
from thanthien.dossiers.models import Dossier, DossierEvent, Postponement
from thanthien.dossiers.tests.factories import local, make_procedure, receive_at
from thanthien.notifications.models import Notification
from thanthien.units.models import Official

Status = Dossier.Status


@pytest.fixture
def dossier(commune, officer):
    return receive_at(local(2026, 3, 2, 9), commune, officer)  # Monday; 3 working days → Thursday 5/3


def advance(dossier, to_status, by):
    """Bring a fresh dossier to `to_status` along the usual path."""
    if to_status in {Status.IN_PROGRESS, Status.READY, Status.RETURNED, Status.AWAITING_SUPPLEMENT}:
        services.hand_over(dossier, by=by, receiver_office="Tư pháp – Hộ tịch")
    if to_status == Status.AWAITING_SUPPLEMENT:
        services.request_supplement(
            dossier, by=by, office="Tư pháp", missing_items="Bản sao CCCD", reason="Thiếu"
        )
    if to_status in {Status.READY, Status.RETURNED}:
        services.mark_ready(dossier, by=by)
    if to_status == Status.RETURNED:
        services.return_dossier(dossier, by=by)
    if to_status == Status.REJECTED:
        services.reject_dossier(dossier, by=by, reasons="Không thuộc thẩm quyền")
    dossier.refresh_from_db()
    return dossier


# --- Receiving ------------------------------------------------------------------------------------------
def test_receiving_gives_a_code_a_due_date_an_event_an_audit_line_and_a_message(dossier, officer):
    assert dossier.status == Status.RECEIVED
    assert dossier.code.startswith(f"{dossier.commune.code}-260302-")
    assert (dossier.counted_from, dossier.due_on, dossier.statutory_due_on) == (
        date(2026, 3, 2),
        date(2026, 3, 5),
        date(2026, 3, 5),
    )
    assert dossier.applicant_phone == "0912345678"
    assert dossier.events.get().kind == DossierEvent.Kind.RECEIVED
    assert AuditEvent.objects.filter(object_type="dossiers.Dossier", action="create", actor=officer).exists()
    message = Notification.objects.get(dedupe_key=f"dossier:{dossier.pk}:received")
    assert dossier.code in message.body and "05/03/2026" in message.body


@pytest.mark.parametrize(("phone", "woken"), [("0912 345 678", [1]), ("024 3825 3536", [])])
def test_a_receipt_wakes_the_sender_after_the_commit_unless_the_number_is_no_mobile(
    commune, officer, phone, woken, monkeypatch, django_capture_on_commit_callbacks
):
    from thanthien.notifications import tasks

    calls = []
    monkeypatch.setattr(tasks, "deliver_outbox", lambda: calls.append(1))
    with django_capture_on_commit_callbacks(execute=True):
        dossier = receive_at(local(2026, 3, 2, 9), commune, officer, applicant_phone=phone)

    assert calls == woken
    sms = Notification.objects.get(dedupe_key=f"dossier:{dossier.pk}:received")
    assert sms.status == ("queued" if woken else "failed")


def test_a_code_taken_already_draws_another_and_the_rows_go_with_the_second(
    commune, officer, dossier, monkeypatch
):
    from thanthien.dossiers import intake

    drawn = iter([dossier.code, f"{commune.code}-260302-FRESH"])
    monkeypatch.setattr(intake, "new_dossier_code", lambda commune_code, day: next(drawn))

    second = receive_at(local(2026, 3, 2, 10), commune, officer)

    assert second.code == f"{commune.code}-260302-FRESH"
    assert DossierEvent.objects.filter(dossier=second).count() == 1
    lines = AuditEvent.objects.filter(object_type="dossiers.Dossier", action="create")
    assert sorted(lines.values_list("object_id", "object_repr")) == sorted(
        [(str(dossier.pk), str(dossier)), (str(second.pk), str(second))]
    )
    assert Notification.objects.filter(dedupe_key=f"dossier:{second.pk}:received").count() == 1
    assert Notification.objects.filter(body__contains=second.code).count() == 1
    assert Notification.objects.count() == 2 and Dossier.objects.count() == 2


def test_a_dossier_without_a_phone_writes_no_message(commune, officer):
    dossier = receive_at(local(2026, 3, 2, 9), commune, officer, applicant_phone="")

    assert dossier.events.count() == 1
    assert not Notification.objects.exists()


def test_a_dossier_received_before_tet_is_due_after_it(commune, officer):
    dossier = receive_at(local(2026, 2, 13, 10), commune, officer)

    assert dossier.due_on == date(2026, 2, 25)


def test_a_paper_dossier_after_three_in_the_afternoon_counts_from_the_next_working_day(commune, officer):
    dossier = receive_at(local(2026, 3, 6, 15, 30), commune, officer)

    assert dossier.counted_from == date(2026, 3, 9)
    assert dossier.due_on == date(2026, 3, 12)


def test_an_online_dossier_filed_at_night_counts_from_the_next_working_day(commune, officer):
    dossier = receive_at(local(2026, 3, 4, 22), commune, officer, channel=Dossier.Channel.ONLINE)

    assert dossier.counted_from == date(2026, 3, 5)


def test_a_desk_officer_of_another_commune_cannot_receive_here(commune, outsider_officer):
    with pytest.raises(PermissionDenied):
        receive_at(local(2026, 3, 2), commune, outsider_officer)

    assert not Dossier.objects.exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"applicant_name": "  "}, "họ tên"),
        ({"applicant_phone": "12345"}, "12345"),
        ({"channel": "fax"}, "fax"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(commune, officer, fields, message):
    with pytest.raises(ValidationError, match=message):
        receive_at(local(2026, 3, 2), commune, officer, **fields)

    assert not Dossier.objects.exists() and not Notification.objects.exists()


def test_a_procedure_no_longer_in_use_cannot_be_received(commune, officer):
    with pytest.raises(ValidationError):
        receive_at(local(2026, 3, 2), commune, officer, procedure=make_procedure("TEST-OLD", is_active=False))


def test_a_receipt_time_in_the_future_is_refused(commune, officer):

    with time_machine.travel(local(2026, 3, 2, 9), tick=False), pytest.raises(ValidationError):
        services.receive_dossier(
            commune,
            procedure=make_procedure(),
            applicant_name="An",
            received_at=local(2026, 3, 3),
            by=officer,
        )


def test_a_dossier_without_phone_queues_no_message(commune, officer):
    receive_at(local(2026, 3, 2), commune, officer, applicant_phone="")

    assert not Notification.objects.exists()


# --- The lifecycle --------------------------------------------------------------------------------------
def test_the_first_hand_over_starts_processing_and_fills_the_control_slip(dossier, officer, leader):
    with time_machine.travel(local(2026, 3, 3, 8), tick=False):
        handover = services.hand_over(dossier, by=officer, receiver=leader)

    dossier.refresh_from_db()
    assert dossier.status == Status.IN_PROGRESS
    assert (handover.step, handover.giver, handover.receiver, handover.timeliness) == (
        1,
        officer,
        leader,
        "early",
    )


def test_a_result_ready_before_the_due_date_is_early_and_the_citizen_is_told(dossier, officer):
    with time_machine.travel(local(2026, 3, 4, 10), tick=False):
        services.mark_ready(dossier, by=officer)

    dossier.refresh_from_db()
    assert (dossier.status, dossier.timeliness) == (Status.READY, "early")
    assert Notification.objects.filter(dedupe_key=f"dossier:{dossier.pk}:ready").exists()


@pytest.mark.parametrize(("day", "expected"), [(5, "on_time"), (6, "late")])
def test_timeliness_is_set_when_the_result_is_ready(dossier, officer, day, expected):
    with time_machine.travel(local(2026, 3, day, 16), tick=False):
        services.mark_ready(dossier, by=officer)

    dossier.refresh_from_db()
    assert dossier.timeliness == expected


def test_returning_closes_the_dossier(dossier, officer):
    advance(dossier, Status.READY, officer)

    services.return_dossier(dossier, by=officer)

    dossier.refresh_from_db()
    assert dossier.status == Status.RETURNED and dossier.returned_at is not None


@pytest.mark.parametrize(
    ("start", "action"),
    [
        (Status.RECEIVED, "return"),
        (Status.IN_PROGRESS, "return"),
        (Status.AWAITING_SUPPLEMENT, "ready"),
        (Status.AWAITING_SUPPLEMENT, "return"),
        (Status.READY, "ready"),
        (Status.READY, "reject"),
        (Status.READY, "supplement"),
        (Status.RETURNED, "reject"),
        (Status.RETURNED, "ready"),
        (Status.RETURNED, "hand_over"),
        (Status.REJECTED, "ready"),
        (Status.REJECTED, "supplemented"),
        (Status.RECEIVED, "supplemented"),
    ],
)
def test_illegal_transitions_are_refused_with_a_clear_message(dossier, officer, start, action):
    advance(dossier, start, officer)
    events_before = dossier.events.count()
    calls = {
        "return": lambda: services.return_dossier(dossier, by=officer),
        "ready": lambda: services.mark_ready(dossier, by=officer),
        "reject": lambda: services.reject_dossier(dossier, by=officer, reasons="Lý do"),
        "supplement": lambda: services.request_supplement(
            dossier, by=officer, office="Tư pháp", missing_items="Giấy tờ", reason="Thiếu"
        ),
        "supplemented": lambda: services.record_supplement(dossier, by=officer),
        "hand_over": lambda: services.hand_over(dossier, by=officer, receiver_office="Địa chính"),
    }

    with pytest.raises(ValidationError):
        calls[action]()

    dossier.refresh_from_db()
    assert dossier.status == start
    assert dossier.events.count() == events_before


def test_an_outsider_cannot_move_a_dossier(dossier, outsider_officer):
    with pytest.raises(PermissionDenied):
        services.mark_ready(dossier, by=outsider_officer)


def test_rejecting_needs_reasons_and_tells_the_applicant(dossier, officer):
    with pytest.raises(ValidationError):
        services.reject_dossier(dossier, by=officer, reasons=" ")

    services.reject_dossier(dossier, by=officer, reasons="Hồ sơ không thuộc thẩm quyền giải quyết của xã")

    dossier.refresh_from_db()
    assert dossier.status == Status.REJECTED
    assert dossier.rejection.reasons.startswith("Hồ sơ không")
    assert Notification.objects.filter(dedupe_key=f"dossier:{dossier.pk}:rejected").exists()


# --- Supplements ----------------------------------------------------------------------------------------
def test_the_clock_stands_still_while_the_applicant_supplements(dossier, officer):
    with time_machine.travel(local(2026, 3, 3, 9), tick=False):
        services.request_supplement(
            dossier, by=officer, office="Tư pháp", missing_items="Bản sao CCCD", reason="Thiếu"
        )
    with time_machine.travel(local(2026, 3, 6, 9), tick=False):
        services.record_supplement(dossier, by=officer)

    dossier.refresh_from_db()
    assert dossier.status == Status.IN_PROGRESS
    assert dossier.statutory_due_on == date(2026, 3, 10)  # 5/3 moved by the 3 working days it stood (4, 5, 6)
    assert dossier.due_on == date(2026, 3, 10)


def test_one_office_may_ask_for_supplements_only_once(dossier, officer):
    services.request_supplement(dossier, by=officer, office="Tư pháp", missing_items="A", reason="Thiếu")
    services.record_supplement(dossier, by=officer)

    with pytest.raises(ValidationError, match=r"(?i)tư pháp"):
        services.request_supplement(dossier, by=officer, office="tư pháp", missing_items="B", reason="Thiếu")

    services.request_supplement(dossier, by=officer, office="Địa chính", missing_items="C", reason="Thiếu")
    assert dossier.supplement_requests.count() == 2


def test_a_supplement_request_must_say_what_is_missing(dossier, officer):
    with pytest.raises(ValidationError):
        services.request_supplement(dossier, by=officer, office="Tư pháp", missing_items="", reason="Thiếu")


# --- Apology and a new date -----------------------------------------------------------------------------
def test_an_apology_slip_gives_one_new_date_and_the_dossier_still_counts_late(dossier, officer):
    draft = services.draft_postponement(dossier, by=officer)

    with time_machine.travel(local(2026, 3, 4, 9), tick=False):
        services.issue_postponement(draft, by=officer, reason="Chờ xác minh", new_due_date=date(2026, 3, 10))
    with time_machine.travel(local(2026, 3, 9, 9), tick=False):
        services.mark_ready(dossier, by=officer)

    dossier.refresh_from_db()
    assert dossier.due_on == date(2026, 3, 10) and dossier.postponement_count == 1
    assert dossier.timeliness == "late"  # against the legal date 5/3, not the new one
    assert Notification.objects.filter(dedupe_key=f"dossier:{dossier.pk}:postponed-{draft.pk}").exists()


def test_an_apology_on_the_due_date_is_refused(dossier, officer):
    draft = services.draft_postponement(dossier, by=officer)

    with (
        time_machine.travel(local(2026, 3, 5, 9), tick=False),
        pytest.raises(ValidationError, match="05/03/2026"),
    ):
        services.issue_postponement(draft, by=officer, reason="Chậm", new_due_date=date(2026, 3, 10))


def test_a_second_new_date_is_refused(dossier, officer):
    with time_machine.travel(local(2026, 3, 3, 9), tick=False):
        services.postpone_dossier(dossier, by=officer, reason="Chậm", new_due_date=date(2026, 3, 9))
        with pytest.raises(ValidationError):
            services.postpone_dossier(dossier, by=officer, reason="Chậm nữa", new_due_date=date(2026, 3, 12))

    dossier.refresh_from_db()
    assert dossier.due_on == date(2026, 3, 9)


def test_a_new_date_must_be_a_working_day_after_the_due_date(dossier, officer):
    with time_machine.travel(local(2026, 3, 3, 9), tick=False):
        with pytest.raises(ValidationError):
            services.postpone_dossier(dossier, by=officer, reason="Chậm", new_due_date=date(2026, 3, 7))
        with pytest.raises(ValidationError):
            services.postpone_dossier(dossier, by=officer, reason="Chậm", new_due_date=date(2026, 3, 5))


# --- The sweep ------------------------------------------------------------------------------------------
def test_the_sweep_drafts_a_slip_for_each_dossier_at_risk_once_and_tells_the_leaders(commune, officer):
    Official.objects.create(
        unit=commune, full_name="Lê Văn Thành", title="Chủ tịch", phone="0912000101", is_leader=True
    )
    at_risk = receive_at(local(2026, 3, 2, 9), commune, officer)  # due 5/3
    safe = receive_at(
        local(2026, 3, 2, 9), commune, officer, procedure=make_procedure("TEST-CT", "Chứng thực (thử)", "10")
    )

    first = services.sweep_at_risk_dossiers(today=date(2026, 3, 4))
    second = services.sweep_at_risk_dossiers(today=date(2026, 3, 4))

    assert [p.dossier for p in first] == [at_risk] and second == []
    assert Postponement.objects.filter(dossier=at_risk, status="draft", is_drafted_by_sweep=True).count() == 1
    assert not safe.postponements.exists()
    assert Notification.objects.filter(recipient="0912000101").count() == 1


def test_the_sweep_passes_over_dossiers_waiting_for_supplements_and_finished_ones(commune, officer):
    waiting = receive_at(local(2026, 3, 2, 9), commune, officer)
    advance(waiting, Status.AWAITING_SUPPLEMENT, officer)
    ready = receive_at(local(2026, 3, 2, 9), commune, officer)
    advance(ready, Status.READY, officer)

    assert services.sweep_at_risk_dossiers(today=date(2026, 3, 4)) == []


def test_a_ready_result_cancels_the_drafted_slip(dossier, officer):
    services.sweep_at_risk_dossiers(today=date(2026, 3, 4))

    services.mark_ready(dossier, by=officer)

    assert dossier.postponements.get().status == Postponement.Status.CANCELLED
