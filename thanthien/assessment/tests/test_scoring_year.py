"""Must show: a commune's year recorded through the services, a set loaded from XLSX, each indicator
criterion's value and points exactly; a manual criterion scored by the reviewer; the pass rule both ways;
the CLI's JSON; the snapshot that later records do not move."""

import json
from datetime import date, datetime
from decimal import Decimal
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from conftest import make_person
from thanthien.assessment import services
from thanthien.assessment.tests.year import (
    END_OF_YEAR,
    EXPECTED,
    INDICATOR_TOTAL,
    VN,
    YEAR,
    at,
    record_year,
    set_file,
)
from thanthien.notifications.models import Notification
from thanthien.ratings import services as rating_services
from thanthien.units.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(commune, officer, leader):
    record_year(commune, officer, leader)
    return services.import_criteria_set(set_file(), by=leader)


@pytest.fixture
def reviewer(province):
    return make_person("thamdinh", province, Role.REVIEWER, "Phạm Thị Thẩm Định")


def test_each_indicator_criterion_gets_its_value_and_points_exactly(commune, year):
    result = services.score(commune, YEAR, year, today=END_OF_YEAR)

    got = {
        code: (str(c.value), str(c.points.normalize()))
        for code, c in result.criteria.items()
        if c.method != "manual"
    }
    assert got == {
        code: (value, str(Decimal(points).normalize())) for code, (value, points) in EXPECTED.items()
    }
    assert result.criteria["IV.1"].points is None  # nobody has scored the manual one
    assert result.total == Decimal(INDICATOR_TOTAL)
    assert result.groups == {
        "I": (Decimal(5), Decimal(9)),
        "II": (Decimal("3.67"), Decimal(10)),
        "III": (Decimal(5), Decimal(6)),
        "IV": (Decimal(0), Decimal(5)),
    }
    assert result.passed is False


@pytest.mark.parametrize(("reviewer_points", "passed"), [(Decimal(5), True), (Decimal(4), False)])
def test_the_reviewer_scores_the_manual_criterion_and_the_pass_rule_decides(
    commune, leader, reviewer, year, reviewer_points, passed
):
    with time_machine.travel(at(date(2024, 1, 8), 9), tick=False):
        assessment = services.start_self_assessment(commune, YEAR, by=leader)
        services.fill_criterion(
            assessment, "IV.1", by=leader, points=Decimal(5), note="Có kế hoạch, biên bản."
        )
        services.submit_self_assessment(assessment, by=leader)
        services.appraise_criterion(assessment, "I.1", by=reviewer)
        if reviewer_points != 5:
            services.appraise_criterion(
                assessment,
                "IV.1",
                by=reviewer,
                points=reviewer_points,
                reason="Thiếu biên bản kiểm tra quý IV.",
            )
        approved = services.approve_self_assessment(assessment, by=reviewer)

    # 13.67 from the records, plus the manual points; the pass mark is 18.
    assert approved.appraised_total == Decimal(INDICATOR_TOTAL) + reviewer_points
    assert approved.passed is passed
    assert approved.snapshot["total"] == float(Decimal(INDICATOR_TOTAL) + 5)


def test_the_cli_prints_the_live_score_as_one_json_object(commune, year):
    out = StringIO()
    with time_machine.travel(datetime(2024, 1, 8, 9, tzinfo=VN), tick=False):
        call_command("criteria", "score", commune.code, str(YEAR), "--set", year.code, stdout=out)

    printed = json.loads(out.getvalue())
    assert printed["set"] == "TEST-2023"
    assert printed["total"] == float(INDICATOR_TOTAL)
    assert printed["passed"] is False
    assert printed["groups"] == {"I": 5, "II": 3.67, "III": 5, "IV": 0}
    assert printed["criteria"]["I.1"] == {"value": 70, "points": 3}
    assert printed["criteria"]["II.2"] == {"value": 66.7, "points": 1.67}
    assert printed["criteria"]["IV.1"] == {"value": None, "points": None}


def test_a_record_after_submission_moves_the_live_score_not_the_submitted_one(commune, leader, year):
    with time_machine.travel(at(date(2024, 1, 8), 9), tick=False):
        assessment = services.start_self_assessment(commune, YEAR, by=leader)
        services.fill_criterion(assessment, "IV.1", by=leader, points=Decimal(5))
        submitted = services.submit_self_assessment(assessment, by=leader)
        frozen, frozen_hash = json.dumps(submitted.snapshot, sort_keys=True), submitted.snapshot_hash
        # Twenty more satisfied ratings late in the year: 24 of 26 satisfied (92.3%) earn 5 points, not 2.
        for _ in range(20):
            rating_services.record_rating(
                commune, level=4, channel="kiosk", rated_at=at(date(2023, 12, 1), 10)
            )
        live = services.score_assessment(submitted)

    submitted.refresh_from_db()
    assert live.criteria["II.1"].points == Decimal(5) and str(live.criteria["II.1"].value) == "92.3"
    assert live.total == Decimal(str(submitted.snapshot["total"])) + 3
    assert submitted.snapshot["criteria"]["II.1"] == {"value": 66.7, "points": 2, "note": "", "evidence": []}
    assert json.dumps(submitted.snapshot, sort_keys=True) == frozen
    assert services.snapshot_hash(submitted.snapshot) == frozen_hash
    assert submitted.snapshot["figures"]["ratings"]["total"] == 6


def test_returning_tells_the_official_who_submitted_and_the_commune_through_the_outbox(
    commune, leader, reviewer, year
):
    commune.email = "ubnd.hoangcat@example.vn"
    commune.save()
    leader.official.phone = "0912 345 678"
    leader.official.save()
    with time_machine.travel(at(date(2024, 1, 8), 9), tick=False):
        assessment = services.start_self_assessment(commune, YEAR, by=leader)
        services.fill_criterion(assessment, "IV.1", by=leader, points=Decimal(5))
        services.submit_self_assessment(assessment, by=leader)
        services.return_self_assessment(
            assessment, by=reviewer, note="Bổ sung biên bản kiểm tra quý IV.", due=date(2024, 1, 20)
        )

    sent = Notification.objects.filter(dedupe_key__startswith=f"assessment:{assessment.pk}:returned:")
    assert sorted((n.channel, n.recipient) for n in sent) == [
        ("email", "ubnd.hoangcat@example.vn"),
        ("sms", "0912 345 678"),
    ]
    assert all("20/01/2024" in n.body and "biên bản kiểm tra quý IV" in n.body for n in sent)
