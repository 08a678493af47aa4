"""Importing dossiers from the province's one-stop system: checked whole, all or nothing, safe to repeat."""

import contextlib
import csv
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from io import BytesIO, StringIO
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse
from django.utils.translation import gettext as _
from hypothesis import given
from hypothesis import strategies as st

from conftest import make_person
from thanthien.core import xlsx_aside
from thanthien.core.models import AuditEvent
from thanthien.core.testing import xlsx_file
from thanthien.core.text import fold_vietnamese
from thanthien.dossiers import importing, intake
from thanthien.dossiers.importing import (
    MAX_LISTED,
    dossier_template_xlsx,
    import_dossier_file,
    parse_moment,
    parse_phone,
    validate_dossier_file,
)
from thanthien.dossiers.models import Dossier, DossierEvent, IntakeRule
from thanthien.procedures.models import Procedure
from thanthien.reports.models import DossierCount
from thanthien.units.models import Role

VN = ZoneInfo("Asia/Ho_Chi_Minh")

# The routes under test, until the project's urls.py includes the app's (then this adds nothing).


HEADER = (
    "STT",
    "Mã hồ sơ",
    "Mã thủ tục",
    "Người nộp / Chủ hồ sơ",
    "Số điện thoại",
    "Địa chỉ",
    "Hình thức nộp",
    "Ngày tiếp nhận",
    "Ngày hẹn trả",
    "Ngày có kết quả",
    "Ngày trả kết quả",
    "Trạng thái",
)
KS = "1.001193.000.00.00.H56"  # birth registration: 3 working days in these tests


@pytest.fixture
def birth(db) -> Procedure:
    return Procedure.objects.create(
        code=KS,
        name="Đăng ký khai sinh",
        field="Hộ tịch",
        search_key="dang ky khai sinh ho tich",
        time_limit_days=Decimal("3"),
    )


@pytest.fixture
def certify(db) -> Procedure:
    return Procedure.objects.create(
        code="2.000815.000.00.00.H56",
        name="Chứng thực bản sao từ bản chính",
        field="Chứng thực",
        search_key="chung thuc ban sao tu ban chinh chung thuc",
        time_limit_days=Decimal("0.5"),
    )


def row(
    number,
    code,
    *,
    procedure=KS,
    name="Nguyễn Văn An",
    phone="",
    address="",
    channel="",
    received="",
    due="",
    ready="",
    returned="",
    status="",
):
    return (number, code, procedure, name, phone, address, channel, received, due, ready, returned, status)


def csv_file(*rows, delimiter=";") -> BytesIO:
    """Return CSV bytes as Excel saves "CSV UTF-8": with a byte-order mark."""
    text = StringIO()
    csv.writer(text, delimiter=delimiter).writerows(rows)
    return BytesIO(text.getvalue().encode("utf-8-sig"))


def local(year, month, day, hour=0, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=VN)


def excel(year, month, day, hour=0, minute=0) -> datetime:
    """Return what an Excel date cell holds: a datetime without a time zone."""
    return local(year, month, day, hour, minute).replace(tzinfo=None)


GOOD = [
    HEADER,
    row(
        1,
        "H56.22-260210-0001",
        phone="+84 912 345 678",
        address="Thôn Đông, xã Hoằng Cát",
        received="10/02/2026 08:15",
    ),
    row(2, "H56.22-260210-0002", name="Trần Thị Bích", channel="Trực tuyến", received="10/02/2026 09:00"),
]


# --- Pure rules ------------------------------------------------------------------------------------------
def test_dates_are_read_day_first_with_or_without_an_hour():
    assert parse_moment("13/02/2026 10:00") == (date(2026, 2, 13), time(10, 0))
    assert parse_moment("13/02/2026") == (date(2026, 2, 13), None)
    assert parse_moment("10:00:05 13/02/2026")[1] == time(10, 0, 5)
    assert parse_moment(excel(2026, 2, 13)) == (date(2026, 2, 13), None)  # an Excel date cell
    assert parse_moment("  ") is None


def test_a_date_that_does_not_exist_is_refused():
    with pytest.raises(ValueError):
        parse_moment("30/02/2026")


