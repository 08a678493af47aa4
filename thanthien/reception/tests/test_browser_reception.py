"""A leader in a real browser: writes a reception log entry and turns it into a petition in one click."""

import re
from datetime import time

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from thanthien.browser import demo_logins, log_in, page_fixture  # noqa: F401  (the `page` fixture)
from thanthien.feedback.models import FeedbackItem
from thanthien.reception import services
from thanthien.reception.models import ReceptionRecord
from thanthien.units.models import Official

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_leader_records_a_visit_and_makes_it_a_petition_in_one_click(live_server, page, tmp_path):
    logins = demo_logins()
    chairman = Official.objects.select_related("user", "unit").get(user__username="chutich")
    session = services.schedule_ad_hoc_session(
        chairman.unit,
        by=chairman.user,
        leader=chairman,
        capacity="chairman",
        held_on=timezone.localdate(),
        starts_at=time(7, 30),
        ends_at=time(11, 0),
        place="Phòng tiếp công dân",
        reason="Nhiều hộ cùng kiến nghị",
    )
    log_in(page, live_server.url, "chutich", logins["chutich"])

    page.goto(live_server.url + "/reception/")
    page.get_by_role("link", name=timezone.localdate().strftime("%d/%m/%Y")).first.click()
    expect(page).to_have_url(f"{live_server.url}/reception/sessions/{session.pk}/")
    form = page.get_by_test_id("record-form")
    form.locator("#id_visitor_name").fill("Đỗ Thị Thu")
    form.locator("#id_visitor_address").fill("Thôn 5, xã Hoằng Cát")
    form.locator("#id_kind").select_option("complaint")
    form.locator("#id_topic").select_option("land")
    form.locator("#id_content").fill("Khiếu nại quyết định thu hồi đất làm đường")
    form.locator("#id_people_count").fill("4")
    page.get_by_test_id("record-save").click()

    expect(page.get_by_test_id("record-number")).to_have_text(f"01/{timezone.localdate().year}")
    page.get_by_test_id("create-petition").click()

    petition = page.get_by_test_id("petition")
    expect(petition).to_contain_text(re.compile(r"\b[2-9A-Z]{8}\b"))
    item = FeedbackItem.objects.get()
    expect(petition).to_contain_text(item.tracking_code)
    expect(page.get_by_test_id("create-petition")).to_have_count(0)
    record = ReceptionRecord.objects.get()
    assert (record.feedback_item, record.people_count, item.channel) == (item, 4, "reception_session")
    assert "Đỗ Thị Thu" not in item.content
    # The entry keeps the visitor secret; the chairman (a leader) asks, and the reading is audited.
    expect(page.get_by_test_id("visitor")).not_to_contain_text("Đỗ Thị Thu")
    page.screenshot(path=tmp_path / "reception_entry.png", full_page=True)
    page.get_by_test_id("reveal").click()
    expect(page.get_by_test_id("identity")).to_contain_text("Đỗ Thị Thu")
    page.screenshot(path=tmp_path / "reception_entry_revealed.png", full_page=True)


def test_a_leader_records_a_dialogue_commitment_and_marks_it_done(live_server, page):
    logins = demo_logins()
    chairman = Official.objects.select_related("user", "unit").get(user__username="chutich")
    today = timezone.localdate()
    dialogue = services.schedule_dialogue(
        chairman.unit,
        by=chairman.user,
        level="commune",
        title="Hội nghị đối thoại với Nhân dân",
        planned_on=today,
        place="Hội trường UBND xã",
        chaired_by=chairman,
    )
    log_in(page, live_server.url, "chutich", logins["chutich"])

    page.goto(f"{live_server.url}/reception/dialogues/{dialogue.pk}/")
    page.get_by_text("Ghi nội dung cam kết").click()
    page.locator("#id_content").last.fill("Lắp đèn chiếu sáng đường trục thôn 2")
    page.locator("#id_owner").select_option(str(chairman.pk))
    page.locator("#id_due_on").fill(today.isoformat())
    page.get_by_test_id("commitment-save").click()
    page.get_by_test_id("commitment-result").fill("Đã lắp 20 bóng đèn")
    page.get_by_test_id("commitment-done").click()

    expect(page.get_by_test_id("commitment-status")).to_contain_text("Đã hoàn thành")
    expect(page.get_by_test_id("commitment-status")).to_contain_text("Đã lắp 20 bóng đèn")
    commitment = dialogue.commitments.get()
    assert (commitment.status, commitment.done_on, commitment.owner) == ("done", today, chairman)
