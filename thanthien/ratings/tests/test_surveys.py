"""Survey campaigns: who may run them and enter slips, what a slip may say, and a slip counted once."""

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from thanthien.core.models import AuditEvent
from thanthien.ratings import surveys
from thanthien.ratings.models import Answer, Question, SurveyCampaign, SurveyResponse, VillageQuota
from thanthien.ratings.tests.factories import (
    QUESTIONS,
    details,
    make_campaign,
    make_supervisor,
    make_villages,
)

pytestmark = pytest.mark.django_db
PAPER = SurveyResponse.Channel.PAPER


def _slip(campaign, village, by, key="k-1", slip_number=None, **answers):
    return surveys.record_survey_response(
        campaign,
        village=village,
        answers=answers or {1: 4, 2: 3},
        channel=PAPER,
        idempotency_key=key,
        slip_number=slip_number,
        by=by,
    )


@pytest.mark.parametrize("role", ["supervisor", "leader"])
def test_the_fatherland_front_and_leaders_run_a_campaign(commune, leader, role):
    runner = make_supervisor(commune) if role == "supervisor" else leader

    campaign = make_campaign(commune, runner)

    assert campaign.scale.levels.count() == 4
    assert [q.kind for q in campaign.questionnaire.questions.all()] == [spec.kind for spec in QUESTIONS]
    assert list(campaign.questionnaire.questions.get(number=5).choices.values_list("label", flat=True)) == [
        "Thủ tục",
        "Thời gian chờ",
        "Thái độ",
    ]
    assert AuditEvent.objects.filter(object_type="ratings.SurveyCampaign", action="create").exists()


def test_a_desk_officer_or_another_commune_s_officer_cannot_run_a_campaign(
    commune, officer, outsider_officer
):
    for stranger in (officer, outsider_officer):
        with pytest.raises(PermissionDenied):
            make_campaign(commune, stranger)

    assert not SurveyCampaign.objects.exists()


@pytest.mark.parametrize(
    "spec",
    [
        surveys.QuestionSpec("", Question.Kind.SCALE),
        surveys.QuestionSpec("Chọn một", Question.Kind.SINGLE, ("Chỉ một",)),
        surveys.QuestionSpec("Thang đo", Question.Kind.SCALE, ("Có",)),
        surveys.QuestionSpec("Văn bản", Question.Kind.TEXT, element="time"),
        surveys.QuestionSpec("Trùng", Question.Kind.MULTIPLE, ("Có", "có")),
    ],
)
def test_a_malformed_question_is_refused_and_nothing_is_written(commune, leader, spec):
    with pytest.raises(ValidationError) as error:
        make_campaign(commune, leader, questions=[QUESTIONS[0], spec])

    assert "2" in error.value.messages[0]
    assert not SurveyCampaign.objects.exists() and not Question.objects.exists()


def test_a_campaign_cannot_end_before_it_starts(commune, leader):
    with pytest.raises(ValidationError):
        make_campaign(commune, leader, ends_on=details().starts_on.replace(day=1, month=2))


def test_quotas_are_set_for_every_village_in_one_go_and_zero_removes_one(commune, leader):
    villages = make_villages(commune)
    campaign = make_campaign(commune, leader)

    surveys.set_quotas(campaign, targets=dict.fromkeys(villages, 50), by=leader)
    surveys.set_quotas(campaign, targets={villages[0]: 0, villages[1]: 100}, by=leader)

    quotas = dict(VillageQuota.objects.values_list("village__name", "target"))
    assert quotas == {"Thôn 2": 100, "Thôn 3": 50}


def test_a_quota_for_another_commune_s_village_is_refused(commune, other_commune, leader):
    foreign = make_villages(other_commune, 1)[0]
    campaign = make_campaign(commune, leader)

    with pytest.raises(ValidationError):
        surveys.set_quotas(campaign, targets={foreign: 50}, by=leader)


def test_an_officer_enters_a_paper_slip_with_every_kind_of_answer(commune, leader, officer):
    village = make_villages(commune, 1)[0]
    campaign = make_campaign(commune, leader)

    recorded = surveys.record_survey_response(
        campaign,
        village=village,
        answers={1: "4", 2: "Bình thường", 3: 1, 4: "2", 5: "1, 3", 6: "  Cán bộ nhiệt tình  "},
        channel=PAPER,
        idempotency_key="k-2",
        slip_number=8,
        by=officer,
    )

    answers = {a.question.number: a for a in recorded.response.answers.all()}
    assert (answers[1].level, answers[1].sentiment, answers[1].is_top) == (4, "satisfied", True)
    assert (answers[2].level, answers[2].sentiment) == (2, "neutral")
    assert answers[3].sentiment == "dissatisfied"
    assert [c.label for c in answers[4].choices.all()] == ["Họp thôn"]
    assert sorted(c.label for c in answers[5].choices.all()) == ["Thái độ", "Thủ tục"]
    assert answers[6].text == "Cán bộ nhiệt tình"
    assert recorded.response.entered_by == officer and recorded.response.channel == "paper"
    assert (
        AuditEvent.objects.filter(object_type="ratings.SurveyResponse", unit_path=village.path).count() == 1
    )