def test_phone_numbers_become_digits_starting_with_zero():
    assert parse_phone("+84 912 345 678") == "0912345678"
    assert parse_phone("0912.345.678") == "0912345678"
    assert parse_phone(912345678) == "0912345678"  # Excel dropped the leading zero
    assert parse_phone(None) == ""
    with pytest.raises(ValueError):
        parse_phone("gọi sau")


def _answer(parse, text):
    """What `parse` returns for `text`, or that it refused it: the fast and slow readings must agree."""
    try:
        return parse(text)
    except ValueError:
        return ValueError


TRICKY_MOMENTS = [
    "13/02/2026",
    "13/02/2026 10:05",
    "01/01/1900 00:00",
    "31/12/2199 23:59",
    "30/02/2026",  # no such day
    "29/02/2024 07:00",
    "29/02/2025",
    "13/13/2026",
    "00/02/2026",
    "13/02/2026 24:00",  # no such hour
    "13/02/2026 10:60",
    "13/02/2026 9:05",  # forms the fast reading leaves to the patterns
    "13/02/2026T10:05",
    "13/02/2026 10h05",
    "13-02-2026 10:05",
    "13/02-2026",
    "1/2/2026",
    "13/02/2026 10:05:30",
    "10:05 13/02/2026",
    "2026-02-13",
    "١٣/٠٢/٢٠٢٦",  # Arabic-Indic digits: the patterns' \\d reads them
    "１３/０２/２０２６",  # full-width digits
    "13/02/2026\u00a010:05",
    "+3/02/2026",
    " 3/02/2026",
    "13/02/2026 +1:05",
    "13/02/2026 10:+5",
    "ab/cd/efgh",
    "13/02/20²6",
]


@pytest.mark.parametrize("text", TRICKY_MOMENTS)
def test_the_fast_date_reading_answers_as_the_patterns(text):
    fast = _answer(importing._fixed_moment, text)
    if fast is not None:  # None: the fast reading leaves the text to the patterns
        assert fast == _answer(importing._moment_by_pattern, text)


def test_the_fast_date_reading_reads_the_common_forms():
    assert importing._fixed_moment("13/02/2026 10:05") == (date(2026, 2, 13), time(10, 5))
    assert importing._fixed_moment("13/02/2026") == (date(2026, 2, 13), None)
    assert importing._fixed_moment("13/02/2026 9:05") is None


@given(st.text(alphabet=st.sampled_from("0123456789/: -.T١２²"), min_size=8, max_size=17))
def test_the_fast_date_reading_answers_as_the_patterns_on_any_text(text):
    fast = _answer(importing._fixed_moment, text)
    assert fast is None or fast == _answer(importing._moment_by_pattern, text)


@given(st.from_regex(r"[0-3][0-9]/[01][0-9]/(19|20|21)[0-9][0-9]( [0-2][0-9]:[0-6][0-9])?", fullmatch=True))
def test_every_well_formed_date_is_read_fast_as_the_patterns_read_it(text):
    fast = _answer(importing._fixed_moment, text)
    assert fast is not None
    assert fast == _answer(importing._moment_by_pattern, text)


TRICKY_PHONES = [
    "0912345678",
    "091234567",
    "09123456789",
    "012345678901",
    "912345678",
    "0840912345",
    "0841234567",
    "84912345678",
    "08412345678",
    "０９１２３４５６７８",  # full-width digits
    "٠٩١٢٣٤٥٦٧٨",
    "0912 345 678",
    "0",
    "00000000000",
    "0912²45678",
]


@pytest.mark.parametrize("text", TRICKY_PHONES)
def test_a_plain_phone_number_is_what_the_rules_return(text):
    if importing._is_plain_phone(text):
        assert importing._phone_by_rules(text) == text
    assert _answer(parse_phone, text) == _answer(importing._phone_by_rules, text)


@given(st.text(alphabet=st.sampled_from("0123456789８²٠ +"), max_size=13))
def test_phone_numbers_are_read_fast_as_the_rules_read_them(text):
    assert _answer(parse_phone, text) == _answer(importing._phone_by_rules, text)


