"""The import in its own transaction on PostgreSQL: the file checked while the server writes it (one COPY
of the dossiers fed batch by batch as the rows pass the check, the codes looked up on a second connection).

These tests commit, as the management command and the import page do; the tests of test_importing.py run
inside the test's transaction, where the file is checked whole first and written after.
"""

from io import StringIO

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from thanthien.core.models import AuditEvent
from thanthien.dossiers import importing
from thanthien.dossiers.importing import import_dossier_file
from thanthien.dossiers.models import Dossier, DossierEvent
from thanthien.dossiers.tests import test_importing
from thanthien.dossiers.tests.test_importing import GOOD, HEADER, _desk_dossier, csv_file, row
from thanthien.reports.models import DossierCount
from thanthien.units.models import Unit

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="PostgreSQL only: SQLite checks the file whole, then writes it with bulk_create (no COPY to "
        "stream into, one writer at a time); test_importing.py covers the same behaviour there",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BAD_PROCEDURE = "9.999999.000.00.00.H56"

birth = test_importing.birth  # the fixture: the procedure the rows of GOOD name


@pytest.fixture
def streamed(monkeypatch) -> list[int]:
    """The sizes of the batches the check handed to the open COPY, in order."""
    sizes: list[int] = []
    send = importing._DossierStream.send

    def counted_send(self, rows, report):
        sizes.append(len(rows))
        return send(self, rows, report)

    monkeypatch.setattr(importing._DossierStream, "send", counted_send)
    return sizes


def _month_and_day_counts(commune) -> tuple[int, int]:
    buckets = DossierCount.objects.filter(commune=commune)
    months = sum(buckets.filter(is_month=True).values_list("received", flat=True))
    return months, sum(buckets.filter(is_month=False).values_list("received", flat=True))


def test_in_its_own_transaction_the_file_is_checked_while_the_server_writes_it(
    commune, officer, birth, streamed
):
    assert importing.streams_while_checking()

    report = import_dossier_file(csv_file(*GOOD), commune=commune, by=officer, filename="mot-cua.csv")

    assert streamed == [2]
    assert (report.created, report.is_written, report.error_count) == (2, True, 0)
    events = DossierEvent.objects.filter(dossier__commune=commune)
    assert set(events.values_list("dossier__code", "kind", "actor")) == {
        ("H56.22-260210-0001", DossierEvent.Kind.IMPORTED, officer.pk),
        ("H56.22-260210-0002", DossierEvent.Kind.IMPORTED, officer.pk),
    }
    assert AuditEvent.objects.get(actor=officer).changes["created"] == 2
    assert _month_and_day_counts(commune) == (2, 2)
    call_command("recount_figures", "--check", stdout=StringIO())  # what the set-wise counts kept = a recount


def test_a_file_with_a_bad_row_is_rolled_back_whole_and_every_error_reported(
    commune, other_commune, officer, outsider_officer, birth
):
    import_dossier_file(
        csv_file(HEADER, row(1, "H56.22-260210-0009", received="10/02/2026")),
        commune=other_commune,
        by=outsider_officer,
        filename="khac.csv",
    )
    rows = [
        *GOOD,
        row(3, "H56.22-260210-0009", received="10/02/2026"),  # the other commune's code
        row(4, "H56.22-260210-0004", procedure=BAD_PROCEDURE, received="10/02/2026"),
    ]

    report = import_dossier_file(csv_file(*rows), commune=commune, by=officer, filename="loi.csv")

    assert (report.created, report.is_written) == (0, False)
    assert sorted(line for line, _message in report.errors) == [4, 5]
    assert not Dossier.objects.filter(commune=commune).exists()
    assert not DossierEvent.objects.filter(dossier__commune=commune).exists()
    assert not AuditEvent.objects.filter(actor=officer).exists()
    assert _month_and_day_counts(commune) == (0, 0)


def test_only_the_good_rows_are_streamed_and_written_when_asked(commune, officer, birth, streamed):
    rows = [*GOOD, row(3, "H56.22-260210-0003", received="hôm qua")]

    report = import_dossier_file(
        csv_file(*rows), commune=commune, by=officer, filename="loi.csv", only_good_rows=True
    )

    assert streamed == [2]
    assert (report.created, [line for line, _message in report.errors]) == (2, [4])
    assert sorted(Dossier.objects.filter(commune=commune).values_list("code", flat=True)) == [
        "H56.22-260210-0001",
        "H56.22-260210-0002",
    ]
    assert _month_and_day_counts(commune) == (2, 2)


def test_a_code_committed_after_its_look_up_is_refused_by_the_unique_index_and_skipped(
    commune, officer, birth, monkeypatch
):
    _desk_dossier(commune, birth, "H56.22-260210-0001")  # committed: the desk wrote it
    owners_on = importing._owners_on

    def looked_up_before_the_desk_wrote(cursor, codes):
        second = isinstance(cursor, psycopg.Cursor)  # the check's look-up; not Django's, in the transaction
        return {} if second else owners_on(cursor, codes)

    monkeypatch.setattr(importing, "_owners_on", looked_up_before_the_desk_wrote)

    report = import_dossier_file(csv_file(*GOOD), commune=commune, by=officer, filename="mot-cua.csv")

    assert (report.created, report.skipped_existing, report.skipped) == (1, 1, [(2, "H56.22-260210-0001")])
    assert Dossier.objects.get(code="H56.22-260210-0001").applicant_name == "Người Khác"
    assert Dossier.objects.filter(commune=commune).count() == 2
    assert DossierEvent.objects.filter(kind=DossierEvent.Kind.IMPORTED).count() == 1
    call_command("recount_figures", "--check")


def test_a_query_on_the_connection_that_holds_the_copy_fails_at_once_and_writes_nothing(
    commune, officer, birth, monkeypatch
):
    check = importing.RowChecker.check

    def check_and_query(self, line, cells):
        Unit.objects.count()  # would wait for the open COPY forever
        return check(self, line, cells)

    monkeypatch.setattr(importing.RowChecker, "check", check_and_query)

    with pytest.raises(RuntimeError, match="COPY"):
        import_dossier_file(csv_file(*GOOD), commune=commune, by=officer, filename="mot-cua.csv")

    assert not Dossier.objects.filter(commune=commune).exists()
    assert not AuditEvent.objects.filter(actor=officer).exists()
