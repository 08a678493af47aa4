"""The catalogue as an XLSX sheet: export, import all-or-nothing, and round trips that change nothing."""

from decimal import Decimal
from io import BytesIO

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext

from thanthien.core.models import AuditEvent
from thanthien.procedures import cleaning, services, spreadsheets
from thanthien.procedures.models import Procedure
from thanthien.procedures.tests.factories import make_administrator, make_procedure, xlsx

HEADER = (
    "STT",
    "Mã thủ tục",
    "Tên thủ tục",
    "LĨNH VỰC",
    "Thời hạn giải quyết (ngày làm việc)",
    "Lệ phí (đồng)",
)


def snapshot() -> list[tuple]:
    return list(Procedure.objects.order_by("code").values_list(*cleaning.EDITABLE_FIELDS, "search_key"))


def imported(*rows, by):
    return services.import_procedures_xlsx(xlsx(HEADER, *rows), by=by)


# --- Reading (no database) ----------------------------------------------------------------------------------
def test_headers_are_matched_without_case_or_diacritics_and_other_columns_are_ignored():
    rows = spreadsheets.read_procedure_sheet(
        xlsx(("Danh mục thủ tục",), (), HEADER, (1, "T-1", "Tên", "Hộ tịch", 3, 0))
    )

    assert rows == [
        (4, {"code": "T-1", "name": "Tên", "field": "Hộ tịch", "time_limit_days": 3, "charge": 0}),
    ]


def test_a_sheet_without_the_time_limit_column_is_refused():
    with pytest.raises(ValidationError):
        spreadsheets.read_procedure_sheet(xlsx(("Mã", "Tên thủ tục", "Lĩnh vực"), ("T-1", "Tên", "Hộ tịch")))


def test_a_file_that_is_not_xlsx_is_refused():
    with pytest.raises(ValidationError):
        spreadsheets.read_procedure_sheet(BytesIO(b"ma,ten\nT-1,Ten\n"))


def test_the_blank_template_is_recognised_by_the_import():
    workbook = openpyxl.load_workbook(BytesIO(spreadsheets.procedure_template_xlsx()))
    workbook.active.append(["T-1", "Đăng ký khai sinh", "Hộ tịch", "Trong ngày"])
    filled = BytesIO()
    workbook.save(filled)
    filled.seek(0)

    rows = spreadsheets.read_procedure_sheet(filled)

    assert rows[0][0] == 2
    assert rows[0][1]["time_limit_days"] == "Trong ngày"


# --- Importing ----------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_administrator_imports_new_procedures_in_words_and_numbers(commune):
    admin = make_administrator(commune)

    report = imported(
        (1, "TEST-01", "Xác nhận  thử nghiệm", "Chứng thực", "Nửa ngày", "Miễn"),
        (2, "TEST-02", "Cấp giấy thử", "Chứng thực", "2,5 ngày", "10.000 đ"),
        by=admin,
    )

    assert report.errors == []
    first, second = (Procedure.objects.get(code=code) for code in ("TEST-01", "TEST-02"))
    assert (first.name, first.time_limit_days, first.charge) == ("Xác nhận thử nghiệm", Decimal("0.5"), 0)
    assert (second.time_limit_days, second.charge) == (Decimal("2.5"), 10000)
    assert second.search_key == "test-02 cap giay thu chung thuc"
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CREATE, actor=admin).count() == 2