def test_the_rule_book_finds_the_rule_set_rule_in_force_finds(db):
    IntakeRule.objects.create(valid_from=date(2026, 1, 1), legal_basis="Nghị định mới")
    IntakeRule.objects.create(valid_from=date(2026, 3, 15), legal_basis="Nghị định mới hơn")
    book = intake.RuleBook()
    first = min(book.starts)
    days = [first - timedelta(days=1), first, date(2025, 12, 31), date(2026, 1, 1), date(2026, 3, 14)]
    days += [date(2026, 3, 15), date(2026, 3, 16), date(2199, 12, 31)]
    for day in days:
        try:
            expected = intake.rule_in_force(day)
        except ValidationError:
            expected = None
        assert book.in_force(day) == expected, day
    assert book.in_force(first - timedelta(days=1)) is None
    assert book.in_force(date(2026, 3, 15)).legal_basis == "Nghị định mới hơn"


# --- Importing -------------------------------------------------------------------------------------------
def test_a_clean_csv_file_imports_every_dossier(commune, officer, birth):
    report = import_dossier_file(csv_file(*GOOD), commune=commune, by=officer, filename="mot-cua.csv")

    assert (report.total, report.created, report.error_count) == (2, 2, 0)
    first = Dossier.objects.get(code="H56.22-260210-0001")
    assert first.commune == commune
    assert first.procedure == birth
    assert first.applicant_phone == "0912345678"
    assert first.applicant_address == "Thôn Đông, xã Hoằng Cát"
    assert first.channel == Dossier.Channel.IN_PERSON
    assert first.status == Dossier.Status.RECEIVED
    assert first.received_at == local(2026, 2, 10, 8, 15)
    assert first.intake_rule.valid_from == date(2025, 7, 1)
    assert first.is_imported
    assert Dossier.objects.get(code="H56.22-260210-0002").channel == Dossier.Channel.ONLINE
    assert first.applicant_search_key == fold_vietnamese(first.applicant_name)  # the book finds it


def test_a_row_names_its_procedure_by_the_national_code_too(commune, officer, birth, certify):
    Procedure.objects.filter(pk=birth.pk).update(code="XA-HT-KS", national_code="1.001193")
    # another procedure's local code equal to a national code: the local code wins
    Procedure.objects.filter(pk=certify.pk).update(national_code="XA-HT-KS")
    rows = [
        HEADER,
        row(1, "H56-N-0001", procedure="1.001193", received="10/02/2026 08:15"),
        row(2, "H56-N-0002", procedure="xa-ht-ks", received="10/02/2026 09:00"),
        row(3, "H56-N-0003", procedure="2.999999", received="10/02/2026 09:00"),
    ]

    report = import_dossier_file(
        csv_file(*rows), commune=commune, by=officer, filename="mot-cua.csv", only_good_rows=True
    )

    assert report.created == 2
    assert Dossier.objects.get(code="H56-N-0001").procedure == birth
    assert Dossier.objects.get(code="H56-N-0002").procedure == birth
    assert not Dossier.objects.filter(code="H56-N-0003").exists()


def test_each_imported_dossier_gets_one_event_and_the_import_one_audit_entry(commune, officer, birth):
    import_dossier_file(csv_file(*GOOD), commune=commune, by=officer, filename="mot-cua.csv")

    events = DossierEvent.objects.filter(dossier__commune=commune)
    assert events.count() == 2
    assert set(events.values_list("kind", "actor")) == {(DossierEvent.Kind.IMPORTED, officer.pk)}
    audit = AuditEvent.objects.get(actor=officer)
    assert audit.unit_path == commune.path
    assert audit.changes["file"] == "mot-cua.csv"
    assert audit.changes["created"] == 2


def test_the_report_counts_kept_by_the_database_count_the_imported_dossiers(commune, officer, birth):
    import_dossier_file(csv_file(*GOOD), commune=commune, by=officer, filename="mot-cua.csv")

    months = DossierCount.objects.filter(commune=commune, is_month=True)
    assert sum(months.values_list("received", flat=True)) == 2
    call_command("recount_figures", "--check")  # what the triggers kept equals a recount from the rows


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # committed, as in production
def test_once_the_import_has_committed_its_dossiers_are_counted_once(commune, officer, birth):
    """The count triggers fire at the commit (reports.0007) unless a set-wise write makes them fire at
    once: an import that commits must leave each dossier counted once, by the set-wise counts alone."""
    import_dossier_file(csv_file(*GOOD), commune=commune, by=officer, filename="mot-cua.csv")

    # This commune's buckets only: a committing test shares the database with the tests before it.
    buckets = DossierCount.objects.filter(commune=commune)
    months = sum(buckets.filter(is_month=True).values_list("received", flat=True))
    days = sum(buckets.filter(is_month=False).values_list("received", flat=True))
    assert months == days == Dossier.objects.filter(commune=commune).count() == 2


