"""The reception screens through the test client: the flows, HTMX swaps, scoping, the public page and feed."""

from datetime import date, datetime, time
from io import BytesIO
from zoneinfo import ZoneInfo

import icalendar
import pytest
import time_machine
from django.urls import reverse
from docx import Document

from conftest import make_person
from thanthien.core.models import AuditEvent
from thanthien.feedback.models import FeedbackItem
from thanthien.reception import services
from thanthien.reception.models import ReceptionRecord
from thanthien.reception.tests.conftest import make_session, plan_dialogue, visit_village, write_entry
from thanthien.units.models import Membership, Role

pytestmark = pytest.mark.django_db
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(autouse=True)
def _mid_september_2026():
    with time_machine.travel(datetime(2026, 9, 20, 9, 0, tzinfo=VIETNAM)):
        yield


ENTRY = {
    "visitor_name": "Lê Văn Bình",
    "visitor_address": "Thôn 1, xã Hoằng Cát",
    "kind": "complaint",
    "topic": "land",
    "content": "Khiếu nại việc đo đạc lại thửa đất số 12",
    "people_count": "2",
    "prior_handling": "",
    "request": "Đo lại ranh giới",
    "outcome": "",
}


def test_an_entry_sent_twice_is_written_once_in_the_log(client, leader, chairman):
    session = make_session(chairman.unit, chairman, date(2026, 9, 17))
    client.force_login(leader)
    url = reverse("reception:session_detail", args=[session.pk])
    key = client.get(url).context["form"]["client_key"].value()

    first = client.post(url, {**ENTRY, "client_key": key})
    again = client.post(url, {**ENTRY, "client_key": key})

    record = ReceptionRecord.objects.get()
    assert len(key) == 32
    assert first["Location"] == again["Location"] == reverse("reception:record_detail", args=[record.pk])


def test_an_issue_of_a_field_visit_sent_twice_makes_one_issue_and_one_feedback_item(
    client, commune, leader, villages, chairman
):
    visit = visit_village(commune, leader, villages[0], chairman, visited_on=date(2026, 9, 2))
    client.force_login(leader)
    url = reverse("reception:field_visit_detail", args=[visit.pk])
    key = client.get(url).context["form"]["client_key"].value()
    data = {"content": "Đường thôn 1 xuống cấp", "kind": "recommendation", "topic": "other"}

    first = client.post(url, {**data, "client_key": key})
    again = client.post(url, {**data, "client_key": key})

    assert (first.status_code, again.status_code) == (302, 302)
    assert visit.issues.count() == 1 and FeedbackItem.objects.count() == 1


def test_a_leader_writes_an_entry_and_turns_it_into_a_petition_with_one_htmx_click(client, leader, chairman):
    session = make_session(chairman.unit, chairman, date(2026, 9, 17))
    client.force_login(leader)

    response = client.post(reverse("reception:session_detail", args=[session.pk]), ENTRY)
    record = ReceptionRecord.objects.get()
    click = client.post(reverse("reception:record_petition", args=[record.pk]), HTTP_HX_REQUEST="true")
    again = client.post(reverse("reception:record_petition", args=[record.pk]), HTTP_HX_REQUEST="true")

    item = FeedbackItem.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "reception:record_detail", args=[record.pk]
    )
    assert (str(record), record.people_count, record.answer_due_on) == ("01/2026", 2, date(2026, 10, 1))
    assert click.status_code == 200 and item.tracking_code in click.content.decode()
    assert "<html" not in click.content.decode()
    assert item.tracking_code in again.content.decode()
    assert FeedbackItem.objects.count() == 1


def test_the_entry_keeps_the_visitor_secret_and_a_leader_reads_it_audited(client, leader, officer, chairman):
    """Issue #13 item 2: the desk officer (and a Party secretary) read the denouncer's name on the entry."""
    record = write_entry(make_session(chairman.unit, chairman, date(2026, 9, 17)), leader)
    client.force_login(officer)
    page = client.get(reverse("reception:record_detail", args=[record.pk])).content.decode()
    assert "Trần Thị Hoa" not in page and 'data-testid="reveal"' not in page
    assert client.post(reverse("reception:record_reveal", args=[record.pk])).status_code == 403

    client.force_login(leader)
    page = client.get(reverse("reception:record_detail", args=[record.pk])).content.decode()
    assert "Trần Thị Hoa" not in page and 'data-testid="reveal"' in page
    shown = client.post(reverse("reception:record_reveal", args=[record.pk]))

    assert "Trần Thị Hoa" in shown.content.decode() and shown["Cache-Control"] == "no-store"
    assert AuditEvent.objects.filter(
        action="view", object_id=str(record.pk), actor=leader, changes__viewed="sender_identity"
    ).exists()


def test_an_unanswered_entry_past_its_due_date_shows_late(client, leader, chairman):
    record = write_entry(make_session(chairman.unit, chairman, date(2026, 8, 27)), leader)  # due 15/9/2026
    client.force_login(leader)

    home = client.get(reverse("reception:reception_home"))
    detail = client.get(reverse("reception:record_detail", args=[record.pk]))

    assert reverse("reception:record_detail", args=[record.pk]) in home.content.decode()
    assert 'data-testid="answer-state" class="error"' in detail.content.decode()


