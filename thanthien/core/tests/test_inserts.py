"""core.inserts.insert_unless_taken: one statement, a taken key leaves the transaction usable."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from thanthien.core.inserts import insert_unless_taken
from thanthien.notifications.models import Notification


def message(commune, key: str, body: str = "Xin chào") -> Notification:
    return Notification(unit=commune, recipient="0912345678", body=body, dedupe_key=key)


def test_a_new_key_is_inserted_in_one_statement_with_its_id(commune):
    row = message(commune, "k-1")

    with CaptureQueriesContext(connection) as queries:
        inserted = insert_unless_taken(row, key="dedupe_key")

    assert inserted is True
    assert len(queries.captured_queries) == 1
    assert Notification.objects.get(pk=row.pk).body == "Xin chào"
    assert row.created_at is not None  # the fields' own pre-save values (auto_now_add) are written
    assert row._state.adding is False


def test_a_taken_key_inserts_nothing_and_the_transaction_goes_on(commune):
    first = message(commune, "k-1")
    insert_unless_taken(first, key="dedupe_key")

    with transaction.atomic():
        again = insert_unless_taken(message(commune, "k-1", body="Lần hai"), key="dedupe_key")
        # no savepoint was needed: the transaction is still usable after the conflict
        assert Notification.objects.filter(dedupe_key="k-1").count() == 1

    assert again is False
    assert Notification.objects.get(dedupe_key="k-1").body == "Xin chào"


def test_any_other_refusal_is_an_error_not_a_taken_key(commune):
    broken = message(commune, "k-2")
    broken.unit_id = None  # NOT NULL: refused by the database, and no row has the key

    with pytest.raises(IntegrityError), transaction.atomic():
        insert_unless_taken(broken, key="dedupe_key")

    assert not Notification.objects.filter(dedupe_key="k-2").exists()


def test_a_models_derived_fields_are_filled_as_save_fills_them(commune, officer):
    from thanthien.dossiers.services import receive_dossier
    from thanthien.procedures.models import Procedure

    procedure = Procedure.objects.create(code="T-1", name="Thử", time_limit_days=1)
    dossier = receive_dossier(commune, procedure=procedure, applicant_name="Nguyễn Thị Ánh", by=officer)

    assert dossier.applicant_search_key == "nguyen thi anh"
    assert dossier.pk is not None and dossier.code.startswith(commune.code)
