"""An official's month-by-month trend beside the commune, and the early warning, to whom may read them."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import make_person
from thanthien.ratings import services
from thanthien.ratings.models import SatisfactionPolicy
from thanthien.units.models import Official, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def policy(commune):
    return SatisfactionPolicy.objects.create(
        unit=commune,
        valid_from=date(2024, 1, 1),
        target_rate=97,
        alert_window=50,
        alert_threshold=50,
        early_warning_weeks=4,
        early_warning_margin=Decimal("15.0"),
    )


@pytest.fixture
def slipping(commune):
    user = make_person("congchuc_b", commune, Role.DESK_OFFICER, "Trần Văn B")
    return Official.objects.create(unit=commune, full_name="Trần Văn B", title="Công chức", user=user)


@pytest.fixture
def colleague(commune):
    user = make_person("congchuc_a", commune, Role.DESK_OFFICER, "Lê Văn A")
    return Official.objects.create(unit=commune, full_name="Lê Văn A", title="Công chức", user=user)


@pytest.fixture
def rated(commune, policy, slipping, colleague):
    moment = timezone.now() - timedelta(minutes=5)
    for official, levels in ((colleague, [4] * 10), (slipping, [4] * 6 + [1] * 4)):
        for level in levels:
            reasons = ["long_wait"] if level == 1 else []
            services.record_rating(
                commune, level=level, channel="kiosk", official=official, rated_at=moment, reasons=reasons
            )


def test_the_leader_sees_the_trend_beside_the_commune_with_reasons_and_the_warning(
    client, leader, slipping, rated
):
    client.force_login(leader)

    response = client.get(reverse("ratings:official_trend", args=[slipping.pk]))

    assert response.status_code == 200
    rows = response.context["rows"]
    assert len(rows) == 12
    this_month = rows[-1]
    assert (this_month["total"], this_month["rate"]) == (10, Decimal("60.0"))
    assert (this_month["commune_total"], this_month["commune_rate"]) == (20, Decimal("80.0"))
    assert [count for _label, count in this_month["reasons"]] == [4]
    assert response.context["warning"].rate == Decimal("60.0")
    assert b'data-testid="early-warning"' in response.content


def test_the_official_sees_their_own_trend(client, slipping, rated):
    client.force_login(slipping.user)

    response = client.get(reverse("ratings:official_trend", args=[slipping.pk]))

    assert response.status_code == 200
    assert response.context["warning"] is not None


def test_a_colleague_is_refused_and_another_commune_finds_nothing(
    client, slipping, colleague, outsider_officer, rated
):
    client.force_login(colleague.user)
    assert client.get(reverse("ratings:official_trend", args=[slipping.pk])).status_code == 403

    client.force_login(outsider_officer)
    assert client.get(reverse("ratings:official_trend", args=[slipping.pk])).status_code == 404


def test_a_leader_of_another_commune_finds_nothing(client, other_commune, slipping, rated):
    client.force_login(make_person("chutich_khac", other_commune, Role.LEADER, "Phạm Khác"))

    assert client.get(reverse("ratings:official_trend", args=[slipping.pk])).status_code == 404


def test_no_warning_when_the_official_keeps_up_with_the_commune(client, leader, colleague, rated):
    client.force_login(leader)

    response = client.get(reverse("ratings:official_trend", args=[colleague.pk]))

    assert response.status_code == 200 and response.context["warning"] is None
    assert b'data-testid="early-warning"' not in response.content


def test_the_leaders_home_lists_the_active_early_warnings_and_an_officials_does_not(
    client, leader, slipping, colleague, rated
):
    client.force_login(leader)
    home = client.get(reverse("home"))
    assert [w.official for w in home.context["early_warnings"]] == [slipping]
    assert reverse("ratings:official_trend", args=[slipping.pk]).encode() in home.content

    client.force_login(colleague.user)  # a desk officer lands on the desk: no warnings there
    landing = client.get(reverse("home"), follow=True)
    assert b'data-testid="home-early-warnings"' not in landing.content


def test_the_officials_page_links_the_trend_and_shows_the_months_only_to_those_who_may_read_them(
    client, leader, slipping, colleague, rated
):
    url = reverse("planning:official_detail", args=[slipping.pk])
    client.force_login(leader)
    assert b'data-testid="trend-link"' in client.get(url).content

    client.force_login(colleague.user)
    seen_by_colleague = client.get(url).content
    assert b'data-testid="trend-link"' not in seen_by_colleague
    assert b'data-testid="month-row"' not in seen_by_colleague  # nor the monthly ratings

    client.force_login(slipping.user)
    assert b'data-testid="month-row"' in client.get(url).content