def test_another_communes_officer_gets_404_for_every_reception_object(
    client, commune, leader, chairman, outsider_officer, villages
):
    session = make_session(commune, chairman, date(2026, 9, 17))
    record = write_entry(session, leader)
    dialogue = plan_dialogue(
        commune, leader, chairman, title="Đối thoại", planned_on=date(2026, 9, 1), place="Hội trường"
    )
    commitment = services.add_dialogue_commitment(
        dialogue, by=leader, content="Sửa cầu", owner=chairman, due_on=date(2026, 10, 1)
    )
    visit = visit_village(commune, leader, villages[0], chairman, visited_on=date(2026, 9, 2))
    client.force_login(outsider_officer)

    urls = [
        reverse("reception:session_detail", args=[session.pk]),
        reverse("reception:record_detail", args=[record.pk]),
        reverse("reception:dialogue_detail", args=[dialogue.pk]),
        reverse("reception:dialogue_minutes", args=[dialogue.pk]),
        reverse("reception:field_visit_detail", args=[visit.pk]),
        f"{reverse('reception:reception_home')}?commune={commune.pk}",
        f"{reverse('reception:dialogue_list')}?commune={commune.pk}",
    ]
    posts = [
        reverse("reception:record_petition", args=[record.pk]),
        reverse("reception:commitment_done", args=[commitment.pk]),
    ]

    assert [client.get(url).status_code for url in urls] == [404] * len(urls)
    assert [client.post(url, {"result": "x"}).status_code for url in posts] == [404, 404]
    assert not FeedbackItem.objects.exists()


def test_the_fatherland_front_sees_the_schedule_and_dialogues_but_not_the_log(
    client, commune, leader, chairman
):
    record = write_entry(make_session(commune, chairman, date(2026, 9, 17)), leader)
    client.force_login(make_person("mttq", commune, Role.SUPERVISOR))

    assert client.get(reverse("reception:session_detail", args=[record.session.pk])).status_code == 200
    assert (
        "Trần Thị Hoa"
        not in client.get(reverse("reception:session_detail", args=[record.session.pk])).content.decode()
    )
    assert client.get(reverse("reception:record_detail", args=[record.pk])).status_code == 404
    assert client.get(reverse("reception:dialogue_list")).status_code == 200


def test_the_home_page_warns_of_a_week_without_the_chairman_and_a_year_without_a_dialogue(
    client, commune, leader, chairman
):
    commune.valid_from = date(2025, 7, 1)
    commune.save(update_fields=["valid_from"])
    client.force_login(leader)

    page = client.get(reverse("reception:reception_home")).content.decode()

    assert 'data-testid="schedule-gap"' in page
    assert 'data-testid="dialogue-missing-2025"' in page
    assert 'data-testid="dialogue-missing-2026"' in page


def test_a_leader_adds_a_thursday_rule_and_generates_the_sessions_from_the_screen(
    client, commune, leader, chairman
):
    client.force_login(leader)

    client.post(
        reverse("reception:rule_add"),
        {
            "commune": commune.pk,
            "leader": chairman.pk,
            "capacity": "chairman",
            "frequency": "weekly",
            "weekdays": ["3"],
            "month_days": "",
            "place": "Trụ sở UBND xã",
            "starts_at": "07:30",
            "ends_at": "11:00",
            "valid_from": "2026-09-01",
        },
    )
    client.post(
        reverse("reception:sessions_generate"),
        {"commune": commune.pk, "first": "2026-09-14", "last": "2026-11-15"},
    )
    page = client.get(reverse("reception:reception_home")).content.decode()

    assert commune.reception_sessions.count() == 9  # Thursdays 17/9 to 12/11/2026
    assert 'data-testid="schedule-gap"' not in page


def test_the_owner_marks_a_commitment_done_with_htmx(client, commune, leader, chairman):
    dialogue = plan_dialogue(
        commune, leader, chairman, title="Đối thoại", planned_on=date(2026, 9, 1), place="Hội trường"
    )
    commitment = services.add_dialogue_commitment(
        dialogue, by=leader, content="Sửa cầu", owner=chairman, due_on=date(2026, 9, 10)
    )
    client.force_login(leader)

    listed = client.get(reverse("reception:commitment_list")).content.decode()
    row = client.post(
        reverse("reception:commitment_done", args=[commitment.pk]),
        {"result": "Đã sửa xong"},
        HTTP_HX_REQUEST="true",
    ).content.decode()

    commitment.refresh_from_db()
    assert 'class="late"' in listed and "Sửa cầu" in listed
    assert commitment.status == "done" and "Đã sửa xong" in row and row.startswith('<tr id="commitment-')


