"""Households from a spreadsheet: all rows or none, the same file twice changes nothing."""

from io import BytesIO

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import make_person, make_unit
from thanthien.core.spreadsheets import read_first_sheet
from thanthien.core.testing import xlsx_file
from thanthien.units.household_import import import_households, template_workbook
from thanthien.units.models import Household, Role

HEADER = ("STT", "Thôn", "Họ tên chủ hộ", "Địa chỉ", "Số điện thoại", "Đồng ý nhận tin nhắn")


@pytest.fixture
def villages(commune):
    return [make_unit(f"38-hc-0{n}", f"Thôn {n}", "village", commune) for n in (1, 2)]


@pytest.fixture
def admin_of(commune):
    return make_person("quantri", commune, Role.ADMINISTRATOR)


@pytest.mark.django_db
def test_a_clean_file_adds_every_household_with_its_phone_and_consent(commune, villages, admin_of):
    file = xlsx_file(
        HEADER,
        (1, "thôn 1", "Nguyễn Văn Một", "Xóm Đông", 912000111, "có"),
        (2, "Thôn 2", "Lê Thị Hai", "", "", ""),
    )

    report = import_households(commune, file, by=admin_of)

    assert report.errors == [] and len(report.created) == 2
    first = Household.objects.get(head_name="Nguyễn Văn Một")
    assert (first.village, first.phone, first.has_sms_consent) == (villages[0], "0912000111", True)
    assert not Household.objects.get(head_name="Lê Thị Hai").has_sms_consent


@pytest.mark.django_db
def test_one_bad_row_imports_nothing_and_names_every_problem(commune, villages, admin_of):
    file = xlsx_file(
        HEADER,
        (1, "Thôn 1", "Nguyễn Văn Một", "", "", ""),
        (2, "Thôn 9", "", "", "12ab", "có"),
        (3, "Thôn 1", "Nguyễn Văn Một", "", "", "không"),
    )

    report = import_households(commune, file, by=admin_of)

    assert not Household.objects.exists()
    lines = [line for line, _problem in report.errors]
    assert lines.count(3) == 4 and lines.count(4) == 1
    assert any("Thôn 9" in problem for _line, problem in report.errors)


@pytest.mark.django_db
def test_the_same_file_twice_adds_nothing_the_second_time(commune, villages, admin_of):
    rows = (HEADER, (1, "Thôn 1", "Nguyễn Văn Một", "Xóm Đông", "", ""))
    import_households(commune, xlsx_file(*rows), by=admin_of)

    again = import_households(commune, xlsx_file(*rows), by=admin_of)

    assert again.created == [] and again.skipped == [(2, "Nguyễn Văn Một")]
    assert Household.objects.count() == 1


@pytest.mark.django_db
def test_the_blank_sheet_imports_back_once_filled(commune, villages, admin_of):
    blank = read_first_sheet(BytesIO(template_workbook()), max_rows=10)
    workbook = openpyxl.Workbook()
    workbook.active.append(list(blank[0]))
    workbook.active.append(["Thôn 2", "Trần Văn Ba", "", "0912 000 333", ""])
    buffer = BytesIO()
    workbook.save(buffer)
    buffer.seek(0)

    report = import_households(commune, buffer, by=admin_of)

    assert [household.head_name for household in report.created] == ["Trần Văn Ba"]


@pytest.mark.django_db
def test_the_import_page_is_for_the_communes_leaders_and_administrators(client, commune, villages, officer):
    client.force_login(officer)

    response = client.post(
        reverse("units:household_import", args=[commune.pk]),
        {"file": SimpleUploadedFile("ho.xlsx", xlsx_file(HEADER).getvalue())},
    )

    assert response.status_code == 403
    assert not Household.objects.exists()


@pytest.mark.django_db
def test_the_import_page_adds_the_households(client, commune, villages, admin_of):
    client.force_login(admin_of)
    file = xlsx_file(HEADER, (1, "Thôn 2", "Lê Thị Hai", "", "", ""))

    response = client.post(
        reverse("units:household_import", args=[commune.pk]),
        {"file": SimpleUploadedFile("ho.xlsx", file.getvalue())},
    )

    assert response.status_code == 302
    assert Household.objects.get().village == villages[1]
