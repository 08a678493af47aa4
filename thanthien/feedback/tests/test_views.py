"""Officers' screens through the test client: intake, box opening, list, steps, figures, public answers."""

import io
from datetime import date

import openpyxl
import pytest
from django.urls import reverse

from conftest import make_unit
from thanthien.feedback import services
from thanthien.feedback.models import FeedbackItem, SuggestionBoxOpening
from thanthien.feedback.tests.helpers import accepted_and_assigned, official_for, receive, signed_complaint

pytestmark = pytest.mark.django_db


def test_an_officer_records_a_hotline_call_and_gets_the_form_back_for_the_next(client, officer, commune):
    village = make_unit("38-hc-t2", "Thôn Hai", "village", commune)
    client.force_login(officer)

    response = client.post(
        reverse("feedback:intake"),
        {
            "channel": "hotline",
            "kind": "reflection",
            "topic": "environment",
            "village": village.pk,
            "content": "Bãi rác tự phát cạnh kênh thôn Hai",
            "is_anonymous": "on",
            "client_key": "k1",
        },
    )

    assert response.status_code == 302 and response["Location"].endswith(f"?commune={commune.pk}")
    item = FeedbackItem.objects.get()
    assert (item.channel, item.village, item.is_anonymous, item.received_by) == (
        "hotline",
        village,
        True,
        officer,
    )


def test_an_anonymous_complaint_is_refused_on_the_intake_screen_in_vietnamese(client, officer):
    client.force_login(officer)

    response = client.post(
        reverse("feedback:intake"), {"channel": "desk", "kind": "complaint", "topic": "land", "content": "K"}
    )

    assert response.status_code == 400
    assert "Khiếu nại không được nặc danh" in response.content.decode()
    assert not FeedbackItem.objects.exists()


def test_a_box_opening_enters_its_items_and_skips_empty_rows(client, officer, commune):
    client.force_login(officer)
    data = {
        "opened_on": "30/11/2026",
        "location": "Nhà văn hóa thôn Một",
        "opened_by": "Ông Hà (MTTQ), bà Lý",
        "items-TOTAL_FORMS": "3",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "50",
        "items-0-kind": "reflection",
        "items-0-topic": "infrastructure",
        "items-0-content": "Cống thôn tắc",
        "items-1-kind": "praise",
        "items-1-topic": "other",
        "items-1-content": "Cảm ơn cán bộ tư pháp",
        "items-2-kind": "reflection",
        "items-2-topic": "other",
        "items-2-content": "",
    }

    response = client.post(reverse("feedback:box_opening"), data)

    assert response.status_code == 302
    opening = SuggestionBoxOpening.objects.get()
    assert (opening.item_count, opening.recorded_by, opening.opened_on) == (2, officer, date(2026, 11, 30))
    assert set(FeedbackItem.objects.values_list("channel", flat=True)) == {"suggestion_box"}


def test_the_list_filters_by_kind_and_overdue_and_exports_to_excel(client, officer, commune):
    late = receive(officer, commune, content="Đèn hỏng")  # answer due 16/11/2026: overdue today
    receive(officer, commune, kind="praise", content="Cảm ơn xã nhiều")
    client.force_login(officer)

    overdue = client.get(reverse("feedback:list"), {"overdue": "on"}).content.decode()
    praise = client.get(reverse("feedback:list"), {"kind": "praise"}).content.decode()
    export = client.get(reverse("feedback:list"), {"kind": "reflection", "format": "xlsx"})

    assert late.tracking_code in overdue and "Cảm ơn xã nhiều" not in overdue
    assert "Cảm ơn xã nhiều" in praise and late.tracking_code not in praise
    rows = list(openpyxl.load_workbook(io.BytesIO(export.content)).active.values)
    assert len(rows) == 2 and rows[1][1] == late.tracking_code


def test_another_communes_officer_gets_404_for_a_case(client, officer, outsider_officer, commune):
    item = receive(officer, commune)
    client.force_login(outsider_officer)

    assert client.get(reverse("feedback:detail", args=[item.tracking_code])).status_code == 404
    assert client.post(reverse("feedback:step", args=[item.tracking_code, "accept"])).status_code == 404


def test_an_officer_and_the_leader_take_a_case_to_its_close_on_the_case_page(
    client, officer, leader, commune
):
    item = receive(officer, commune, contact="0912 000 111", identity=services.Identity("Hà Văn Nam"))
    handler = official_for(officer, commune)
    code = item.tracking_code

    client.force_login(leader)
    assert client.post(reverse("feedback:step", args=[code, "accept"]), {}).status_code == 302
    client.post(reverse("feedback:step", args=[code, "assign"]), {"assign-assignee": handler.pk})
    client.force_login(officer)
    client.post(reverse("feedback:step", args=[code, "resolve"]), {"resolve-public_answer": "Đã sửa."})
    client.post(reverse("feedback:step", args=[code, "send"]))
    client.post(reverse("feedback:step", args=[code, "close"]))
    page = client.get(reverse("feedback:detail", args=[code])).content.decode()

    item.refresh_from_db()
    assert item.status == "closed" and item.answer_sent_via == "outbox"
    assert "Đã gửi trả lời" in page or "Answer sent" in page


