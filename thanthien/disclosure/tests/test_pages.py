from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from conftest import make_person
from thanthien.disclosure import services
from thanthien.disclosure.models import Announcement, DisclosureItem, Place
from thanthien.disclosure.tests.factories import budget, household, item, pdf, village
from thanthien.feedback.models import FeedbackItem
from thanthien.feedback.services import receive_feedback
from thanthien.units.models import Role

XSS = "<script>alert('x')</script>"


def posted(commune, officer, **extra):
    published = item(commune, officer, files=[pdf()], **extra)
    services.record_posting(published, by=officer, place=Place.COMMUNE_OFFICE, posted_on=timezone.localdate())
    return published


@pytest.mark.django_db
def test_public_list_filters_by_category_and_year_and_searches_without_diacritics(client, commune, officer):
    posted(commune, officer, title="Quyết toán ngân sách 2025")
    posted(commune, officer, title="Kế hoạch sử dụng đất")

    page = client.get(
        reverse("disclosure_public:list", args=[commune.slug]), {"q": "quyet toan"}
    ).content.decode()

    assert "Quyết toán ngân sách 2025" in page
    assert "Kế hoạch sử dụng đất" not in page
    year = client.get(
        reverse("disclosure_public:list", args=[commune.slug]),
        {"category": "budget", "year": str(timezone.localdate().year)},
    )
    assert year.content.decode().count("/cong-khai/") >= 2


@pytest.mark.django_db
def test_an_item_not_posted_yet_is_not_public(client, commune, officer):
    draft = item(commune, officer)

    response = client.get(reverse("disclosure_public:detail", args=[commune.slug, draft.public_code]))

    assert response.status_code == 404