def test_a_clean_xlsx_file_with_real_excel_dates_imports(commune, officer, birth):
    rows = [
        HEADER,
        row(
            1,
            "H56.22-1",
            received=excel(2026, 2, 10, 8, 15),
            ready=excel(2026, 2, 12, 16, 0),
            returned=excel(2026, 2, 13, 9, 30),
        ),
    ]

    report = import_dossier_file(xlsx_file(*rows), commune=commune, by=officer, filename="mot-cua.xlsx")

    assert report.created == 1
    dossier = Dossier.objects.get(code="H56.22-1")
    assert dossier.received_at == local(2026, 2, 10, 8, 15)
    assert dossier.due_on == date(2026, 2, 13)
    assert dossier.status == Dossier.Status.RETURNED
    assert dossier.returned_at == local(2026, 2, 13, 9, 30)
    assert dossier.timeliness == Dossier.Timeliness.EARLY  # ready on the 12th, due on the 13th


@pytest.fixture
def read_aside(monkeypatch) -> list[str]:
    """Every workbook on disk is read by a child process; the paths it was asked to read."""
    paths: list[str] = []
    rows_read_aside = xlsx_aside.rows_read_aside

    def noted(path):
        paths.append(path)
        return rows_read_aside(path)

    monkeypatch.setattr(importing, "READ_ASIDE_BYTES", 0)
    monkeypatch.setattr(xlsx_aside, "rows_read_aside", noted)
    return paths


def test_a_workbook_on_disk_is_read_by_a_child_process_with_the_same_result(
    commune, officer, birth, tmp_path, read_aside
):
    path = tmp_path / "mot-cua.xlsx"
    received, returned = excel(2026, 2, 10, 8, 15), excel(2026, 2, 13, 9, 30)
    path.write_bytes(xlsx_file(HEADER, row(1, "H56.22-1", received=received, returned=returned)).getvalue())

    report = import_dossier_file(path, commune=commune, by=officer)

    assert read_aside == [str(path)]
    assert report.created == 1
    dossier = Dossier.objects.get(code="H56.22-1")
    assert (dossier.received_at, dossier.returned_at) == (
        local(2026, 2, 10, 8, 15),
        local(2026, 2, 13, 9, 30),
    )


def test_an_upload_written_to_a_temporary_file_is_read_by_a_child_process(
    client, commune, officer, birth, settings, read_aside
):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0  # Django writes every upload to a temporary file
    client.force_login(officer)
    workbook = xlsx_file(HEADER, row(1, "WEB-2", received=excel(2026, 2, 10, 8, 15)))

    response = client.post(reverse("dossiers:import"), {"file": upload("lon.xlsx", workbook.getvalue())})

    assert len(read_aside) == 1
    assert response.context["report"].created == 1
    assert Dossier.objects.filter(code="WEB-2").exists()


def test_an_upload_kept_in_memory_is_read_by_a_child_process_from_a_temporary_copy(
    client, commune, officer, birth, read_aside
):
    client.force_login(officer)
    workbook = xlsx_file(HEADER, row(1, "WEB-3", received=excel(2026, 2, 10, 8, 15)))

    response = client.post(reverse("dossiers:import"), {"file": upload("nho.xlsx", workbook.getvalue())})

    assert len(read_aside) == 1 and read_aside[0].endswith(".xlsx")
    assert response.context["report"].created == 1
    assert Dossier.objects.filter(code="WEB-3").exists()


def test_a_damaged_workbook_on_disk_is_refused_in_vietnamese(commune, officer, birth, tmp_path, read_aside):
    path = tmp_path / "hong.xlsx"
    path.write_bytes(b"PK\x03\x04 not a zip archive")

    with pytest.raises(ValidationError) as refused:
        import_dossier_file(path, commune=commune, by=officer)

    assert refused.value.messages == ["Tệp không phải là bảng tính Excel (.xlsx)."]
    assert read_aside == [str(path)]


