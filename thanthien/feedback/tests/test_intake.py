"""Which submissions may be received and accepted: pure rules."""

import pytest

from thanthien.feedback.intake import Sender, acceptance_problem, receipt_problem

SIGNED = Sender(is_anonymous=False, is_signed=True, has_name=True, has_address=True, has_contact=True)
ANONYMOUS = Sender(is_anonymous=True, is_signed=False, has_name=False, has_address=False, has_contact=False)


@pytest.mark.parametrize(
    ("kind", "sender", "problem"),
    [
        ("complaint", ANONYMOUS, "anonymous_complaint"),
        ("complaint", SIGNED, None),
        ("denunciation", ANONYMOUS, None),  # received as information (art. 25), never accepted
        ("reflection", ANONYMOUS, None),
        ("reflection", Sender(False, False, False, False, False), None),
        ("complaint", Sender(False, True, False, True, True), "no_name"),
    ],
)
def test_what_may_be_received(kind, sender, problem):
    assert receipt_problem(kind, sender) == problem


@pytest.mark.parametrize(
    ("kind", "sender", "problem"),
    [
        ("complaint", SIGNED, None),
        ("complaint", Sender(False, False, True, True, True), "unsigned"),
        ("denunciation", SIGNED, None),
        ("denunciation", ANONYMOUS, "anonymous_denunciation"),
        ("denunciation", Sender(False, False, True, True, True), "unsigned"),
        ("denunciation", Sender(False, True, True, True, False), "incomplete_identity"),
        ("reflection", ANONYMOUS, None),
    ],
)
def test_what_may_be_accepted(kind, sender, problem):
    assert acceptance_problem(kind, sender) == problem
