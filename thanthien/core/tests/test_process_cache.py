"""What a kiosk's POST reads on every request is kept per process: the API key and its user, the rating
scale and policy in force. A change through the ORM is seen at once; one another process made (here: a
QuerySet.update, which sends no signal) within the cache's seconds."""

import time

import pytest
from django.utils import timezone

from thanthien.ratings.models import RatingScale, SatisfactionPolicy
from thanthien.ratings.services import in_force
from thanthien.units.models import ApiToken
from thanthien.units.tokens import authenticate_api_token, issue_api_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def key(officer):
    return issue_api_token(officer, name="kiosk", by=None)


def test_a_kept_key_costs_no_query(key, officer, django_assert_num_queries):
    assert authenticate_api_token(key) == officer
    with django_assert_num_queries(0):
        user = authenticate_api_token(key)
    assert user == officer
    assert user is not authenticate_api_token(key)  # each caller gets its own object


def test_a_key_withdrawn_through_the_orm_is_refused_at_once(key):
    assert authenticate_api_token(key) is not None
    token = ApiToken.objects.get()
    token.is_active = False
    token.save()
    assert authenticate_api_token(key) is None


def test_a_key_withdrawn_elsewhere_is_refused_within_the_seconds(key, settings):
    settings.API_KEY_CACHE_SECONDS = 0.2
    assert authenticate_api_token(key) is not None
    ApiToken.objects.update(is_active=False)  # as another web process: no signal reaches this one
    assert authenticate_api_token(key) is not None  # still kept here
    time.sleep(0.25)
    assert authenticate_api_token(key) is None


def test_a_wrong_secret_is_refused_even_when_the_key_is_kept(key):
    assert authenticate_api_token(key) is not None
    prefix, _dot, _secret = key.partition(".")
    assert authenticate_api_token(f"{prefix}.wrong-secret") is None


def test_the_scale_in_force_is_read_once_then_kept(commune, django_assert_num_queries):
    today = timezone.localdate()
    scale = in_force(RatingScale, commune, today)
    assert scale is not None
    with django_assert_num_queries(0):
        again = in_force(RatingScale, commune, today)
        levels = list(again.levels.all())  # kept with its levels
    assert again.pk == scale.pk and levels


def test_a_new_policy_saved_in_this_process_applies_at_once(commune):
    today = timezone.localdate()
    before = in_force(SatisfactionPolicy, commune, today)
    assert before is not None
    own = SatisfactionPolicy.objects.get(pk=before.pk)
    own.pk = None
    own.unit = commune
    own.valid_from = today
    own.save()
    assert in_force(SatisfactionPolicy, commune, today).pk == own.pk