@pytest.mark.django_db
def test_html_in_a_title_or_body_is_escaped_on_every_page_and_in_the_print(client, commune, officer):
    published = posted(commune, officer, title=f"Dự toán {XSS}", summary=f"Tóm tắt {XSS}")
    announcement = services.create_announcement(
        commune,
        by=officer,
        category="event",
        title=f"Tin {XSS}",
        body=f"Nội dung {XSS}",
        publish_at=timezone.now() - timedelta(minutes=1),
    )
    client.force_login(officer)
    urls = [
        reverse("disclosure_public:list", args=[commune.slug]),
        reverse("disclosure_public:detail", args=[commune.slug, published.public_code]),
        reverse("disclosure_public:print", args=[commune.slug, published.public_code]),
        reverse("disclosure_public:feed", args=[commune.slug]),
        reverse("disclosure_public:announcements", args=[commune.slug]),
        reverse("disclosure_public:announcement", args=[commune.slug, announcement.public_code]),
        reverse("portal:commune_home", args=[commune.slug]),
        reverse("disclosure:detail", args=[published.pk]),
        reverse("disclosure:calendar") + f"?commune={commune.pk}",
        reverse("disclosure:announcements") + f"?commune={commune.pk}",
        reverse("disclosure:script", args=[announcement.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert XSS not in response.content.decode(), url


@pytest.mark.django_db
def test_the_print_carries_a_qr_code_of_the_item_page(client, commune, officer):
    published = posted(commune, officer)

    page = client.get(
        reverse("disclosure_public:print", args=[commune.slug, published.public_code])
    ).content.decode()

    assert "<svg" in page
    assert f"/cong-khai/{published.public_code}/" in page


@pytest.mark.django_db
def test_the_file_is_served_with_its_type(client, commune, officer):
    published = posted(commune, officer)
    attached = published.files.get()

    response = client.get(
        reverse("disclosure_public:file", args=[commune.slug, published.public_code, attached.pk])
    )

    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


@pytest.mark.django_db
def test_a_question_from_the_item_page_arrives_linked_and_staff_see_it(client, commune, officer):
    published = posted(commune, officer)

    response = client.post(
        reverse("disclosure_public:ask", args=[commune.slug, published.public_code]),
        {"question": "Xin hỏi khoản chi cho đường thôn?"},
    )

    feedback = FeedbackItem.objects.get()
    assert response.status_code == 302 and feedback.tracking_code in response["Location"]
    client.force_login(officer)
    staff = client.get(reverse("disclosure:detail", args=[published.pk])).content.decode()
    assert feedback.tracking_code in staff


@pytest.mark.django_db
def test_staff_form_refuses_a_wrong_file_in_vietnamese_and_saves_nothing(client, commune, officer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(officer)
    bad = SimpleUploadedFile("bang-ke.pdf", b"GIF89a not a pdf")
    data = {"obligation": budget().pk, "title": "Dự toán", "approved_on": "2026-01-05", "files": [pdf(), bad]}

    response = client.post(reverse("disclosure:create") + f"?commune={commune.pk}", data)

    assert response.status_code == 400
    assert "không thực sự là tệp PDF" in response.content.decode()
    assert not DisclosureItem.objects.exists()


@pytest.mark.django_db
def test_staff_pages_of_another_commune_are_404(client, commune, officer, outsider_officer):
    published = item(commune, officer)
    client.force_login(outsider_officer)

    assert client.get(reverse("disclosure:detail", args=[published.pk])).status_code == 404


def _board_api(client, commune):
    return client.get(reverse("api:public_board", args=[commune.code]))


@pytest.mark.django_db
def test_board_json_equals_the_figures_api_for_the_same_commune_and_period(client, commune, officer):
    posted(commune, officer)
    board = _board_api(client, commune).json()
    province_reviewer = make_person("tinh", commune.parent, Role.REVIEWER)
    client.force_login(province_reviewer)

    for name in ("month", "year"):
        period = board[name]
        api = client.get(
            reverse("api:report_figures"),
            {"unit": commune.code, "from": period["date_from"], "to": period["date_to"]},
        ).json()
        for section, values in period.items():
            if section not in ("date_from", "date_to"):
                assert values == api[section], (name, section)
    assert board["year"]["disclosure"]["due"] >= 0


@pytest.mark.django_db
def test_board_pages_and_json_carry_no_name_or_phone(client, commune, officer):
    leader = make_person("ct", commune, Role.LEADER, "Nguyễn Văn Chủ Tịch")
    east = village(commune)
    household(east, "Trần Thị Hộ Dân", "0987654321")
    posted(commune, officer)
    receive_feedback(
        commune,
        by=AnonymousUser(),
        kind="question",
        channel="web_form",
        content="Hỏi",
        contact="0911222333",
    )
    pages = [
        _board_api(client, commune).content.decode(),
        client.get(reverse("disclosure_public:board", args=[commune.slug])).content.decode(),
        client.get(reverse("disclosure_public:board_tv", args=[commune.slug])).content.decode(),
        client.get(reverse("disclosure_public:board_csv", args=[commune.slug])).content.decode(),
    ]
    for page in pages:
        for secret in (leader.full_name, officer.full_name, "Trần Thị Hộ Dân", "0987654321", "0911222333"):
            assert secret not in page


@pytest.mark.django_db
def test_the_tv_board_refreshes_itself_and_needs_no_login(client, commune):
    page = client.get(reverse("disclosure_public:board_tv", args=[commune.slug])).content.decode()

    assert 'http-equiv="refresh"' in page


@pytest.mark.django_db
def test_board_json_is_rate_limited(client, commune, monkeypatch):
    from thanthien.disclosure import api

    monkeypatch.setattr(api, "REQUESTS_PER_MINUTE", 2)

    statuses = [_board_api(client, commune).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]


@pytest.mark.django_db
def test_board_csv_lists_the_figures_of_month_and_year(client, commune):
    rows = client.get(reverse("disclosure_public:board_csv", args=[commune.slug])).content.decode("utf-8-sig")

    assert rows.splitlines()[0] == "section,figure,month,year"
    assert "dossiers,received,0,0" in rows


@pytest.mark.django_db
def test_a_scheduled_announcement_is_not_on_the_public_pages_before_its_time(client, commune, officer):
    services.create_announcement(
        commune,
        by=officer,
        category=Announcement.Category.POLICY,
        title="Sắp có",
        body="...",
        publish_at=timezone.now() + timedelta(days=1),
    )

    home = client.get(reverse("portal:commune_home", args=[commune.slug])).content.decode()
    listed = client.get(reverse("disclosure_public:announcements", args=[commune.slug])).content.decode()

    assert "Sắp có" not in home and "Sắp có" not in listed


@pytest.mark.django_db
def test_a_question_sent_twice_from_the_item_page_is_recorded_once(client, commune, officer):
    published = posted(commune, officer)
    url = reverse("disclosure_public:detail", args=[commune.slug, published.public_code])
    key = client.get(url).context["form"]["client_key"].value()
    ask = reverse("disclosure_public:ask", args=[commune.slug, published.public_code])

    first = client.post(ask, {"question": "Xin hỏi khoản chi cho đường thôn?", "client_key": key})
    again = client.post(ask, {"question": "Xin hỏi khoản chi cho đường thôn?", "client_key": key})

    feedback = FeedbackItem.objects.get()
    assert len(key) == 32
    assert first["Location"] == again["Location"] and feedback.tracking_code in again["Location"]


@pytest.mark.django_db
def test_an_announcement_form_sent_twice_records_one_announcement(client, commune, officer):
    client.force_login(officer)
    url = reverse("disclosure:announcement_create") + f"?commune={commune.pk}"
    key = client.get(url).context["form"]["client_key"].value()
    publish_at = timezone.localtime() + timedelta(days=1)
    data = {
        "category": Announcement.Category.values[0],
        "title": "Lịch tiêm chủng tháng 12",
        "body": "Trạm y tế xã tiêm chủng cho trẻ em vào sáng thứ Hai.",
        "publish_at": publish_at.strftime("%Y-%m-%dT%H:%M"),
        "client_key": key,
    }

    first = client.post(url, data)
    again = client.post(url, data)

    assert (first.status_code, again.status_code) == (302, 302)
    assert Announcement.objects.count() == 1


@pytest.mark.django_db
def test_the_disclosure_forms_offer_the_current_villages_and_an_edit_keeps_an_ended_one(
    client, commune, officer
):
    current = village(commune, "t1", "Thôn Mới")
    ended = village(commune, "t2", "Thôn Cũ")
    publish_at = timezone.localtime() + timedelta(days=1)
    announcement = services.create_announcement(
        commune,
        by=officer,
        category=Announcement.Category.values[0],
        title="Họp thôn",
        body="Họp thôn tối thứ Bảy.",
        publish_at=publish_at,
        villages=[ended],
    )
    ended.valid_to = timezone.localdate() - timedelta(days=1)
    ended.save()
    client.force_login(officer)

    def offered(url, field="villages"):
        return list(client.get(url).context["form"].fields[field].queryset)

    query = f"?commune={commune.pk}"
    assert offered(reverse("disclosure:create") + query) == [current]
    assert offered(reverse("disclosure:announcement_create") + query) == [current]
    assert offered(reverse("disclosure:announcement_edit", args=[announcement.pk])) == [ended, current]
    published = item(commune, officer)
    posting = client.get(reverse("disclosure:detail", args=[published.pk])).context["posting_form"]
    assert list(posting.fields["village"].queryset) == [current]