def test_without_a_promised_date_the_due_date_is_counted_across_tet_2026(commune, officer, birth):
    rows = [HEADER, row(1, "H56.22-TET", received="13/02/2026 10:00", channel="Trực tiếp")]

    import_dossier_file(csv_file(*rows), commune=commune, by=officer, filename="tet.csv")

    dossier = Dossier.objects.get(code="H56.22-TET")
    assert dossier.counted_from == date(2026, 2, 13)
    assert dossier.due_on == dossier.statutory_due_on == date(2026, 2, 25)


def test_a_paper_dossier_received_after_the_cut_off_counts_from_the_next_working_day(commune, officer, birth):
    rows = [HEADER, row(1, "H56.22-LATE", received="13/02/2026 15:30")]

    import_dossier_file(csv_file(*rows), commune=commune, by=officer, filename="chieu.csv")

    dossier = Dossier.objects.get(code="H56.22-LATE")
    assert dossier.counted_from == date(2026, 2, 23)
    assert dossier.due_on == date(2026, 2, 26)


def test_a_promised_date_in_the_file_is_kept(commune, officer, birth):
    rows = [HEADER, row(1, "H56.22-HEN", received="13/02/2026 10:00", due="27/02/2026")]

    import_dossier_file(csv_file(*rows), commune=commune, by=officer, filename="hen.csv")

    assert Dossier.objects.get(code="H56.22-HEN").due_on == date(2026, 2, 27)


def test_a_result_after_the_due_date_is_late(commune, officer, certify):
    rows = [
        HEADER,
        row(
            1,
            "CT-1",
            procedure=certify.code,
            received="02/03/2026 08:00",
            ready="04/03/2026 10:00",
            status="Đã có kết quả",
        ),
    ]

    import_dossier_file(csv_file(*rows), commune=commune, by=officer, filename="ct.csv")

    dossier = Dossier.objects.get(code="CT-1")
    assert dossier.status == Dossier.Status.READY
    assert dossier.due_on == date(2026, 3, 2)
    assert dossier.timeliness == Dossier.Timeliness.LATE


def test_one_bad_row_writes_nothing_and_names_the_row(commune, officer, birth):
    rows = [*GOOD, row(3, "H56.22-260210-0003", procedure="9.999999.000.00.00.H56", received="10/02/2026")]

    report = import_dossier_file(csv_file(*rows), commune=commune, by=officer, filename="loi.csv")

    assert not Dossier.objects.exists()
    assert not report.is_written
    assert report.errors == [(4, "Mã thủ tục “9.999999.000.00.00.H56” không có trong danh mục thủ tục.")]


def test_every_problem_of_a_row_is_reported(commune, officer, birth):
    rows = [HEADER, row(1, "", name="", phone="123", channel="Fax", received="31/02/2026")]

    report = import_dossier_file(csv_file(*rows), commune=commune, by=officer, filename="loi.csv")

    assert report.bad_rows == 1
    assert report.error_count == 5  # code, name, phone, channel, date
    assert {line for line, _message in report.errors} == {2}


def test_only_good_rows_imports_the_rest_and_reports_the_bad_ones(commune, officer, birth):
    rows = [*GOOD, row(3, "H56.22-260210-0003", received="hôm qua")]

    report = import_dossier_file(
        csv_file(*rows), commune=commune, by=officer, filename="loi.csv", only_good_rows=True
    )

    assert report.created == 2
    assert [line for line, _message in report.errors] == [4]
    assert sorted(Dossier.objects.values_list("code", flat=True)) == [
        "H56.22-260210-0001",
        "H56.22-260210-0002",
    ]


def test_importing_the_same_file_twice_creates_no_duplicates(commune, officer, birth):
    import_dossier_file(csv_file(*GOOD), commune=commune, by=officer, filename="mot-cua.csv")

    report = import_dossier_file(csv_file(*GOOD), commune=commune, by=officer, filename="mot-cua.csv")

    assert (report.created, report.skipped_existing, report.error_count) == (0, 2, 0)
    assert Dossier.objects.count() == 2
    assert DossierEvent.objects.count() == 2


def _desk_dossier(commune, procedure, code: str) -> Dossier:
    """A dossier received at the desk with `code`, as another writer would make it during an import."""
    return Dossier.objects.create(
        commune=commune,
        procedure=procedure,
        intake_rule=intake.rule_in_force(date(2026, 2, 10)),
        code=code,
        applicant_name="Người Khác",
        received_at=local(2026, 2, 10, 8),
        counted_from=date(2026, 2, 10),
        statutory_due_on=date(2026, 2, 13),
        due_on=date(2026, 2, 13),
    )


