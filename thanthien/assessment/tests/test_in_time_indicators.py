"""The two indicators judged against a day: petitions resolved by their day (resolved late, open past
the day and open within it each counted as the rule says), and reception held against the schedule."""

from datetime import date, time, timedelta
from decimal import Decimal

import pytest
import time_machine

from conftest import make_unit
from thanthien.assessment import services
from thanthien.assessment.indicators import value_of
from thanthien.assessment.surveys import install_survey_forms
from thanthien.assessment.tests.year import SET, at, set_file
from thanthien.feedback import services as feedback_services
from thanthien.feedback.services import Identity
from thanthien.ratings import surveys as ratings_surveys
from thanthien.ratings.models import SurveyCampaign, SurveyResponse
from thanthien.reception import services as reception_services
from thanthien.reports.figures import figures
from thanthien.units.models import Official

pytestmark = pytest.mark.django_db

SENDER = Identity("Nguyễn Văn Bình", "Thôn Cát Lợi", "0912 345 678")


def complaint(commune, officer, leader, received_on, resolved_after_days=None):
    with time_machine.travel(at(received_on, 10), tick=False) as clock:
        item = feedback_services.receive_feedback(
            commune,
            by=officer,
            kind="complaint",
            channel="desk",
            is_signed=True,
            identity=SENDER,
            content="Đơn khiếu nại về việc cấp giấy chứng nhận quyền sử dụng đất.",
            received_on=received_on,
        )
        item = feedback_services.accept_feedback(item, by=leader, accepted_on=received_on)
        if resolved_after_days is not None:
            resolved_on = received_on + timedelta(days=resolved_after_days)
            clock.move_to(at(resolved_on, 10))
            feedback_services.resolve_feedback(
                item,
                by=leader,
                public_answer="Đã giải quyết.",
                resolved_on=resolved_on,
                decision_number="05/QĐ-UBND",
                decision_on=resolved_on,
                decision_content="Giải quyết khiếu nại.",
            )
    item.refresh_from_db()
    return item


def test_petitions_in_time_counts_resolved_by_their_day_over_those_judged(commune, officer, leader):
    in_time = complaint(commune, officer, leader, date(2023, 3, 6), resolved_after_days=9)
    late = complaint(commune, officer, leader, date(2023, 4, 3), resolved_after_days=120)
    open_overdue = complaint(commune, officer, leader, date(2023, 5, 8))
    open_within = complaint(commune, officer, leader, date(2023, 12, 20))
    assert in_time.resolved_on <= in_time.resolve_due_on < late.resolved_on - timedelta(days=30)
    assert open_overdue.resolve_due_on < date(2023, 12, 31) < open_within.resolve_due_on

    counted = figures(commune, date(2023, 1, 1), date(2023, 12, 31), today=date(2023, 12, 31))

    petitions = counted["petitions"]
    assert (petitions["resolved"], petitions["resolved_in_time"], petitions["overdue"]) == (2, 1, 1)
    # 1 resolved in time ÷ (2 resolved + 1 open past its day); the one within its day is not judged yet.
    assert value_of("petitions_in_time_rate", counted) == Decimal("33.3")


def test_reception_against_the_schedule_counts_the_regular_sessions_owed_by_then(commune, leader):
    chairman = Official.objects.create(
        unit=commune, user=leader, full_name="Nguyễn Văn Chủ Tịch", title="Chủ tịch"
    )
    reception_services.add_reception_rule(
        commune,
        by=leader,
        leader=chairman,
        capacity="chairman",
        frequency="weekly",
        weekdays=[3],
        place="Phòng tiếp công dân",
        starts_at=time(7, 30),
        ends_at=time(11),
        valid_from=date(2023, 1, 1),
    )
    # Thursdays of March 2023: 2, 9, 16, 23, 30. Two held, one cancelled, two still "planned" after 20/03.
    sessions = reception_services.generate_sessions(
        commune, by=leader, first=date(2023, 3, 1), last=date(2023, 3, 31)
    )
    assert [s.held_on.day for s in sessions] == [2, 9, 16, 23, 30]
    with time_machine.travel(at(date(2023, 3, 20), 14), tick=False):
        reception_services.mark_session_held(sessions[0], by=leader)
        reception_services.mark_session_held(sessions[1], by=leader)
        reception_services.cancel_session(sessions[2], by=leader, reason="Chủ tịch đi họp huyện")

    # As of 20/03: owed 2, 9 and 16 (held, held, cancelled); 23 and 30 are still ahead.
    counted = figures(commune, date(2023, 3, 1), date(2023, 3, 31), today=date(2023, 3, 20))
    assert (counted["reception"]["scheduled"], counted["reception"]["held_as_scheduled"]) == (3, 2)
    assert value_of("reception_schedule_rate", counted) == Decimal("66.7")
    # After the month, 23 and 30 were owed and never marked held: 2 of 5.
    after = figures(commune, date(2023, 3, 1), date(2023, 3, 31), today=date(2023, 4, 5))
    assert value_of("reception_schedule_rate", after) == Decimal("40.0")


def test_a_survey_criterion_is_scored_from_the_campaigns_of_its_form(commune, leader):
    village = make_unit("38-hc-t1", "Thôn Cát Lợi", "village", commune)
    forms = {q.title[:5]: q for q in install_survey_forms(commune, by=leader)}

    def campaign_of(code, levels, starts_on):
        details = ratings_surveys.CampaignDetails(
            title=f"Khảo sát {code}",
            kind=SurveyCampaign.Kind.ENDLINE,
            run_by=SurveyCampaign.RunBy.FATHERLAND_FRONT,
            starts_on=starts_on,
            ends_on=starts_on + timedelta(days=20),
        )
        with time_machine.travel(at(starts_on, 9), tick=False):
            campaign = ratings_surveys.create_campaign(
                commune, details=details, questionnaire=forms[code], by=leader
            )
            questions = forms[code].questions.count()
            for number, level in enumerate(levels):
                ratings_surveys.record_survey_response(
                    campaign,
                    village=village,
                    answers=dict.fromkeys(range(1, questions + 1), level),
                    channel=SurveyResponse.Channel.PAPER,
                    idempotency_key=f"{code}-{number}",
                    by=leader,
                )

    campaign_of("PKS07", [4, 4, 3, 1], date(2023, 11, 1))  # 3 slips of 4 satisfied on every question
    campaign_of("PKS05", [1, 1, 1, 1], date(2023, 11, 1))  # another form: not counted for PKS07
    campaign_of("PKS07", [1, 1, 1, 1], date(2022, 11, 1))  # another year: not counted
    rows = [
        (
            "V",
            "Hài lòng",
            6,
            "V.2",
            "Hài lòng với chính quyền thân thiện (PKS07)",
            6,
            "survey",
            "survey_form.PKS07",
            ">=90: 6; >=70: 4; else 0",
            "Kết quả khảo sát PKS07",
        )
    ]
    criteria_set = services.import_criteria_set(set_file(rows, SET | {"pass_total": 6}), by=leader)

    scored = services.score(commune, 2023, criteria_set, today=date(2023, 12, 31))

    assert (scored.criteria["V.2"].value, scored.criteria["V.2"].points) == (Decimal("75.0"), Decimal(4))
