"""POST /api/v1/ratings (never counted twice) and GET /api/v1/ratings/summary."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from thanthien.ratings import services
from thanthien.ratings.models import Rating
from thanthien.units.models import Official
from thanthien.units.tokens import issue_api_token


@pytest.fixture
def kiosk(client, officer):
    key = issue_api_token(officer, name="Máy đánh giá quầy 1", by=None)
    headers = {"Authorization": f"Bearer {key}"}

    class Caller:
        def post(self, body):
            return client.post("/api/v1/ratings", body, content_type="application/json", headers=headers)

        def get(self, path, **params):
            return client.get(f"/api/v1{path}", params, headers=headers)

    return Caller()


def test_a_rating_is_recorded_once_however_often_the_kiosk_resends_it(kiosk, commune):
    body = {"commune_code": commune.code, "level": 4, "channel": "kiosk", "idempotency_key": "kiosk-1-000001"}

    first = kiosk.post(body)
    again = kiosk.post(body)

    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["id"] == again.json()["id"] and again.json()["replayed"] is True
    assert Rating.objects.count() == 1


def test_a_resend_from_a_kiosk_whose_clock_is_ahead_counts_once_and_now(kiosk, commune):
    ahead = (timezone.now() + timedelta(minutes=7)).isoformat()
    body = {"commune_code": commune.code, "level": 4, "idempotency_key": "k-ahead", "rated_at": ahead}

    first = kiosk.post(body)
    again = kiosk.post(body)

    assert (first.status_code, again.status_code) == (201, 200)
    assert Rating.objects.get().rated_at <= timezone.now()


def test_the_same_key_with_another_rating_is_refused(kiosk, commune):
    kiosk.post({"commune_code": commune.code, "level": 4, "idempotency_key": "k"})

    response = kiosk.post({"commune_code": commune.code, "level": 1, "idempotency_key": "k"})

    assert response.status_code == 422
    assert Rating.objects.count() == 1


def test_a_level_off_the_scale_is_refused_in_vietnamese(kiosk, commune):
    response = kiosk.post({"commune_code": commune.code, "level": 9, "idempotency_key": "k-9"})

    assert response.status_code == 422
    assert "không có trong thang" in response.json()["errors"][0]


def test_an_official_of_another_commune_cannot_be_rated(kiosk, commune, other_commune):
    stranger = Official.objects.create(unit=other_commune, full_name="Trần Văn Khác", title="Công chức")

    response = kiosk.post(
        {"commune_code": commune.code, "level": 4, "official_id": stranger.pk, "idempotency_key": "x"}
    )

    assert response.status_code == 422
    assert not Rating.objects.exists()


def test_a_kiosk_of_another_commune_cannot_post_here(client, outsider_officer, commune):
    key = issue_api_token(outsider_officer, name="Kiosk", by=None)

    response = client.post(
        "/api/v1/ratings",
        {"commune_code": commune.code, "level": 4, "idempotency_key": "y"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )

    assert response.status_code == 403


def test_the_summary_counts_levels_and_rates(kiosk, commune):
    for number, level in enumerate([4, 4, 3, 2, 1]):
        kiosk.post({"commune_code": commune.code, "level": level, "idempotency_key": f"s-{number}"})

    summary = kiosk.get("/ratings/summary", unit=commune.code).json()

    assert summary["total"] == 5
    assert summary["by_level"] == {"4": 2, "3": 1, "2": 1, "1": 1}
    assert summary["satisfaction_rate"] == "60.0"
    assert summary["not_dissatisfied_rate"] == "80.0"
    assert summary["average_score"] == "2.80"


def test_the_summary_of_a_unit_out_of_scope_is_not_found(kiosk, other_commune):
    assert kiosk.get("/ratings/summary", unit=other_commune.code).status_code == 404


def test_the_summary_takes_from_and_to_as_well_as_date_from_and_date_to(kiosk, commune):
    now = timezone.now()
    services.record_rating(commune, level=4, channel="kiosk", rated_at=now - timedelta(days=10))
    services.record_rating(commune, level=1, channel="kiosk", rated_at=now)
    today = timezone.localdate()

    short = kiosk.get(
        "/ratings/summary", unit=commune.code, **{"from": f"{today:%Y-%m-%d}", "to": f"{today}"}
    )
    long = kiosk.get("/ratings/summary", unit=commune.code, date_from=f"{today - timedelta(days=30)}")

    assert (short.json()["total"], short.json()["date_from"]) == (1, f"{today}")
    assert long.json()["total"] == 2


# --- What a kiosk's rating costs (issue #19) -------------------------------------------------------------
# BEGIN, then one statement: the rating, the key's claim and the official's latest ratings before it (the
# low-rate alert), then COMMIT. SQLite prepares nothing: the rating, the start of the official's count,
# their latest ratings and the claim, each on its own. The key, the commune, the official, the scale and
# the policy are kept per process.
RATING_STATEMENTS = {"postgresql": 3, "sqlite": 6}


def test_a_kiosk_rating_of_an_official_costs_one_statement_in_its_transaction(kiosk, commune):
    official = Official.objects.create(unit=commune, full_name="Lê Thị Quầy", title="Công chức một cửa")
    body = {"commune_code": commune.code, "level": 4, "channel": "kiosk", "official_id": official.pk}
    assert kiosk.post({**body, "idempotency_key": "warm"}).status_code == 201

    with CaptureQueriesContext(connection) as queries:
        response = kiosk.post({**body, "idempotency_key": "counted"})

    assert response.status_code == 201
    assert len(queries.captured_queries) == RATING_STATEMENTS[connection.vendor], [
        q["sql"][:70] for q in queries.captured_queries
    ]
    assert Rating.objects.get(pk=response.json()["id"]).official == official


def test_an_official_who_left_cannot_be_rated_from_the_next_request(kiosk, commune):
    official = Official.objects.create(unit=commune, full_name="Lê Thị Quầy", title="Công chức một cửa")
    body = {"commune_code": commune.code, "level": 4, "official_id": official.pk}
    assert kiosk.post({**body, "idempotency_key": "before"}).status_code == 201

    official.is_active = False
    official.save()

    assert kiosk.post({**body, "idempotency_key": "after"}).status_code == 422
    assert Rating.objects.count() == 1