@pytest.mark.django_db
def test_bad_rows_write_nothing_and_are_reported_with_their_row_numbers(commune):
    admin = make_administrator(commune)
    before = snapshot()

    report = imported(
        (1, "TEST-01", "Thủ tục tốt", "Hộ tịch", 1, None),
        (2, "TEST-02", "Thời hạn âm", "Hộ tịch", -1, None),
        (3, "TEST-03", "", "Hộ tịch", 1, None),
        (4, "test-01", "Mã trùng", "Hộ tịch", 1, None),
        (5, "TEST-05", "Lệ phí lạ", "Hộ tịch", 1, "mười nghìn"),
        by=admin,
    )

    assert [line for line, _message in report.errors] == [3, 4, 5, 6]
    messages = dict(report.errors)
    assert messages[3] == gettext("The time limit cannot be negative.")
    assert messages[4] == gettext("“%(column)s” is empty.") % {"column": gettext("Name")}
    assert messages[5] == gettext("The same code as row %(row)d.") % {"row": 2}
    assert "mười nghìn" in messages[6]
    assert snapshot() == before
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_an_unknown_online_level_is_reported_on_its_row(commune):
    admin = make_administrator(commune)
    header = ("Mã", "Tên thủ tục", "Lĩnh vực", "Thời hạn", "Mức độ trực tuyến")

    report = services.import_procedures_xlsx(
        xlsx(header, ("TEST-01", "Thủ tục", "Hộ tịch", 1, "Qua bồ câu đưa thư")), by=admin
    )

    assert [line for line, _message in report.errors] == [2]
    assert "Qua bồ câu đưa thư" in report.errors[0][1]
    assert not Procedure.objects.filter(code="TEST-01").exists()


@pytest.mark.django_db
def test_online_levels_and_result_kinds_are_read_from_their_vietnamese_words(commune):
    admin = make_administrator(commune)
    header = ("Mã", "Tên thủ tục", "Lĩnh vực", "Thời hạn", "Mức độ", "Loại kết quả", "Đang áp dụng")

    report = services.import_procedures_xlsx(
        xlsx(header, ("TEST-01", "Khai sinh thử", "Hộ tịch", 0, "Toàn trình", "Khai sinh", "Không")), by=admin
    )

    assert report.errors == []
    procedure = Procedure.objects.get(code="TEST-01")
    assert procedure.online_level == Procedure.OnlineLevel.FULL_ONLINE
    assert procedure.result_kind == Procedure.ResultKind.BIRTH
    assert procedure.is_active is False


@pytest.mark.django_db
def test_a_row_whose_values_differ_updates_that_procedure_only(commune):
    admin = make_administrator(commune)
    make_procedure("TEST-01", "Tên cũ", field="Hộ tịch", time_limit_days=Decimal("3"))

    report = imported((1, "test-01", "Tên mới", "Hộ tịch", 3, None), by=admin)

    assert [procedure.code for procedure in report.updated] == ["TEST-01"]
    procedure = Procedure.objects.get(code="TEST-01")  # the code keeps its letter case: it is the key
    assert (procedure.name, procedure.search_key) == ("Tên mới", "test-01 ten moi ho tich")
    assert AuditEvent.objects.get(action=AuditEvent.Action.UPDATE).changes["name"] == ["Tên cũ", "Tên mới"]


@pytest.mark.django_db
def test_importing_the_same_file_twice_changes_nothing_the_second_time(commune):
    admin = make_administrator(commune)
    rows = [(1, "TEST-01", "Thủ tục một", "Hộ tịch", 1, 0), (2, "TEST-02", "Thủ tục hai", "Hộ tịch", 2, None)]
    imported(*rows, by=admin)
    before, events = snapshot(), AuditEvent.objects.count()

    report = imported(*rows, by=admin)

    assert (report.errors, report.created, report.updated) == ([], [], [])
    assert [line for line, _code in report.unchanged] == [2, 3]
    assert snapshot() == before
    assert AuditEvent.objects.count() == events


@pytest.mark.django_db
def test_exporting_then_importing_the_catalogue_changes_nothing(commune):
    admin = make_administrator(commune)
    make_procedure(
        "TEST-01",
        "Chứng thực bản sao",
        field="Chứng thực",
        time_limit_days=Decimal("0.5"),
        fee=2000,
        fee_note="2.000 đ/trang",
        required_papers="Bản chính\nBản sao",
        legal_basis="Nghị định 23/2015/NĐ-CP\n\nĐiều 20",
        online_level=Procedure.OnlineLevel.PARTLY_ONLINE,
        is_active=False,
    )
    make_procedure("TEST-02", "=1+1 không phải công thức", field="Thử")
    before, events = snapshot(), AuditEvent.objects.count()
    exported = spreadsheets.export_procedures_xlsx(Procedure.objects.all())

    report = services.import_procedures_xlsx(BytesIO(exported), by=admin)

    assert report.errors == []
    assert (report.created, report.updated) == ([], [])
    assert len(report.unchanged) == Procedure.objects.count()
    assert snapshot() == before
    assert AuditEvent.objects.count() == events