def _desk_writes_after_the_check(monkeypatch, commune, procedure, code: str) -> None:
    """Another writer (the desk) takes `code` once the file is checked, before the import writes."""
    check = importing._check_file

    def check_then_the_desk_writes(*args, **kwargs):
        report = check(*args, **kwargs)
        _desk_dossier(commune, procedure, code)
        return report

    monkeypatch.setattr(importing, "_check_file", check_then_the_desk_writes)


def test_a_code_written_between_the_check_and_the_write_is_skipped(commune, officer, birth, monkeypatch):
    _desk_writes_after_the_check(monkeypatch, commune, birth, "H56.22-260210-0001")

    report = import_dossier_file(csv_file(*GOOD), commune=commune, by=officer, filename="mot-cua.csv")

    assert (report.created, report.skipped_existing, report.skipped) == (1, 1, [(2, "H56.22-260210-0001")])
    assert Dossier.objects.get(code="H56.22-260210-0001").applicant_name == "Người Khác"
    assert DossierEvent.objects.filter(kind=DossierEvent.Kind.IMPORTED).count() == 1
    call_command("recount_figures", "--check")


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL only: SQLite imports with bulk_create, which has no COPY stream for the unique index "
    "to refuse; its skipping of a code taken since the check is tested on both databases just above",
)
def test_a_batch_is_looked_up_again_only_when_the_unique_code_refuses_it(
    commune, officer, birth, monkeypatch
):
    split = importing._split_taken
    calls = []

    def counted_look_up(rows):
        calls.append(len(rows))
        return split(rows)

    monkeypatch.setattr(importing, "_split_taken", counted_look_up)
    import_dossier_file(csv_file(*GOOD[:2]), commune=commune, by=officer, filename="mot.csv")
    assert calls == []  # checked moments ago: written at once
    _desk_writes_after_the_check(monkeypatch, commune, birth, "H56.22-260210-0002")

    report = import_dossier_file(csv_file(*GOOD), commune=commune, by=officer, filename="mot-cua.csv")

    assert calls == [1]  # refused by the unique index, looked up again, written
    assert (report.created, report.skipped_existing, report.skipped) == (
        0,
        2,
        [(2, "H56.22-260210-0001"), (3, "H56.22-260210-0002")],
    )
    assert Dossier.objects.count() == 2
    assert DossierEvent.objects.filter(kind=DossierEvent.Kind.IMPORTED).count() == 1
    call_command("recount_figures", "--check")


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL only: needs two connections writing at once, and SQLite lets one writer hold its "
    "whole database, so there the desk waits for any write by design",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_desk_receives_into_the_commune_while_an_import_into_it_is_writing(
    commune, officer, birth, monkeypatch
):
    import threading

    writing, received, in_time = threading.Event(), threading.Event(), []
    copying = importing._copying

    @contextlib.contextmanager
    def copy_once_the_desk_has_received(*args, **kwargs):
        writing.set()  # the import's transaction holds its lock on the commune now
        in_time.append(received.wait(timeout=5))
        with copying(*args, **kwargs) as writer:
            yield writer

    def desk() -> None:
        try:
            writing.wait(timeout=5)
            _desk_dossier(commune, birth, "H56.22-260210-0099")
            received.set()
        finally:
            connection.close()

    monkeypatch.setattr(importing, "_copying", copy_once_the_desk_has_received)
    thread = threading.Thread(target=desk)
    thread.start()
    report = import_dossier_file(csv_file(*GOOD), commune=commune, by=officer, filename="mot-cua.csv")
    thread.join()

    assert in_time == [True]  # the desk did not wait for the import to end
    assert report.created == 2 and Dossier.objects.count() == 3


def test_a_code_twice_in_the_file_is_an_error(commune, officer, birth):
    rows = [*GOOD, row(3, "H56.22-260210-0001", received="10/02/2026")]

    report = import_dossier_file(csv_file(*rows), commune=commune, by=officer, filename="trung.csv")

    assert report.errors == [(4, _("The same dossier code as row %(row)d.") % {"row": 2})]
    assert not Dossier.objects.exists()


