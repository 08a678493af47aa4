"""Searching the catalogue without diacritics, the same on SQLite and PostgreSQL."""

import pytest

from thanthien.procedures.models import Procedure
from thanthien.procedures.search import search_procedures, search_words
from thanthien.procedures.tests.factories import make_procedure


def test_query_words_are_folded_and_stripped_of_punctuation():
    assert search_words("  Kết hôn, XA-HT ") == ["ket", "hon", "xa", "ht"]
    assert search_words("ĐĂNG KÝ") == ["dang", "ky"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["dang ky ket hon", "DANG KY KET HON", "kết hôn", "Đăng ký   kết hôn", "hon ket"]
)
def test_marriage_registration_is_found_however_it_is_typed(query):
    marriage = make_procedure("TEST-KH", "Đăng ký kết hôn", field="Hộ tịch (thử)")

    found = search_procedures(Procedure.objects.filter(field="Hộ tịch (thử)"), query)

    assert list(found) == [marriage]


@pytest.mark.django_db
def test_every_word_must_match():
    make_procedure("TEST-KS", "Đăng ký khai sinh", field="Thử")
    make_procedure("TEST-KH", "Đăng ký kết hôn", field="Thử")

    found = search_procedures(Procedure.objects.filter(field="Thử"), "dang ky khai")

    assert [procedure.code for procedure in found] == ["TEST-KS"]


@pytest.mark.django_db
def test_the_code_and_the_field_are_searched_too():
    make_procedure("TEST-PB-99", "Công nhận tuyên truyền viên", field="Phổ biến giáo dục pháp luật")

    assert search_procedures(Procedure.objects.all(), "test-pb-99").count() == 1
    assert search_procedures(Procedure.objects.all(), "pho bien giao duc").count() == 1


@pytest.mark.django_db
def test_results_are_ordered_by_field_then_name():
    make_procedure("TEST-B", "Bảo lãnh thử", field="Thử B")
    make_procedure("TEST-A2", "Ưu đãi thử", field="Thử A")
    make_procedure("TEST-A1", "Cấp thử", field="Thử A")

    found = search_procedures(Procedure.objects.all(), "thu")

    assert [p.code for p in found if p.code.startswith("TEST-")] == ["TEST-A1", "TEST-A2", "TEST-B"]


@pytest.mark.django_db
def test_an_empty_query_keeps_every_procedure():
    assert search_procedures(Procedure.objects.all(), " , ").count() == Procedure.objects.count()


@pytest.mark.django_db
def test_a_procedure_is_found_by_its_national_code():
    make_procedure("XA-T-01", "Đăng ký thử", national_code="1.000001")

    assert [p.code for p in search_procedures(Procedure.objects.all(), " 1.000001 ")] == ["XA-T-01"]
    assert [p.code for p in search_procedures(Procedure.objects.all(), "dang ky thu")] == ["XA-T-01"]
