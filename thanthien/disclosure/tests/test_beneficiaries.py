"""Beneficiaries of a policy item: only initials and village are stored and published (least personal
data); a bad line refuses the whole item with a Vietnamese message per line."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from thanthien.core.text import initials
from thanthien.disclosure import services
from thanthien.disclosure.models import Beneficiary, DisclosureItem, Place
from thanthien.disclosure.tests.factories import item, village

pytestmark = pytest.mark.django_db


def test_initials_keep_one_letter_of_each_word():
    assert initials("  Nguyễn Văn   An ") == "N.V.A."
    assert initials("Đặng thị ánh") == "Đ.T.Á."
    assert initials("") == ""


def test_only_initials_and_village_are_kept_and_shown(client, commune, officer):
    east = village(commune)
    listed = item(
        commune,
        officer,
        title="Danh sách hộ được hỗ trợ làm nhà năm 2026",
        beneficiaries="Nguyễn Văn An; thon dong; Hỗ trợ làm nhà: 40.000.000 đ\n\n"
        "Trần Thị Bình;;Hỗ trợ sửa nhà",
    )

    services.record_posting(listed, by=officer, place=Place.WEBSITE, posted_on=date(2026, 1, 6))
    page = client.get(reverse("disclosure_public:detail", args=[commune.slug, listed.public_code]))
    html = page.content.decode()

    rows = [(b.initials, b.village, b.detail) for b in Beneficiary.objects.order_by("order")]
    assert rows == [("N.V.A.", east, "Hỗ trợ làm nhà: 40.000.000 đ"), ("T.T.B.", None, "Hỗ trợ sửa nhà")]
    assert "N.V.A." in html and "Thôn Đông" in html
    assert "Nguyễn Văn An" not in html and "Trần Thị Bình" not in html


def test_an_unknown_village_or_a_missing_name_refuses_the_item_whole(commune, officer):
    village(commune)
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        item(commune, officer, beneficiaries="Nguyễn Văn An; Thôn Tây; 1 suất\n; Thôn Đông; 1 suất")

    assert refused.value.messages == [
        "Danh sách người thụ hưởng, dòng 1: “Thôn Tây” không phải thôn của xã.",
        "Danh sách người thụ hưởng, dòng 2: thiếu họ tên.",
    ]
    assert not DisclosureItem.objects.exists() and not Beneficiary.objects.exists()