@pytest.mark.django_db
def test_the_export_has_the_import_headers_and_one_row_per_procedure():
    make_procedure("TEST-01", "Đăng ký kết hôn", fee=None, charge=0)

    sheet = openpyxl.load_workbook(
        BytesIO(spreadsheets.export_procedures_xlsx(Procedure.objects.filter(code="TEST-01")))
    )
    rows = list(sheet.active.iter_rows(values_only=True))

    assert len(rows) == 2
    assert rows[1][:6] == ("TEST-01", "Đăng ký kết hôn", "Hộ tịch", 0, None, 0)


@pytest.mark.django_db
def test_a_desk_officer_may_not_import(officer):
    with pytest.raises(PermissionDenied):
        imported((1, "TEST-01", "Thủ tục", "Hộ tịch", 1, None), by=officer)

    assert not Procedure.objects.filter(code="TEST-01").exists()


# --- The national code (issue #18 item 1) -------------------------------------------------------------------
NATIONAL_HEADER = ("Mã thủ tục", "Tên thủ tục", "Lĩnh vực", "Thời hạn giải quyết", "Mã TTHC quốc gia")


@pytest.mark.django_db
def test_a_row_is_matched_by_the_national_code_when_its_code_is_not_in_the_catalogue(commune):
    admin = make_administrator(commune)
    make_procedure("XA-T-01", "Đăng ký thử", national_code="1.000001")
    make_procedure("XA-T-02", "Chứng thực thử", field="Chứng thực")

    report = services.import_procedures_xlsx(
        xlsx(
            NATIONAL_HEADER,
            ("1.000001", "Đăng ký thử (sửa)", "Hộ tịch", 3, ""),  # the national code in the code column
            ("H56-T-02", "Chứng thực thử", "Chứng thực", 1, "XA-T-02"),  # a new code, a national code
            ("XA-T-02", "Chứng thực thử", "Chứng thực", 2, "2.000815"),  # the local code; a national code set
        ),
        by=admin,
    )

    assert report.errors == []
    assert Procedure.objects.get(code="XA-T-01").name == "Đăng ký thử (sửa)"
    assert Procedure.objects.get(code="XA-T-02").national_code == "2.000815"
    assert Procedure.objects.filter(code="H56-T-02").exists()  # "XA-T-02" is no procedure's national code


@pytest.mark.django_db
def test_a_national_code_already_held_by_another_procedure_is_refused(commune):
    admin = make_administrator(commune)
    make_procedure("XA-T-01", "Đăng ký thử", national_code="1.000001")
    make_procedure("XA-T-02", "Chứng thực thử", field="Chứng thực")

    report = services.import_procedures_xlsx(
        xlsx(NATIONAL_HEADER, ("XA-T-02", "Chứng thực thử", "Chứng thực", 2, "1.000001")), by=admin
    )

    assert [line for line, _problem in report.errors] == [2]
    assert Procedure.objects.get(code="XA-T-02").national_code == ""


@pytest.mark.django_db
def test_the_export_carries_the_national_code(commune):
    make_procedure("XA-T-01", "Đăng ký thử", national_code="1.000001")

    sheet = openpyxl.load_workbook(
        BytesIO(spreadsheets.export_procedures_xlsx(Procedure.objects.filter(code="XA-T-01")))
    )
    header, row = list(sheet.active.values)[:2]

    assert row[header.index(gettext("National code"))] == "1.000001"
