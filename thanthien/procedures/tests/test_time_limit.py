"""How a time limit reads on the pages."""

from decimal import Decimal

import pytest
from django.utils import translation

from thanthien.procedures.templatetags.procedure_tags import time_limit


@pytest.mark.parametrize(
    ("days", "text"),
    [
        (Decimal("0"), "Same day"),
        (Decimal("0.5"), "Half a day"),
        (Decimal("1"), "1 working day"),
        (Decimal("3.0"), "3 working days"),
        (Decimal("1.5"), "1,5 working days"),
        (45, "45 working days"),
        (None, ""),
    ],
)
def test_time_limits_are_written_for_people(days, text):
    with translation.override("en"):
        assert time_limit(days) == text
