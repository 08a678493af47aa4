"""The kiosk page: who may open it, and what it shows."""

import pytest
from django.urls import reverse

from thanthien.units.models import Official


@pytest.mark.django_db
def test_the_kiosk_needs_a_login(client):
    response = client.get(reverse("ratings:kiosk"))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_the_kiosk_shows_the_four_levels_of_the_default_scale_best_first(client, officer, commune):
    client.force_login(officer)

    response = client.get(reverse("ratings:kiosk"))

    assert response.status_code == 200
    levels = [(level.value, level.label) for level in response.context["levels"]]
    assert levels == [(4, "Rất hài lòng"), (3, "Hài lòng"), (2, "Bình thường"), (1, "Không hài lòng")]
    html = response.content.decode()
    assert html.index('data-level="4"') < html.index('data-level="1"')
    assert f'data-commune-code="{commune.code}"' in html
    assert 'data-api-url="/api/v1/ratings"' in html


@pytest.mark.django_db
def test_the_kiosk_names_the_official_chosen_among_the_commune_s_active_ones(client, officer, commune):
    official = Official.objects.create(unit=commune, full_name="Đỗ Thị Tiếp Dân", title="Công chức Tư pháp")
    client.force_login(officer)

    response = client.get(reverse("ratings:kiosk"), {"official": official.pk})

    assert response.context["official"] == official
    assert f'data-official-id="{official.pk}"' in response.content.decode()


@pytest.mark.django_db
def test_an_official_of_another_commune_cannot_be_chosen(client, officer, other_commune):
    stranger = Official.objects.create(unit=other_commune, full_name="Trần Văn Khác", title="Công chức")
    client.force_login(officer)

    response = client.get(reverse("ratings:kiosk"), {"official": stranger.pk})

    assert response.status_code == 404


@pytest.mark.django_db
def test_a_user_who_handles_no_commune_is_refused(client, reviewer):
    client.force_login(reviewer)

    response = client.get(reverse("ratings:kiosk"))

    assert response.status_code == 403
