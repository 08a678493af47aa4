"""A small fuzz over the API and the public forms: odd strings, numbers and dates never give a 500."""

import itertools

import pytest

from thanthien.units.tokens import issue_api_token

pytestmark = pytest.mark.django_db

ODD_TEXT = ["", "\x00", "\x0b", "\udc00", "=1+1", "x" * 30_000, "9" * 30, "🙂" * 10, "' OR 1=1 --"]
ODD_NUMBERS = [-1, 0, 2**63, -(2**63) - 1, 10**30]
ODD_DATES = ["0001-01-01", "9999-12-31", "2026-02-30", "2026-01-01T00:00:00", "x"]


@pytest.fixture
def headers(officer):
    return {"Authorization": f"Bearer {issue_api_token(officer, name='Fuzz', by=None)}"}


def bodies(commune_code):
    base = {
        "/api/v1/feedback": {"commune_code": commune_code, "kind": "reflection", "content": "Đèn hỏng"},
        "/api/v1/feedback/staff/cases": {
            "commune_code": commune_code,
            "kind": "reflection",
            "channel": "phone",
            "content": "Đèn hỏng",
        },
        "/api/v1/ratings": {"commune_code": commune_code, "level": 4, "idempotency_key": "k"},
        "/api/v1/dossiers": {"commune_code": commune_code, "procedure_code": "X", "applicant_name": "A"},
    }
    for path, body in base.items():
        for field, value in itertools.product(body, ODD_TEXT + ODD_NUMBERS + ODD_DATES):
            yield path, {**body, field: value}
        for field in ("received_on", "rated_at", "received_at", "level", "official_id", "village_code"):
            for value in ODD_NUMBERS + ODD_DATES:
                yield path, {**body, field: value}


def test_odd_bodies_never_give_a_server_error(client, commune, headers):
    failures = []
    for number, (path, body) in enumerate(bodies(commune.code)):
        response = client.post(
            path,
            body,
            content_type="application/json",
            headers=headers,
            REMOTE_ADDR=f"10.0.{number // 250}.{number % 250}",
        )
        if response.status_code >= 500:
            failures.append((path, body))
    assert not failures


@pytest.mark.parametrize("value", [str(v) for v in ODD_NUMBERS] + ODD_DATES + ["abc", "%00"])
def test_odd_query_strings_never_give_a_server_error(client, leader, commune, value):
    client.force_login(leader)
    urls = [
        f"/api/v1/feedback/staff/cases?limit={value}&offset={value}",
        f"/api/v1/reports/figures?unit={commune.code}&from={value}&to={value}",
        f"/api/v1/ratings/summary?unit={commune.code}&from={value}&to={value}",
        f"/reports/satisfaction/?unit={commune.pk}&date_from={value}&date_to={value}",
        f"/reports/communes/{commune.code}/?from={value}&to={value}",
        f"/letters/batch/?ids={value}",
        f"/feedback/?page={value}&q={value}",
        f"/ratings/alerts/?page={value}",
        f"/dossiers/?page={value}&q={value}",
    ]
    codes = {url: client.get(url).status_code for url in urls}
    assert all(code < 500 for code in codes.values()), codes


@pytest.mark.parametrize("value", ["²", "٣", "99999999999999999999999"])
def test_digits_python_reads_but_int_does_not_never_give_a_server_error(client, leader, officer, value):
    """ "²".isdigit() is True yet int("²") fails: ids from the query string go through core.validation."""
    for user, url in [
        (officer, f"/ratings/kiosk/?official={value}"),
        (officer, f"/ratings/paper/?commune={value}"),
        (leader, f"/letters/templates/?commune={value}"),
        (officer, f"/feedback/receive/?commune={value}"),
    ]:
        client.force_login(user)
        assert client.get(url).status_code < 500, url


def test_odd_steps_of_a_case_and_of_a_dossier_never_give_a_server_error(client, officer, commune, headers):
    from django.utils import timezone

    from thanthien.dossiers.tests.factories import receive_at
    from thanthien.feedback.tests.helpers import receive

    item = receive(officer, commune)
    dossier = receive_at(timezone.now(), commune, officer)
    steps = [
        "classify",
        "accept",
        "decline",
        "assign",
        "extend",
        "verify",
        "dialogue",
        "resolve",
        "send",
        "close",
        "publish",
        "transfer",
        "useful",
    ]
    fields = [
        "reason",
        "accepted_on",
        "assignee_id",
        "verified_on",
        "held_on",
        "resolved_on",
        "minutes",
        "decision_on",
        "referral_on",
        "kind",
        "topic",
    ]
    odd = ODD_NUMBERS + ODD_DATES + ODD_TEXT[:5]
    calls = [
        (f"/api/v1/feedback/staff/cases/{item.tracking_code}/steps", {"step": step, field: value})
        for step in steps
        for field in fields
        for value in odd
    ]
    kinds = ["supplement", "supplemented", "reject", "postpone", "hand_over"]
    calls += [
        (f"/api/v1/dossiers/{dossier.code}/events", {"kind": kind, field: value})
        for kind in kinds
        for field in ("new_due_date", "reason", "office", "note", "missing_items")
        for value in odd
    ]
    failures = []
    for path, body in calls:
        if client.post(path, body, content_type="application/json", headers=headers).status_code >= 500:
            failures.append((path, body))
    assert not failures
