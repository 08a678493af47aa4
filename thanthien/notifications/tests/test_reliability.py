"""Outbox reliability, on the suite's database engine (SQLite file or PostgreSQL): a few hundred
messages through a gateway that fails half the requests and stalls after accepting some, two real worker
processes, one SIGKILLed in the middle and restarted; each message is delivered exactly once.
`bench/outbox_reliability.py` runs the same with 10,000 (figures in bench/README.md).
"""

import os

from django.conf import settings

from thanthien.notifications.tests.reliability import run

MESSAGES = int(os.environ.get("OUTBOX_RELIABILITY_MESSAGES", "300"))


def _postgres_server() -> tuple[str, str]:
    """(server URL, a database name of this run's own) when the suite runs on PostgreSQL, else ("", "")."""
    database = settings.DATABASES["default"]
    if "postgresql" not in database["ENGINE"]:
        return "", ""
    password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
    port = database.get("PORT") or 5432
    url = f"postgres://{database['USER']}{password}@{database['HOST'] or '127.0.0.1'}:{port}/postgres"
    return url, f"{database['NAME']}_outbox"


def test_each_message_is_delivered_exactly_once_through_a_flaky_gateway_and_a_killed_worker(tmp_path):
    postgres_url, name = _postgres_server()

    figures = run(MESSAGES, tmp_path, postgres_url=postgres_url, database_name=name, time_limit=240)

    assert figures.killed_holding > 0 or figures.killed_after_delivered < MESSAGES  # killed mid-run
    assert figures.delivered == MESSAGES  # gateway side: distinct messages handed to recipients
    assert figures.delivered_keys_match_outbox  # ...and they are exactly the outbox's messages
    assert figures.statuses == {"sent": MESSAGES}
    assert figures.message_ids_match  # every row holds the id the gateway gave its one delivery
    assert figures.duplicate_attempts > 0  # retries after accepted-but-unanswered did happen...
    assert figures.mismatched_duplicates == 0  # ...with the same number and text, so deduped, not resent
    assert figures.overlaps == 0  # never two attempts of one message at the gateway at once
    assert figures.answered["refused"] > MESSAGES * 0.3 and figures.answered["stalled"] > 0
    assert figures.attempts_recorded >= figures.gateway_requests  # every request was a counted attempt