def test_the_minutes_download_is_a_word_file(client, commune, leader, chairman):
    dialogue = plan_dialogue(
        commune, leader, chairman, title="Đối thoại năm 2026", planned_on=date(2026, 9, 1), place="Hội trường"
    )
    client.force_login(leader)

    response = client.get(reverse("reception:dialogue_minutes", args=[dialogue.pk]))

    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument")
    assert "BIÊN BẢN HỘI NGHỊ ĐỐI THOẠI" in [p.text for p in Document(BytesIO(response.content)).paragraphs]
    assert AuditEvent.objects.filter(action="export", object_id=str(dialogue.pk)).exists()


def test_the_public_page_shows_the_schedule_and_never_a_visitor(client, commune, leader, chairman):
    write_entry(make_session(commune, chairman, date(2026, 9, 17)), leader)
    make_session(commune, chairman, date(2026, 9, 24))
    make_session(commune, chairman, date(2026, 10, 1), planned_on=date(2026, 9, 30))

    home = client.get(reverse("portal:commune_home", args=[commune.slug])).content.decode()
    page = client.get(reverse("portal:reception_schedule", args=[commune.slug])).content.decode()

    assert reverse("portal:reception_schedule", args=[commune.slug]) in home
    assert "24/09/2026" in page and "07:30" in page and "Nguyễn Văn Chủ Tịch" in page
    assert "chuyển từ ngày 30/09/2026" in page
    assert "Trần Thị Hoa" not in page and "Thôn 2, xã Hoằng Cát" not in page


def test_the_ical_feed_parses_back_with_vietnam_times(client, commune, chairman):
    session = make_session(commune, chairman, date(2026, 10, 1), planned_on=date(2026, 9, 2))

    response = client.get(reverse("portal:reception_ics", args=[commune.slug]))

    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    [event] = calendar.walk("VEVENT")
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert start == datetime(2026, 10, 1, 7, 30, tzinfo=VIETNAM)
    assert start.utcoffset().total_seconds() == 7 * 3600
    assert end.astimezone(ZoneInfo("UTC")).time() == time(4, 0)
    assert str(event["uid"]).startswith(f"reception-session-{session.pk}@")
    assert "Nguyễn Văn Chủ Tịch" in str(event["summary"])
    assert "02/09/2026" in str(event["description"])
    assert calendar.walk("VTIMEZONE")[0]["tzid"] == "Asia/Ho_Chi_Minh"


def test_an_unknown_commune_has_no_public_schedule(client):
    assert client.get(reverse("portal:reception_schedule", args=["khong-co"])).status_code == 404
    assert client.get(reverse("portal:reception_ics", args=["khong-co"])).status_code == 404


def test_the_officials_home_page_flags_a_past_year_without_a_dialogue(client, commune, leader):
    commune.valid_from = date(2025, 7, 1)
    commune.save(update_fields=["valid_from"])
    # The commune had its accounts in 2025: it used the platform that year (units.queries.in_use_since).
    Membership.objects.filter(user=leader).update(created_at=datetime(2025, 8, 1, 9, tzinfo=VIETNAM))
    client.force_login(leader)

    page = client.get(reverse("home")).content.decode()

    assert page.count('data-testid="home-dialogue-missing"') == 1
    assert "2025" in page.split('data-testid="home-dialogue-missing"')[1][:300]


def test_a_planned_session_without_entries_is_cancelled_with_its_reason(client, commune, leader, chairman):
    session = make_session(commune, chairman, date(2026, 9, 24))
    client.force_login(leader)

    client.post(reverse("reception:session_cancel", args=[session.pk]), {"reason": "Chủ tịch họp tại tỉnh"})

    session.refresh_from_db()
    assert (session.status, session.reason) == ("cancelled", "Chủ tịch họp tại tỉnh")
    public = client.get(reverse("portal:reception_schedule", args=[commune.slug])).content.decode()
    assert "24/09/2026" in public


def test_a_session_with_entries_cannot_be_cancelled(commune, leader, chairman):
    from django.core.exceptions import ValidationError

    session = make_session(commune, chairman, date(2026, 9, 17))
    write_entry(session, leader)

    with pytest.raises(ValidationError):
        services.cancel_session(session, by=leader, reason="Nhầm")


def test_no_dialogue_warning_for_the_years_before_the_commune_used_the_platform(client, commune, leader):
    commune.valid_from = date(2025, 7, 1)
    commune.save(update_fields=["valid_from"])
    # Its first account came in 2026: 2025 was kept elsewhere, and 2026 is not over.
    Membership.objects.filter(user=leader).update(created_at=datetime(2026, 2, 1, 9, tzinfo=VIETNAM))

    with time_machine.travel(datetime(2026, 11, 20, 9, tzinfo=VIETNAM), tick=False):
        client.force_login(leader)
        page = client.get(reverse("home")).content.decode()
    with time_machine.travel(datetime(2027, 1, 5, 9, tzinfo=VIETNAM), tick=False):
        client.force_login(leader)  # a login lasts a working day
        next_year = client.get(reverse("home")).content.decode()

    assert 'data-testid="home-dialogue-missing"' not in page
    warning = next_year.split('data-testid="home-dialogue-missing"')[1][:300]
    assert "2026" in warning and "2025" not in warning