def test_a_refused_step_shows_the_reason_and_changes_nothing(client, officer, commune):
    item = receive(officer, commune)
    client.force_login(officer)

    response = client.post(
        reverse("feedback:step", args=[item.tracking_code, "decline"]),
        {"decline-reason": "Không thuộc thẩm quyền", "decline-legal_basis": ""},
    )

    assert response.status_code == 400
    item.refresh_from_db()
    assert item.status == "received"


def test_the_leaders_figures_count_what_was_received_resolved_and_overdue(client, officer, leader, commune):
    for number in range(4):
        item = accepted_and_assigned(
            receive(officer, commune, content=f"Đơn {number}"), leader, officer, commune
        )
        services.resolve_feedback(
            item, by=officer, public_answer="Đã trả lời", resolved_on=date(2026, 11, 13)
        )
    receive(officer, commune, kind="recommendation", content="Kiến nghị còn đang xử lý")
    client.force_login(leader)

    page = client.get(reverse("reports:feedback"), {"date_from": "01/11/2026", "date_to": "30/11/2026"})

    figures = page.context["counts"]
    assert (figures.total.received, figures.total.resolved, figures.total.in_progress) == (5, 4, 1)
    assert figures.total.overdue == 1  # the recommendation's answer was due 16/11
    assert figures.average_days_to_resolve == 11.0
    assert {row.key: row.received for row in figures.by_kind} == {"reflection": 4, "recommendation": 1}
    assert "feedback-chart-data" in page.content.decode()


def test_the_public_page_lists_published_answers_without_the_submission(client, officer, leader, commune):
    item = accepted_and_assigned(
        receive(officer, commune, content="Ông Tư ở xóm 3 đổ rác"), leader, officer, commune
    )
    services.resolve_feedback(item, by=officer, public_answer="Xã đã dọn bãi rác.", publish=True)
    hidden = accepted_and_assigned(receive(officer, commune, content="Đơn khác"), leader, officer, commune)
    services.resolve_feedback(hidden, by=officer, public_answer="Trả lời riêng.")
    client.logout()

    page = client.get(reverse("portal:feedback_answers", args=[commune.slug])).content.decode()

    assert "Xã đã dọn bãi rác." in page and "Trả lời riêng." not in page
    assert "Ông Tư" not in page


@pytest.mark.django_db
def test_the_dialogue_step_asks_for_the_notice_day_and_refuses_a_dialogue_too_soon(
    client, officer, leader, commune
):
    item = accepted_and_assigned(signed_complaint(officer, commune), leader, officer, commune)
    client.force_login(officer)
    url = reverse("feedback:step", args=[item.tracking_code, "dialogue"])
    fields = {
        "dialogue-held_on": "16/11/2026",
        "dialogue-minutes": "Hai bên giữ ý kiến.",
        "dialogue-is_minutes_signed": "on",
    }

    too_soon = client.post(url, {**fields, "dialogue-notice_on": "12/11/2026"})
    in_time = client.post(url, {**fields, "dialogue-notice_on": "10/11/2026"})

    assert too_soon.status_code == 400
    assert "Thông báo đối thoại phải gửi trước ít nhất 5 ngày" in too_soon.content.decode()
    assert in_time.status_code == 302
    item.refresh_from_db()
    assert (item.dialogue_notice_on, item.dialogue_on) == (date(2026, 11, 10), date(2026, 11, 16))


def test_the_staff_screens_offer_the_current_villages_and_a_case_keeps_its_ended_village(
    client, officer, commune
):
    current = make_unit("38-hc-t3", "Thôn Ba", "village", commune)
    ended = make_unit("38-hc-t8", "Thôn Tám (cũ)", "village", commune)
    item = receive(officer, commune, village=ended)
    ended.valid_to = date(2025, 6, 30)
    ended.save()
    client.force_login(officer)

    intake = client.get(reverse("feedback:intake")).context["form"].fields["village"].queryset
    case = client.get(reverse("feedback:detail", args=[item.tracking_code]))
    refused = client.post(
        reverse("feedback:intake"),
        {
            "channel": "hotline",
            "kind": "reflection",
            "topic": "environment",
            "village": ended.pk,
            "content": "K",
        },
    )

    assert list(intake) == [current]
    assert list(case.context["classify_form"].fields["village"].queryset) == [current, ended]
    assert refused.status_code == 400 and refused.context["form"].errors["village"]
    assert FeedbackItem.objects.count() == 1
