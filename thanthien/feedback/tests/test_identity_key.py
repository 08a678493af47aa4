"""The identity key: `check --deploy` fails without it (or with one that cannot read the stored rows), and a
citizen whose named submission cannot be encrypted reads a clear message, never a server error (#13, 9)."""

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse
from django.utils import translation

from thanthien.feedback import services
from thanthien.feedback.checks import identity_key_check
from thanthien.feedback.models import FeedbackItem, SenderIdentity

pytestmark = pytest.mark.django_db
MESSAGE = "Hiện chưa nhận được ý kiến có ghi tên"


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


def named_complaint(commune):
    return services.receive_feedback(
        commune,
        by=None,
        kind="complaint",
        channel="web_form",
        content="Khiếu nại thu hồi đất",
        identity=services.Identity("Nguyễn Thị Khiếu", "Thôn 2", "0912000111"),
    )


def deploy_check_ids() -> set[str | None]:
    return {error.id for error in identity_key_check()}


def test_check_deploy_fails_without_the_key(settings):
    settings.FEEDBACK_IDENTITY_KEY = ""

    with pytest.raises(SystemCheckError, match=r"feedback\.E001"):
        call_command("check", deploy=True)


def test_check_deploy_fails_with_an_invalid_key_or_the_public_development_key(settings):
    settings.FEEDBACK_IDENTITY_KEY = "not-a-key"
    invalid = deploy_check_ids()
    settings.FEEDBACK_IDENTITY_KEY = settings.DEV_IDENTITY_KEY

    assert invalid == {"feedback.E002"}
    assert deploy_check_ids() == {"feedback.E003"}


def test_check_deploy_fails_with_a_key_that_cannot_read_the_stored_identities(settings, commune):
    old = Fernet.generate_key().decode()
    settings.FEEDBACK_IDENTITY_KEY = old
    named_complaint(commune)
    settings.FEEDBACK_IDENTITY_KEY = Fernet.generate_key().decode()

    with pytest.raises(SystemCheckError, match=r"feedback\.E004"):
        call_command("check", deploy=True)


def test_a_rotated_key_that_keeps_the_old_one_passes(settings, commune):
    old = Fernet.generate_key().decode()
    settings.FEEDBACK_IDENTITY_KEY = old
    named_complaint(commune)
    settings.FEEDBACK_IDENTITY_KEY = f"{Fernet.generate_key().decode()},{old}"

    assert deploy_check_ids() == set()


def test_the_public_form_without_the_key_says_so_in_vietnamese_and_keeps_nothing(client, settings, commune):
    settings.FEEDBACK_IDENTITY_KEY = ""
    data = {
        "kind": "complaint",
        "topic": "other",
        "content": "Khiếu nại",
        "client_key": "k1",
        "name": "Lê Văn Khiếu",
        "contact": "0987654321",
    }

    response = client.post(reverse("portal:feedback_form", args=[commune.slug]), data)

    assert response.status_code == 400
    assert MESSAGE in response.content.decode()
    assert not FeedbackItem.objects.exists() and not SenderIdentity.objects.exists()


def test_the_api_without_the_key_answers_a_clear_error_and_keeps_nothing(client, settings, commune):
    settings.FEEDBACK_IDENTITY_KEY = ""
    body = {
        "commune_code": commune.code,
        "kind": "complaint",
        "is_anonymous": False,
        "name": "Lê Văn Khiếu",
        "content": "Khiếu nại thu hồi đất",
    }

    response = client.post(
        "/api/v1/feedback", body, content_type="application/json", REMOTE_ADDR="203.0.113.9"
    )

    assert response.status_code == 422
    assert MESSAGE in response.json()["errors"][0]
    assert not FeedbackItem.objects.exists()


def test_a_leader_reading_an_identity_with_a_wrong_key_gets_a_page_not_a_500(
    client, settings, commune, leader
):
    item = named_complaint(commune)
    settings.FEEDBACK_IDENTITY_KEY = Fernet.generate_key().decode()
    client.force_login(leader)

    response = client.post(reverse("feedback:reveal", args=[item.tracking_code]))

    assert response.status_code == 503
    assert "khóa định danh của máy chủ không đúng" in response.content.decode()
    assert "Nguyễn Thị Khiếu" not in response.content.decode()
