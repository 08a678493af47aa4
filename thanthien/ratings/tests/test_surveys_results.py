"""A campaign's figures: progress against the quotas, rates per question and overall, and baseline vs endline,
checked against plain SQL on a generated data set."""

import random
from decimal import Decimal

import pytest
from django.db import connection

from thanthien.ratings import indices, surveys
from thanthien.ratings.models import SurveyCampaign, SurveyResponse
from thanthien.ratings.survey_results import campaign_results, compare_campaigns, progress_by_campaign
from thanthien.ratings.tests.factories import details, make_campaign, make_villages

pytestmark = pytest.mark.django_db
PAPER = SurveyResponse.Channel.PAPER


def _fill(campaign, villages, by, count, levels, seed):
    generator = random.Random(seed)  # noqa: S311 - test data, not security
    for number in range(1, count + 1):
        answers = {n: generator.choice(levels) for n in (1, 2, 3) if generator.random() > 0.1}
        answers[4] = generator.choice([1, 2])
        answers[5] = generator.sample([1, 2, 3], generator.randint(1, 3))
        surveys.record_survey_response(
            campaign,
            village=villages[number % len(villages)],
            answers=answers,
            channel=PAPER,
            idempotency_key=f"slip-{number}",
            slip_number=number,
            by=by,
        )


def _sql_rows(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def test_the_results_equal_plain_sql_on_a_generated_data_set(commune, leader, officer):
    villages = make_villages(commune, 4)
    campaign = make_campaign(commune, leader)
    surveys.set_quotas(campaign, targets=dict.fromkeys(villages, 50), by=leader)
    _fill(campaign, villages, officer, 150, [1, 2, 3, 3, 4, 4, 4], seed=20261122)

    results = campaign_results(campaign)

    per_village = dict(
        _sql_rows(
            "SELECT v.name, COUNT(*) FROM ratings_surveyresponse r JOIN units_unit v ON v.id = r.village_id"
            " WHERE r.campaign_id = %s GROUP BY v.name",
            [campaign.pk],
        )
    )
    assert {row.village.name: (row.count, row.target) for row in results.progress} == {
        name: (count, 50) for name, count in per_village.items()
    }
    per_question = _sql_rows(
        "SELECT q.number, SUM(CASE WHEN a.sentiment = 'satisfied' THEN 1 ELSE 0 END), COUNT(*), SUM(a.level),"
        " SUM(CASE WHEN a.is_top THEN 1 ELSE 0 END)"
        " FROM ratings_answer a JOIN ratings_surveyresponse r ON r.id = a.response_id"
        " JOIN ratings_question q ON q.id = a.question_id"
        " WHERE r.campaign_id = %s AND a.level IS NOT NULL GROUP BY q.number ORDER BY q.number",
        [campaign.pk],
    )
    ours = [
        (r.question.number, r.tally.satisfied, r.tally.total, r.tally.level_sum, r.tally.very_satisfied)
        for r in results.questions
        if r.tally.total
    ]
    assert ours == [tuple(row) for row in per_question]
    satisfied = sum(row[1] for row in per_question)
    total = sum(row[2] for row in per_question)
    assert results.overall_rate == (Decimal(satisfied) * 100 / total).quantize(Decimal("0.1"))
    assert results.questions[0].satisfaction_rate == indices.percent(per_question[0][1], per_question[0][2])
    chosen = dict(
        _sql_rows(
            "SELECT c.label, COUNT(*) FROM ratings_answer_choices ac"
            " JOIN ratings_questionchoice c ON c.id = ac.questionchoice_id"
            " JOIN ratings_answer a ON a.id = ac.answer_id"
            " JOIN ratings_surveyresponse r ON r.id = a.response_id"
            " WHERE r.campaign_id = %s AND c.question_id = %s GROUP BY c.label",
            [campaign.pk, results.questions[4].question.pk],
        )
    )
    assert {c.choice.label: c.count for c in results.questions[4].choices} == chosen
    shares = [indices.percent(row[1], row[2]) for row in per_question[:2]]  # questions 1 and 2 carry elements
    assert results.sipas_index == (sum(shares) / 2).quantize(Decimal("0.1"))


def test_progress_counts_slips_against_each_village_s_quota(commune, leader, officer):
    villages = make_villages(commune, 2)
    campaign = make_campaign(commune, leader)
    surveys.set_quotas(campaign, targets={villages[0]: 2, villages[1]: 4}, by=leader)
    _fill(campaign, [villages[0]], officer, 3, [4], seed=1)

    progress = progress_by_campaign([campaign])[campaign.pk]

    assert [(row.village.name, row.count, row.target, row.is_done) for row in progress] == [
        ("Thôn 1", 3, 2, True),
        ("Thôn 2", 0, 4, False),
    ]
    assert progress[1].percent == Decimal("0.0")


def test_baseline_and_endline_side_by_side_with_the_change_in_points_and_the_target(commune, leader, officer):
    villages = make_villages(commune, 2)
    baseline = make_campaign(commune, leader)
    endline = surveys.create_campaign(
        commune,
        details=details(
            title="Khảo sát cuối kỳ", kind=SurveyCampaign.Kind.ENDLINE, target_rate=Decimal("97")
        ),
        questionnaire=baseline.questionnaire,
        by=leader,
    )
    _fill(baseline, villages, officer, 40, [1, 2, 3, 4], seed=3)
    _fill(endline, villages, officer, 40, [3, 4, 4, 4], seed=4)

    comparison = compare_campaigns(baseline, endline)

    assert len(comparison.questions) == 3  # the rating-scale questions
    first = comparison.questions[0]
    assert first.change == first.endline.satisfaction_rate - first.baseline.satisfaction_rate
    assert comparison.overall_change == comparison.endline.overall_rate - comparison.baseline.overall_rate
    assert comparison.overall_change > 0
    assert comparison.target_rate == Decimal("97.0")
    assert comparison.endline.meets_target == (comparison.endline.overall_rate >= Decimal("97"))


def test_a_campaign_without_slips_has_no_rate_rather_than_zero(commune, leader):
    campaign = make_campaign(commune, leader)

    results = campaign_results(campaign)

    assert results.overall_rate is None and results.sipas_index is None and results.meets_target is None
