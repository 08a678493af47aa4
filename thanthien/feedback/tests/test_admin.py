"""The admin: legal time limits are edited there and audited; a case's page never shows the identity."""

from datetime import date

import pytest
from django.urls import reverse

from thanthien.core.models import AuditEvent
from thanthien.feedback import services
from thanthien.feedback.models import LegalTimeLimit
from thanthien.feedback.services import Identity
from thanthien.units.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.create_superuser("quantri", password="mật-khẩu-thử-1"))
    return client


def test_an_administrator_changes_a_time_limit_and_the_change_is_audited(admin_client):
    limit = LegalTimeLimit.objects.get(
        case_kind="complaint", step="accept", instance="first", valid_from=date(2026, 7, 1)
    )
    url = reverse("admin:feedback_legaltimelimit_change", args=[limit.pk])
    data = {
        "case_kind": "complaint",
        "step": "accept",
        "instance": "first",
        "area": "normal",
        "days": 7,
        "counting": "working_days",
        "repeats": 1,
        "valid_from": "01/07/2026",
        "certainty": "B",
        "legal_basis": limit.legal_basis,
        "note": "Đã đối chiếu Công báo.",
    }

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    limit.refresh_from_db()
    assert limit.certainty == "B"
    assert AuditEvent.objects.get(object_type="feedback.LegalTimeLimit").changes["certainty"] == ["B-", "B"]


def test_a_cases_admin_pages_never_show_the_senders_identity(admin_client, officer, commune):
    item = services.receive_feedback(
        commune,
        by=officer,
        kind="denunciation",
        channel="desk",
        content="Tố cáo hành vi nhận hối lộ.",
        is_signed=True,
        identity=Identity("Hoàng Thị Xuân", "Thôn Hạ", "0901 111 222"),
    )

    listing = admin_client.get(reverse("admin:feedback_feedbackitem_changelist")).content.decode()
    detail = admin_client.get(reverse("admin:feedback_feedbackitem_change", args=[item.pk])).content.decode()

    assert item.tracking_code in listing
    assert "Xuân" not in listing + detail and "0901" not in listing + detail
