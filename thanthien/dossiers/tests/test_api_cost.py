"""What one public write costs in SQL (issue #19), and that the rules it keeps per process still change at
once: a withdrawn offering, a new rule set, a renamed procedure. The counts are upper bounds a change may
lower; a change that raises one must say why (bench/README.md, "Public writes")."""

from datetime import date, time

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from thanthien.core.models import AuditEvent
from thanthien.dossiers.models import Dossier, DossierEvent, IntakeRule
from thanthien.dossiers.tests.factories import local, make_procedure
from thanthien.notifications.models import Notification
from thanthien.procedures.models import CommuneProcedure
from thanthien.units.tokens import issue_api_token

MONDAY = local(2026, 3, 2, 9)
# On PostgreSQL one statement for the dossier, its receipt event, its audit line and the SMS receipt (BEGIN
# and COMMIT around it; inside the test's transaction, no savepoint either). SQLite prepares nothing and
# writes each row on its own. The answer shows the event as written: nothing is read back.
DOSSIER_STATEMENTS = {"postgresql": 1, "sqlite": 4}


@pytest.fixture(autouse=True)
def _monday_morning():
    with time_machine.travel(MONDAY, tick=False):
        yield


@pytest.fixture
def send(client, officer, commune):
    key = issue_api_token(officer, name="Hệ thống một cửa tỉnh", by=None)

    def post(procedure_code: str, **fields):
        body = {
            "commune_code": commune.code,
            "procedure_code": procedure_code,
            "applicant_name": "Nguyễn Thị Hoa",
        }
        return client.post(
            "/api/v1/dossiers",
            {**body, "applicant_phone": "0912345678", **fields},
            content_type="application/json",
            headers={"Authorization": f"Bearer {key}"},
        )

    return post


def test_a_dossier_received_through_the_api_costs_one_statement_and_writes_everything(send, officer):
    procedure = make_procedure()
    assert send(procedure.code).status_code == 201  # the first one reads the rules it keeps

    with CaptureQueriesContext(connection) as queries:
        response = send(procedure.code)

    assert response.status_code == 201
    assert len(queries.captured_queries) == DOSSIER_STATEMENTS[connection.vendor], [
        q["sql"][:80] for q in queries.captured_queries
    ]
    dossier = Dossier.objects.get(code=response.json()["code"])
    (event,) = DossierEvent.objects.filter(dossier=dossier)
    assert (event.kind, event.new_status, event.actor, event.at) == (
        DossierEvent.Kind.RECEIVED,
        Dossier.Status.RECEIVED,
        officer,
        dossier.received_at,
    )
    assert [(e["kind"], e["by"]) for e in response.json()["events"]] == [("received", str(officer))]
    (line,) = AuditEvent.objects.filter(object_type="dossiers.Dossier", object_id=str(dossier.pk))
    assert (line.action, line.object_repr, line.changes) == (
        "create",
        str(dossier),
        {"procedure": procedure.code, "channel": "in_person"},
    )
    (sms,) = Notification.objects.filter(dedupe_key=f"dossier:{dossier.pk}:received")
    assert (sms.recipient, sms.unit_id, sms.status) == ("0912345678", dossier.commune_id, "queued")
    assert dossier.code in sms.body and f"{dossier.due_on:%d/%m/%Y}" in sms.body
    assert dossier.applicant_search_key == "nguyen thi hoa"


def test_a_procedure_withdrawn_from_the_commune_is_refused_at_once(send, commune):
    procedure = make_procedure()
    assert send(procedure.code).status_code == 201

    CommuneProcedure.objects.create(
        commune=commune, procedure=procedure, offered=False, valid_from=date(2026, 1, 1), legal_basis="QĐ 1"
    )

    assert send(procedure.code).status_code == 422


def test_a_procedure_named_by_a_new_national_code_is_found_at_once(send):
    procedure = make_procedure()
    assert send(procedure.code).status_code == 201

    procedure.national_code = "1.009999"
    procedure.save()

    assert send("1.009999").json()["procedure_code"] == procedure.code


def test_a_retired_procedure_is_refused_at_once(send):
    procedure = make_procedure()
    assert send(procedure.code).status_code == 201

    procedure.is_active = False
    procedure.save()

    assert send(procedure.code).status_code == 422


@time_machine.travel(local(2026, 3, 2, 17), tick=False)
def test_a_new_rule_set_applies_to_the_next_dossier_at_once(send):
    procedure = make_procedure()
    first = send(procedure.code, received_at="2026-03-02T16:30:00+07:00").json()

    rule = IntakeRule.objects.order_by("-valid_from").first()
    rule.pk = None
    rule.valid_from = date(2026, 3, 1)
    rule.paper_cutoff = time(17, 0)  # a paper dossier received at 16:30 now counts from the same day
    rule.save()
    second = send(procedure.code, received_at="2026-03-02T16:30:00+07:00").json()

    assert first["due_date"] != second["due_date"]