def test_a_resent_slip_is_counted_once(commune, leader, officer):
    village = make_villages(commune, 1)[0]
    campaign = make_campaign(commune, leader)

    first = _slip(campaign, village, officer, key="phieu-abc", slip_number=1)
    again = _slip(campaign, village, officer, key="phieu-abc", slip_number=1)

    assert (first.replayed, again.replayed) == (False, True)
    assert again.response == first.response
    assert SurveyResponse.objects.count() == 1 and Answer.objects.count() == 2


def test_a_slip_number_is_entered_once_per_campaign(commune, leader, officer):
    village = make_villages(commune, 1)[0]
    campaign = make_campaign(commune, leader)
    _slip(campaign, village, officer, key="a", slip_number=5)

    with pytest.raises(ValidationError):
        _slip(campaign, village, officer, key="b", slip_number=5)

    assert SurveyResponse.objects.count() == 1


@pytest.mark.parametrize(
    "answers",
    [
        {1: 9},
        {1: "Tuyệt vời"},
        {4: "1, 2"},
        {5: "7"},
        {42: 4},
        {},
        {6: "x" * 2001},
    ],
)
def test_an_answer_off_the_questions_or_the_scale_is_refused(commune, leader, officer, answers):
    village = make_villages(commune, 1)[0]
    campaign = make_campaign(commune, leader)

    with pytest.raises(ValidationError):
        surveys.record_survey_response(
            campaign, village=village, answers=answers, channel=PAPER, idempotency_key="k", by=officer
        )

    assert not SurveyResponse.objects.exists() and not Answer.objects.exists()


def test_an_officer_of_another_commune_cannot_enter_slips(commune, leader, outsider_officer):
    village = make_villages(commune, 1)[0]
    campaign = make_campaign(commune, leader)

    with pytest.raises(PermissionDenied):
        _slip(campaign, village, outsider_officer)


def test_a_slip_from_another_commune_s_village_is_refused(commune, other_commune, leader, officer):
    foreign = make_villages(other_commune, 1)[0]
    campaign = make_campaign(commune, leader)

    with pytest.raises(ValidationError):
        _slip(campaign, foreign, officer)


def test_a_closed_campaign_takes_no_more_slips(commune, leader, officer):
    village = make_villages(commune, 1)[0]
    campaign = make_campaign(commune, leader)
    campaign = surveys.update_campaign(
        campaign, details=details(status=SurveyCampaign.Status.CLOSED), by=leader
    )

    with pytest.raises(ValidationError):
        _slip(campaign, village, officer)


def test_a_phone_slip_is_taken_only_during_the_campaign_period(commune, leader):
    village = make_villages(commune, 1)[0]
    campaign = make_campaign(commune, leader)
    phone = {"channel": SurveyResponse.Channel.PHONE, "village": village, "answers": {1: 4}}

    with time_machine.travel("2026-04-01 09:00 +07:00"), pytest.raises(ValidationError):
        surveys.record_survey_response(campaign, idempotency_key="late", **phone)
    with time_machine.travel("2026-03-31 09:00 +07:00"):
        recorded = surveys.record_survey_response(campaign, idempotency_key="in-time", **phone)

    assert recorded.response.entered_by is None and recorded.response.channel == "phone"


def test_questions_are_locked_once_a_slip_exists_but_the_title_may_change(commune, leader, officer):
    village = make_villages(commune, 1)[0]
    campaign = make_campaign(commune, leader)
    reworded = [surveys.QuestionSpec("Câu hỏi khác", Question.Kind.SCALE), *QUESTIONS[1:]]
    surveys.update_campaign(
        campaign, details=details(), questions=reworded, by=leader
    )  # no slip yet: allowed
    _slip(campaign, village, officer)

    with pytest.raises(ValidationError):
        surveys.update_campaign(campaign, details=details(), questions=QUESTIONS, by=leader)
    surveys.update_campaign(
        campaign, details=details(title="Khảo sát đầu kỳ (sửa tên)"), questions=reworded, by=leader
    )

    campaign.refresh_from_db()
    assert campaign.title == "Khảo sát đầu kỳ (sửa tên)"
    assert campaign.questionnaire.questions.get(number=1).text == "Câu hỏi khác"


def test_an_endline_reuses_the_baseline_questionnaire(commune, leader):
    baseline = make_campaign(commune, leader)

    endline = surveys.create_campaign(
        commune,
        details=details(title="Khảo sát cuối kỳ", kind=SurveyCampaign.Kind.ENDLINE),
        questionnaire=baseline.questionnaire,
        by=leader,
    )

    assert endline.questionnaire == baseline.questionnaire
