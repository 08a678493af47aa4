"""Keeping the reception schedule and log, the dialogue conferences and the field visits.

One module per aggregate: `sessions` (the schedule: rules and sessions), `log` (the reception log),
`dialogues` (dialogue conferences) and `field_visits`. This package re-exports their public functions, so
callers keep writing `reception.services.record_reception_entry(...)`.

Every function is one transaction, checks its own permission and writes the audit log. What the people
raise becomes a feedback item through `feedback.services.receive_feedback`, the one intake of every channel.
Audit entries never copy a visitor's name or address.
"""

from thanthien.reception.services._common import RAISED_KINDS
from thanthien.reception.services.dialogues import (
    add_dialogue_commitment,
    add_dialogue_issue,
    complete_commitment,
    record_dialogue_held,
    schedule_dialogue,
    send_dialogue_issue_to_feedback,
)
from thanthien.reception.services.field_visits import add_field_visit_issue, record_field_visit
from thanthien.reception.services.log import (
    answer_due_on,
    answer_visitor,
    create_petition,
    may_reveal_visitor,
    record_reception_entry,
    reveal_visitor,
    split_reception_entry,
)
from thanthien.reception.services.sessions import (
    add_reception_rule,
    cancel_session,
    generate_sessions,
    mark_session_held,
    schedule_ad_hoc_session,
)

__all__ = [
    "RAISED_KINDS",
    "add_dialogue_commitment",
    "add_dialogue_issue",
    "add_field_visit_issue",
    "add_reception_rule",
    "answer_due_on",
    "answer_visitor",
    "cancel_session",
    "complete_commitment",
    "create_petition",
    "generate_sessions",
    "mark_session_held",
    "may_reveal_visitor",
    "record_dialogue_held",
    "record_field_visit",
    "record_reception_entry",
    "reveal_visitor",
    "schedule_ad_hoc_session",
    "schedule_dialogue",
    "send_dialogue_issue_to_feedback",
    "split_reception_entry",
]
