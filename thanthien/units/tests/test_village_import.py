"""Importing a commune's villages from an XLSX sheet: all rows or none, and safe to repeat."""

from datetime import date
from io import BytesIO, StringIO

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from conftest import make_person
from thanthien.core.models import AuditEvent
from thanthien.core.testing import xlsx_file
from thanthien.units.models import Role, Unit
from thanthien.units.village_import import (
    header_key,
    import_villages,
    parse_day,
    read_sheet_rows,
    template_workbook,
)


def xlsx(*rows) -> BytesIO:
    return xlsx_file(*rows)


def upload(*rows) -> SimpleUploadedFile:
    return SimpleUploadedFile("thon.xlsx", xlsx(*rows).getvalue())


def villages_of(commune) -> list[str]:
    return sorted(commune.children.filter(level=Unit.Level.VILLAGE).values_list("name", flat=True))


HEADER = ("STT", "Tên thôn, tổ dân phố", "Ngày hiệu lực")
GOOD = [HEADER, (1, "Thôn Đông", "01/07/2025"), (2, "Thôn Nam", None)]


# --- Pure rules ------------------------------------------------------------------------------------------
def test_headers_match_without_case_diacritics_or_punctuation():
    assert header_key("TÊN THÔN, TỔ DÂN PHỐ (*)") == "ten thon to dan pho"
    assert header_key("Ngày hiệu lực") == "ngay hieu luc"


def test_dates_are_read_day_first_or_iso():
    assert parse_day("01/07/2025") == date(2025, 7, 1)
    assert parse_day("2025-07-01") == date(2025, 7, 1)
    assert parse_day("  ") is None


def test_a_date_that_does_not_exist_is_refused():
    with pytest.raises(ValueError):
        parse_day("31/02/2025")


def test_rows_keep_their_excel_row_numbers_below_a_title_line():
    sheet = xlsx(("Danh sách thôn xã Hoằng Cát",), (), ("Tên thôn",), ("Thôn 1",), (), ("Thôn 2",))

    rows = read_sheet_rows(sheet)

    assert [(row.line, row.name) for row in rows] == [(4, "Thôn 1"), (6, "Thôn 2")]


def test_a_numbered_row_without_a_name_or_date_counts_as_blank():
    rows = read_sheet_rows(xlsx(HEADER, (1, "Thôn Đông", None), (2, None, None), (3, "", "")))

    assert [row.line for row in rows] == [2]


def test_a_file_that_is_not_xlsx_is_refused_with_a_clear_error():
    with pytest.raises(ValidationError):
        read_sheet_rows(BytesIO(b"Ten thon\nThon 1\n"))


def test_a_sheet_without_a_village_name_header_is_refused():
    with pytest.raises(ValidationError):
        read_sheet_rows(xlsx(("Họ tên", "Chức vụ"), ("Lê Văn A", "Trưởng thôn")))


def test_the_blank_template_is_recognised_by_the_import():
    workbook = openpyxl.load_workbook(BytesIO(template_workbook()))
    workbook.active.append(["Thôn Bắc", "01/07/2025"])
    filled = BytesIO()
    workbook.save(filled)
    filled.seek(0)

    rows = read_sheet_rows(filled)

    assert [(row.line, row.name, row.valid_from) for row in rows] == [(2, "Thôn Bắc", "01/07/2025")]


# --- The service --------------------------------------------------------------------------------------------
def test_a_date_typed_as_an_excel_date_is_kept(commune, leader):
    report = import_villages(commune, xlsx(HEADER, (1, "Thôn Đoài", date(2025, 7, 1))), by=leader)

    assert report.created[0].valid_from == date(2025, 7, 1)


def test_leader_imports_every_village_of_a_good_file(commune, leader):
    report = import_villages(commune, xlsx(*GOOD), by=leader)

    assert report.errors == []
    assert villages_of(commune) == ["Thôn Nam", "Thôn Đông"]
    dong = commune.children.get(name="Thôn Đông")
    assert (dong.valid_from, dong.path) == (date(2025, 7, 1), f"{commune.path}/{dong.code}")
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CREATE, actor=leader).count() == 2


def test_one_bad_row_writes_nothing_and_names_its_row(commune, leader):
    rows = [HEADER, (1, "Thôn Đông", None), (2, "", "01/07/2025"), (3, "Thôn Tây", "30/02/2025")]

    report = import_villages(commune, xlsx(*rows), by=leader)

    assert [line for line, _message in report.errors] == [3, 4]
    assert villages_of(commune) == []
    assert not AuditEvent.objects.exists()


def test_a_name_repeated_in_the_file_is_reported_on_its_second_row(commune, leader):
    report = import_villages(commune, xlsx(("Tên thôn",), ("Thôn Đông",), ("thôn  đông",)), by=leader)

    assert [line for line, _message in report.errors] == [3]
    assert "2" in report.errors[0][1]
    assert villages_of(commune) == []