def test_a_code_of_another_communes_dossier_is_an_error(
    commune, other_commune, officer, outsider_officer, birth
):
    import_dossier_file(csv_file(*GOOD), commune=other_commune, by=outsider_officer, filename="khac.csv")

    report = validate_dossier_file(csv_file(*GOOD), commune=commune, filename="mot-cua.csv")

    assert [line for line, _message in report.errors] == [2, 3]
    assert report.skipped_existing == 0


def test_checking_a_file_writes_nothing(commune, birth):
    report = validate_dossier_file(csv_file(*GOOD), commune=commune, filename="mot-cua.csv")

    assert (report.valid, report.error_count, report.is_written) == (2, 0, False)
    assert not Dossier.objects.exists()


def test_an_outsider_officer_may_not_import_into_another_commune(commune, outsider_officer, birth):
    with pytest.raises(PermissionDenied):
        import_dossier_file(csv_file(*GOOD), commune=commune, by=outsider_officer, filename="mot-cua.csv")


@pytest.mark.parametrize("role", [Role.DESK_OFFICER, Role.LEADER, Role.ADMINISTRATOR])
def test_the_communes_desk_leaders_and_administrators_import(commune, birth, role):
    user = make_person(f"nguoi-{role}", commune, role)

    report = import_dossier_file(csv_file(*GOOD), commune=commune, by=user, filename="mot-cua.csv")

    assert report.created == 2


def test_a_supervisor_may_not_import(commune, birth):
    supervisor = make_person("giam-sat", commune, Role.SUPERVISOR)

    with pytest.raises(PermissionDenied):
        import_dossier_file(csv_file(*GOOD), commune=commune, by=supervisor, filename="mot-cua.csv")


def test_headers_are_found_below_a_title_in_english_and_comma_separated(commune, officer, birth):
    rows = [
        ("DANH SÁCH HỒ SƠ TIẾP NHẬN THÁNG 02/2026",),
        (),
        ("Dossier code", "PROCEDURE CODE", "applicant", "Received at"),
        ("EN-1", KS.lower(), "Lê Văn Bình", "2026-02-10 08:00"),
    ]

    report = import_dossier_file(
        csv_file(*rows, delimiter=","), commune=commune, by=officer, filename="en.csv"
    )

    assert (report.created, report.errors) == (1, [])


def test_a_file_without_a_required_column_is_refused(commune, officer, birth):
    rows = [("Mã hồ sơ", "Người nộp", "Ngày tiếp nhận"), ("H56-1", "Nguyễn Văn An", "10/02/2026")]

    with pytest.raises(ValidationError):
        import_dossier_file(xlsx_file(*rows), commune=commune, by=officer, filename="thieu.xlsx")


def test_a_file_that_is_not_a_spreadsheet_is_refused(commune, officer, birth):
    with pytest.raises(ValidationError):
        import_dossier_file(BytesIO(b"\x89PNG\r\n"), commune=commune, by=officer, filename="anh.xlsx")


def test_the_error_list_is_capped_but_every_error_is_counted(commune, birth):
    rows = [HEADER, *(row(i, f"X-{i}", procedure="KHONG-CO", received="10/02/2026") for i in range(1, 1201))]

    report = validate_dossier_file(csv_file(*rows), commune=commune, filename="nhieu.csv")

    assert report.error_count == 1200
    assert len(report.errors) == MAX_LISTED
    assert report.errors_not_listed == 200


def test_the_template_filled_in_imports(commune, officer, birth):
    workbook = openpyxl.load_workbook(BytesIO(dossier_template_xlsx()))
    sheet = workbook.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    values = {
        0: "MAU-1",
        1: KS,
        2: "Phạm Thị Hoa",
        3: "0987654321",
        6: excel(2026, 2, 10, 9, 0),
    }
    sheet.append([values.get(index) for index in range(len(headers))])
    buffer = BytesIO()
    workbook.save(buffer)

    report = import_dossier_file(BytesIO(buffer.getvalue()), commune=commune, by=officer, filename="mau.xlsx")

    assert (report.created, report.errors) == (1, [])
    assert Dossier.objects.get(code="MAU-1").applicant_phone == "0987654321"


# --- The command ----------------------------------------------------------------------------------------
def test_the_command_imports_a_file(commune, birth, tmp_path):
    file = tmp_path / "mot-cua.csv"
    file.write_bytes(csv_file(*GOOD).getvalue())
    out = StringIO()

    call_command("import_dossiers", commune.code, str(file), stdout=out)

    assert Dossier.objects.count() == 2
    assert "mot-cua.csv" in out.getvalue()


