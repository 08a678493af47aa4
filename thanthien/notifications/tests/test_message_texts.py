"""The texts the one-stop desk sends fit an SMS as configured (no diacritics, SMS_MAX_SEGMENTS) whole:
nothing of them, not even the rating link, is cut, even for a long procedure name."""

import pytest
from django.conf import settings

from thanthien.dossiers import messages
from thanthien.dossiers.tests.factories import local, make_procedure, receive_at
from thanthien.notifications.sms import measure, prepare, strip_diacritics

pytestmark = pytest.mark.django_db
LONG_PROCEDURE = (
    "Liên thông các thủ tục hành chính về đăng ký khai sinh, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi"
)


@pytest.mark.parametrize(
    "text_of",
    [
        messages.receipt_text,
        messages.supplement_text,
        messages.rejection_text,
        messages.ready_text,
        messages.postponement_text,
        messages.at_risk_text,
    ],
)
def test_each_dossier_message_fits_the_sms_limit_whole(commune, officer, text_of):
    procedure = make_procedure(code="LT-KS-BHYT", name=LONG_PROCEDURE)
    dossier = receive_at(local(2026, 12, 1), commune, officer, procedure=procedure)

    text = messages.in_citizens_language(text_of, dossier)
    sent = prepare(text, unicode=False, max_segments=settings.SMS_MAX_SEGMENTS)

    assert sent == strip_diacritics(" ".join(text.split()))  # not cut
    assert measure(sent).segments <= settings.SMS_MAX_SEGMENTS
    assert measure(text).encoding == "ucs2" and measure(sent).encoding == "gsm7"