def test_importing_the_same_file_again_changes_nothing(commune, leader):
    import_villages(commune, xlsx(*GOOD), by=leader)
    events = AuditEvent.objects.count()

    report = import_villages(commune, xlsx(*GOOD), by=leader)

    assert (report.errors, report.created) == ([], [])
    assert [line for line, _name in report.skipped] == [2, 3]
    assert villages_of(commune) == ["Thôn Nam", "Thôn Đông"]
    assert AuditEvent.objects.count() == events


def test_a_file_adding_one_village_to_existing_ones_creates_only_that_one(commune, leader):
    import_villages(commune, xlsx(*GOOD), by=leader)

    report = import_villages(commune, xlsx(*GOOD, (3, "Thôn Bắc", None)), by=leader)

    assert [village.name for village in report.created] == ["Thôn Bắc"]
    assert len(villages_of(commune)) == 3


def test_a_desk_officer_may_not_import_villages(commune, officer):
    with pytest.raises(PermissionDenied):
        import_villages(commune, xlsx(*GOOD), by=officer)

    assert villages_of(commune) == []


def test_villages_cannot_be_imported_into_a_province(province):
    with pytest.raises(ValidationError):
        import_villages(province, xlsx(*GOOD), by=None)


# --- The page -----------------------------------------------------------------------------------------------
def test_leader_sees_the_upload_form(client, commune, leader):
    client.force_login(leader)

    response = client.get(reverse("units:village_import", args=[commune.pk]))

    assert response.status_code == 200
    assert b'enctype="multipart/form-data"' in response.content


def test_leader_uploads_a_good_file_and_returns_to_the_commune(client, commune, leader):
    client.force_login(leader)

    response = client.post(reverse("units:village_import", args=[commune.pk]), {"file": upload(*GOOD)})

    assert response.status_code == 302
    assert response.url == reverse("units:commune_detail", args=[commune.pk])
    assert villages_of(commune) == ["Thôn Nam", "Thôn Đông"]


def test_a_bad_upload_shows_each_bad_row_and_writes_nothing(client, commune, leader):
    client.force_login(leader)
    rows = [("Tên thôn",), ("Thôn Đông",), ("Thôn Đông",)]

    response = client.post(reverse("units:village_import", args=[commune.pk]), {"file": upload(*rows)})

    assert response.status_code == 200
    assert response.context["report"].errors[0][0] == 3
    assert b"<td>3</td>" in response.content
    assert villages_of(commune) == []


def test_an_upload_that_is_not_xlsx_is_shown_as_a_form_error(client, commune, leader):
    client.force_login(leader)
    not_xlsx = SimpleUploadedFile("thon.xlsx", b"not a workbook")

    response = client.post(reverse("units:village_import", args=[commune.pk]), {"file": not_xlsx})

    assert response.status_code == 200
    assert response.context["form"].errors["file"]


def test_another_communes_leader_gets_not_found(client, commune, other_commune):
    other_leader = make_person("chutich_xa_khac", other_commune, Role.LEADER)
    client.force_login(other_leader)

    response = client.post(reverse("units:village_import", args=[commune.pk]), {"file": upload(*GOOD)})

    assert response.status_code == 404
    assert villages_of(commune) == []


def test_an_officer_without_edit_rights_is_refused(client, commune, officer):
    client.force_login(officer)

    response = client.post(reverse("units:village_import", args=[commune.pk]), {"file": upload(*GOOD)})

    assert response.status_code == 403
    assert villages_of(commune) == []


def test_the_blank_sheet_downloads_as_xlsx(client, officer):
    client.force_login(officer)

    response = client.get(reverse("units:village_template"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert openpyxl.load_workbook(BytesIO(response.content)).active["A1"].value


# --- The command --------------------------------------------------------------------------------------------
def test_command_imports_villages_as_the_server_administrator(commune, tmp_path):
    path = tmp_path / "thon.xlsx"
    path.write_bytes(xlsx(*GOOD).getvalue())

    call_command("units", "import-villages", commune.code, str(path), stdout=StringIO())

    assert villages_of(commune) == ["Thôn Nam", "Thôn Đông"]
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CREATE, actor__isnull=True).count() == 2


def test_command_lists_bad_rows_and_fails(commune, tmp_path):
    path = tmp_path / "thon.xlsx"
    path.write_bytes(xlsx(("Tên thôn", "Ngày hiệu lực"), ("Thôn Đông", None), ("", "01/07/2025")).getvalue())
    err = StringIO()

    with pytest.raises(CommandError):
        call_command("units", "import-villages", commune.code, str(path), stdout=StringIO(), stderr=err)

    assert "3" in err.getvalue()
    assert villages_of(commune) == []