def test_the_command_rejects_a_file_with_errors(commune, birth, tmp_path):
    file = tmp_path / "loi.xlsx"
    file.write_bytes(xlsx_file(*GOOD, row(3, "H56-3", received="hôm qua")).getvalue())

    with pytest.raises(CommandError):
        call_command("import_dossiers", commune.code, str(file), stdout=StringIO(), stderr=StringIO())

    assert not Dossier.objects.exists()


def test_the_command_imports_only_the_good_rows_when_asked(commune, birth, tmp_path):
    file = tmp_path / "loi.csv"
    file.write_bytes(csv_file(*GOOD, row(3, "H56-3", received="hôm qua")).getvalue())
    err = StringIO()

    call_command(
        "import_dossiers", commune.code, str(file), "--only-good-rows", stdout=StringIO(), stderr=err
    )

    assert Dossier.objects.count() == 2
    assert "4" in err.getvalue()


# --- Pages -----------------------------------------------------------------------------------------------
def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def test_the_desk_officer_opens_the_import_page(client, officer):
    client.force_login(officer)

    response = client.get(reverse("dossiers:import"))

    assert response.status_code == 200
    assert response.context["commune"] == officer.memberships.get().unit


def test_someone_without_a_desk_role_gets_403(client, commune):
    supervisor = make_person("giam-sat", commune, Role.SUPERVISOR)
    client.force_login(supervisor)

    response = client.get(reverse("dossiers:import"))

    assert response.status_code == 403


def test_another_commune_cannot_be_chosen(client, officer, other_commune):
    client.force_login(officer)

    response = client.get(reverse("dossiers:import"), {"commune": other_commune.pk})

    assert response.status_code == 404


def test_the_downloaded_template_filled_in_imports_through_the_page(client, commune, officer, birth):
    client.force_login(officer)
    template = client.get(reverse("dossiers:import_template"))
    workbook = openpyxl.load_workbook(BytesIO(template.content))
    workbook.worksheets[0].append(["WEB-1", KS, "Đỗ Văn Cường", None, None, None, "13/02/2026 10:00"])
    buffer = BytesIO()
    workbook.save(buffer)

    response = client.post(reverse("dossiers:import"), {"file": upload("mau.xlsx", buffer.getvalue())})

    assert response.status_code == 200
    assert response.context["report"].created == 1
    assert Dossier.objects.get(code="WEB-1").due_on == date(2026, 2, 25)


def test_the_page_lists_the_bad_rows_and_imports_nothing(client, commune, officer, birth):
    client.force_login(officer)
    content = csv_file(*GOOD, row(3, "H56-3", procedure="KHONG-CO", received="10/02/2026")).getvalue()

    response = client.post(reverse("dossiers:import"), {"file": upload("loi.csv", content)})

    assert response.status_code == 200
    assert response.context["report"].errors[0][0] == 4
    assert "KHONG-CO" in response.content.decode()
    assert not Dossier.objects.exists()


def test_the_page_imports_only_the_good_rows_when_ticked(client, commune, officer, birth):
    client.force_login(officer)
    content = csv_file(*GOOD, row(3, "H56-3", procedure="KHONG-CO", received="10/02/2026")).getvalue()

    client.post(reverse("dossiers:import"), {"file": upload("loi.csv", content), "only_good_rows": "on"})

    assert Dossier.objects.count() == 2


def test_the_page_refuses_other_file_types(client, officer):
    client.force_login(officer)

    response = client.post(reverse("dossiers:import"), {"file": upload("ho-so.pdf", b"%PDF-1.4")})

    assert response.status_code == 200
    assert response.context["form"].errors["file"]


def test_an_implausible_date_or_a_control_character_is_a_row_problem(commune, officer, birth):
    rows = [
        HEADER,
        row(1, "H56.22-260210-0001", received="31/12/9999"),
        row(2, "H56.22-260210-0002", received="10/02/2026 08:15", name="Nguyễn\x00An"),
    ]

    report = validate_dossier_file(csv_file(*rows), commune=commune, filename="la.csv")

    messages = " ".join(message for _line, message in report.errors)
    assert report.error_count == 2
    assert "01/01/1900" in messages and "U+0000" in messages
