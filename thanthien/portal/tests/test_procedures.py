"""The public list of a commune's procedures: no login, only procedures in use, searchable without accents."""

import pytest
from django.urls import reverse

from thanthien.procedures.tests.factories import make_procedure


@pytest.mark.django_db
def test_a_citizen_reads_the_procedures_without_logging_in(client, commune):
    response = client.get(reverse("portal:procedure_list", args=[commune.slug]))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Đăng ký khai sinh" in content
    assert "Hộ tịch" in content


@pytest.mark.django_db
def test_a_citizen_searches_without_diacritics(client, commune):
    response = client.get(reverse("portal:procedure_list", args=[commune.slug]), {"q": "dang ky ket hon"})

    codes = [procedure.code for procedure in response.context["procedures"]]
    assert "XA-HT-02" in codes
    assert "XA-HT-01" not in codes


@pytest.mark.django_db
def test_retired_procedures_are_hidden_from_the_public(client, commune):
    retired = make_procedure("TEST-OLD", "Thủ tục cũ đã bãi bỏ", is_active=False)

    listing = client.get(reverse("portal:procedure_list", args=[commune.slug]), {"q": "bai bo"})
    detail = client.get(reverse("portal:procedure_detail", args=[commune.slug, retired.code]))

    assert list(listing.context["procedures"]) == []
    assert detail.status_code == 404


@pytest.mark.django_db
def test_a_procedure_page_shows_time_limit_fees_papers_and_online_level(client, commune):
    response = client.get(reverse("portal:procedure_detail", args=[commune.slug, "XA-CT-01"]))

    assert response.status_code == 200
    content = response.content.decode()
    assert "2.000 đ" in content
    assert "<li>Bản chính giấy tờ, văn bản làm cơ sở để chứng thực bản sao</li>" in content
    assert str(response.context["procedure"].get_online_level_display()) in content


@pytest.mark.django_db
def test_the_procedures_of_an_unknown_commune_are_not_found(client, province):
    assert client.get(reverse("portal:procedure_list", args=["khong-co"])).status_code == 404
    assert client.get(reverse("portal:procedure_list", args=[province.slug or "38"])).status_code == 404


@pytest.mark.django_db
def test_the_commune_home_links_to_its_procedures(client, commune):
    response = client.get(reverse("portal:commune_home", args=[commune.slug]))

    assert reverse("portal:procedure_list", args=[commune.slug]).encode() in response.content
