"""In a real browser: a citizen sends feedback from a phone, the chairman handles and answers it on the case
page, and the citizen reads the answer by the tracking code (and on the commune's published answers)."""

import pytest
from playwright.sync_api import expect

from thanthien.browser import demo_logins, log_in, page_fixture  # noqa: F401  (the `page` fixture)
from thanthien.feedback.models import FeedbackItem
from thanthien.notifications.models import Notification
from thanthien.units.models import Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
ANSWER = "Xã đã nạo vét rãnh thoát nước thôn 4 ngày 28/11."


def test_a_citizen_sends_from_a_phone_the_chairman_answers_the_citizen_reads_it(live_server, page):
    logins = demo_logins()
    commune = Unit.objects.get(slug="hoang-cat", level="commune")
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/x/{commune.slug}/gop-y/")
    page.get_by_label("Nội dung").fill("Rãnh thoát nước thôn 4 bị tắc, nước tràn vào nhà dân khi mưa")
    page.locator("#id_name").fill("Đặng Thị Thu")
    page.locator("#id_contact").fill("0912345678")
    page.get_by_role("button", name="Gửi").click()
    code = page.get_by_test_id("tracking-code").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    office = page.context.browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    desk = office.new_page()
    log_in(desk, live_server.url, "chutich", logins["chutich"])
    desk.goto(f"{live_server.url}/feedback/")
    desk.get_by_role("link", name=code).click()
    expect(desk.get_by_test_id("status")).to_have_text("Đã tiếp nhận")
    assert "Đặng Thị Thu" not in desk.content()
    desk.get_by_test_id("accept").click()
    expect(desk.get_by_test_id("status")).to_have_text("Đã thụ lý")
    desk.locator("#id_resolve-public_answer").fill(ANSWER)
    desk.locator("#id_resolve-publish").check()
    desk.get_by_test_id("resolve").click()
    expect(desk.get_by_test_id("status")).to_have_text("Đã trả lời, giải quyết")
    desk.get_by_test_id("send-answer").click()
    expect(desk.get_by_test_id("close")).to_be_visible()
    expect(desk.get_by_test_id("timeline")).to_contain_text("Đã gửi trả lời")
    office.close()

    page.goto(f"{live_server.url}/x/{commune.slug}/gop-y/tra-cuu/")
    page.get_by_label("Mã tra cứu").fill(code.lower())
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.get_by_test_id("feedback-answer")).to_have_text(ANSWER)
    page.goto(f"{live_server.url}/x/{commune.slug}/gop-y/tra-loi/")
    expect(page.get_by_test_id("published-answer")).to_contain_text(ANSWER)
    assert "Đặng Thị Thu" not in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    item = FeedbackItem.objects.get(tracking_code=code)
    assert (item.status, item.is_published, item.answer_sent_on is not None) == ("resolved", True, True)
    assert item.answer_sent_via == "outbox"
    assert ANSWER in Notification.objects.get(recipient="0912345678").body
