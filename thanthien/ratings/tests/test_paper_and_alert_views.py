"""Paper slips typed in at the office, and the leader's alert inbox, through the pages."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from thanthien.core.models import AuditEvent
from thanthien.procedures.models import Procedure
from thanthien.ratings import services
from thanthien.ratings.models import Rating, RatingAlert
from thanthien.units.models import Official

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(commune):
    return Official.objects.create(unit=commune, full_name="Lê Văn Tư Pháp", title="Công chức tư pháp")


def slip(key="slip-1", **fields):
    return {"level": "3", "rated_on": f"{timezone.localdate():%d/%m/%Y}", "submission_key": key, **fields}


def test_an_officer_types_in_a_slip_and_a_double_click_saves_it_once(client, officer, clerk):
    procedure = Procedure.objects.filter(is_active=True).first()
    client.force_login(officer)
    url = reverse("ratings:paper_slip")
    fields = {"official": clerk.pk, "procedure": procedure.pk, "element_time": "1", "comment": "Hơi lâu"}

    first = client.post(url, slip(**fields))
    second = client.post(url, slip(**fields))

    assert first.status_code == second.status_code == 302
    rating = Rating.objects.get()
    assert (rating.channel, rating.level, rating.official, rating.procedure) == ("paper", 3, clerk, procedure)
    assert (rating.details, rating.entered_by) == ({"time": 1}, officer)
    assert AuditEvent.objects.filter(action="create", object_id=str(rating.pk)).count() == 1
    page = client.get(url)
    assert page.context["entered_today"] == 1


def test_a_slip_sent_again_is_reported_as_already_saved(client, officer):
    client.force_login(officer)
    url = reverse("ratings:paper_slip")
    first = client.post(url, slip(), follow=True)

    again = client.post(url, slip(), follow=True)

    assert [message.level_tag for message in first.context["messages"]] == ["success"]
    assert [message.level_tag for message in again.context["messages"]] == ["info"]
    assert Rating.objects.count() == 1


@pytest.mark.parametrize(
    "fields, error_field",
    [
        ({"level": "9"}, "level"),
        ({"rated_on": "31/12/2999"}, "rated_on"),
        ({"rated_on": "2026-13-45"}, "rated_on"),
        ({"dossier_code": "KHONG-CO"}, "dossier_code"),
    ],
)
def test_a_bad_slip_is_shown_again_with_its_error_and_nothing_is_saved(client, officer, fields, error_field):
    client.force_login(officer)

    response = client.post(reverse("ratings:paper_slip"), slip(**fields))

    assert response.status_code == 200
    assert response.context["form"].errors[error_field], response.context["form"].errors
    assert not Rating.objects.exists()


def test_an_official_of_another_commune_cannot_be_chosen_on_a_slip(client, officer, other_commune):
    stranger = Official.objects.create(unit=other_commune, full_name="Trần Văn Khác", title="Công chức")
    client.force_login(officer)

    response = client.post(reverse("ratings:paper_slip"), slip(official=stranger.pk))

    assert response.context["form"].errors["official"]
    assert not Rating.objects.exists()


def test_the_paper_page_needs_a_role_at_a_commune(client, reviewer):
    client.force_login(reviewer)

    assert client.get(reverse("ratings:paper_slip")).status_code == 403


@pytest.fixture
def alert(commune, clerk):
    services.record_rating(
        commune, level=1, channel="kiosk", official=clerk, comment="Cán bộ không hướng dẫn"
    )
    return RatingAlert.objects.get()


def test_the_leader_sees_the_alert_with_the_comment_and_closes_it(client, leader, alert):
    client.force_login(leader)

    inbox = client.get(reverse("ratings:alert_list"))
    detail = client.get(reverse("ratings:alert_detail", args=[alert.pk]))
    closed = client.post(
        reverse("ratings:alert_detail", args=[alert.pk]), {"action": "talked_to", "note": "Đã gặp, nhắc nhở"}
    )

    assert list(inbox.context["page"]) == [alert]
    assert "Cán bộ không hướng dẫn" in detail.content.decode()
    assert closed.status_code == 302
    alert.refresh_from_db()
    assert (alert.is_open, alert.action, alert.action_note) == (False, "talked_to", "Đã gặp, nhắc nhở")
    assert list(client.get(reverse("ratings:alert_list")).context["page"]) == []


def test_the_home_page_tells_the_leader_there_is_an_alert(client, leader, alert):
    client.force_login(leader)

    response = client.get(reverse("home"))

    assert response.context["open_rating_alerts"] == 1
    assert 'data-testid="home-rating-alerts"' in response.content.decode()


def test_an_officer_sees_no_alert_and_another_commune_gets_404(client, officer, outsider_officer, alert):
    client.force_login(officer)
    assert list(client.get(reverse("ratings:alert_list")).context["page"]) == []
    assert client.get(reverse("ratings:alert_detail", args=[alert.pk])).status_code == 404

    client.force_login(outsider_officer)
    assert client.get(reverse("ratings:alert_detail", args=[alert.pk])).status_code == 404


def test_the_reviewer_reads_the_alert_but_cannot_close_it(client, reviewer, alert):
    client.force_login(reviewer)

    assert client.get(reverse("ratings:alert_detail", args=[alert.pk])).context["form"] is None
    response = client.post(reverse("ratings:alert_detail", args=[alert.pk]), {"action": "handled"})

    assert response.status_code == 403
    alert.refresh_from_db()
    assert alert.is_open


def test_a_slip_dated_yesterday_keeps_its_date(client, officer):
    client.force_login(officer)
    yesterday = timezone.localdate() - timedelta(days=1)

    client.post(reverse("ratings:paper_slip"), slip(rated_on=f"{yesterday:%d/%m/%Y}"))

    assert timezone.localdate(Rating.objects.get().rated_at) == yesterday
