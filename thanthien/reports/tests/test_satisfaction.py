"""The satisfaction dashboard: its figures come from the ratings, scoped to what the user may see."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from thanthien.ratings import services
from thanthien.units.models import Official

pytestmark = pytest.mark.django_db


@pytest.fixture
def rated(commune, other_commune, officer):
    """Six ratings in the commune this month (4 satisfied, 1 neutral, 1 dissatisfied), two elsewhere."""
    clerk = Official.objects.create(unit=commune, full_name="Lê Văn Tư Pháp", title="Công chức")
    now = timezone.now()
    for level, channel in [(4, "kiosk"), (4, "kiosk"), (3, "link"), (3, "paper"), (2, "kiosk"), (1, "kiosk")]:
        by = officer if channel == "paper" else None
        services.record_rating(
            commune,
            level=level,
            channel=channel,
            official=clerk,
            rated_at=now,
            details={"time": level},
            by=by,
        )
    for _ in range(2):
        services.record_rating(other_commune, level=1, channel="kiosk", rated_at=now)
    return clerk


def test_the_leader_sees_the_communes_rates_and_breakdowns(client, leader, rated):
    client.force_login(leader)

    response = client.get(reverse("reports:satisfaction"))

    figures = response.context["figures"]
    assert response.status_code == 200
    assert figures.overall.total == 6
    assert figures.overall.satisfaction_rate == Decimal("66.7")
    assert figures.overall.not_dissatisfied_rate == Decimal("83.3")
    assert figures.target_rate == Decimal("97.0")
    assert [(row.label, row.total) for row in figures.by_official] == [("Lê Văn Tư Pháp", 6)]
    assert {row.label: row.total for row in figures.by_channel} == {
        "Máy đánh giá tại quầy": 4,
        "Mã QR hoặc đường dẫn": 1,
        "Phiếu giấy do cán bộ nhập": 1,
    }
    assert figures.chart_data()["target"] == 97.0
    html = response.content.decode()
    assert 'id="satisfaction-chart-data"' in html and "66,7%" in html


def test_the_province_reviewer_sees_every_commune_below_it(client, reviewer, rated, province):
    client.force_login(reviewer)

    response = client.get(reverse("reports:satisfaction"), {"unit": province.pk})

    assert response.context["figures"].overall.total == 8


def test_a_commune_user_cannot_ask_for_another_commune(client, leader, rated, other_commune):
    client.force_login(leader)

    response = client.get(reverse("reports:satisfaction"), {"unit": other_commune.pk})

    assert response.context["figures"] is None
    assert response.context["form"].errors["unit"]


def test_the_dates_bound_the_count_and_a_reversed_range_is_refused(client, leader, rated):
    client.force_login(leader)
    last_year = timezone.localdate() - timedelta(days=400)

    empty = client.get(
        reverse("reports:satisfaction"),
        {"date_from": f"{last_year:%d/%m/%Y}", "date_to": f"{last_year:%d/%m/%Y}"},
    )
    reversed_range = client.get(
        reverse("reports:satisfaction"), {"date_from": "31/12/2026", "date_to": "01/01/2026"}
    )

    assert empty.context["figures"].overall.total == 0
    assert reversed_range.context["figures"] is None and reversed_range.context["form"].non_field_errors()


@pytest.mark.parametrize("period, label", [("month", "%m/%Y"), ("year", "%Y")])
def test_the_series_is_grouped_by_the_chosen_period(client, leader, rated, period, label):
    client.force_login(leader)

    figures = client.get(reverse("reports:satisfaction"), {"period": period}).context["figures"]

    assert [(row.label, row.total) for row in figures.by_period] == [(f"{timezone.localdate():{label}}", 6)]
