"""The demo commune's baseline survey, made through the services, once."""

import pytest
from django.core.management import call_command

from conftest import make_unit
from thanthien.ratings.demo import SLIPS_PER_VILLAGE, create_demo_survey
from thanthien.ratings.models import SurveyCampaign, SurveyResponse
from thanthien.ratings.survey_results import campaign_results
from thanthien.units.demo import create_demo


@pytest.fixture
def demo_commune(db):
    make_unit("38", "Tỉnh Thanh Hóa", "province")
    return create_demo().commune


def test_the_demo_commune_has_a_baseline_with_a_few_slips_per_village_once(demo_commune):
    made = create_demo_survey(demo_commune)

    campaign = SurveyCampaign.objects.get()
    results = campaign_results(campaign)
    assert made == SurveyResponse.objects.count() == 5 * SLIPS_PER_VILLAGE
    assert [(row.count, row.target) for row in results.progress] == [(SLIPS_PER_VILLAGE, 50)] * 5
    assert results.overall_rate is not None and campaign.target_rate == 97
    assert create_demo_survey(demo_commune) == 0


def test_the_command_needs_the_demo_commune(db):
    with pytest.raises(Exception, match="demo"):
        call_command("demo_surveys")
