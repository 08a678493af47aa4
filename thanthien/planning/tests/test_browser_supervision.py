"""In a real browser: the Front's chair records a visit with two recommendations, the chairman assigns them,
the assignee marks one done with a file, and the Front's chair sees it answered."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from thanthien.browser import demo_logins, log_in, page_fixture  # noqa: F401  (the `page` fixture)
from thanthien.planning.models import Task
from thanthien.units.models import Official

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_recommendation_goes_from_the_front_to_the_assignee_and_back_answered(live_server, page, tmp_path):
    logins = demo_logins()
    assignee = Official.objects.get(user__username="motcua")
    today = timezone.localdate()
    evidence = tmp_path / "bang-niem-yet-moi.pdf"
    evidence.write_bytes(b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n")

    log_in(page, live_server.url, "mttq", logins["mttq"])
    page.goto(live_server.url + "/planning/")
    page.get_by_test_id("visit-new").click()
    page.locator("#id_body").select_option(label="Ủy ban Mặt trận Tổ quốc Việt Nam xã Hoằng Cát")
    page.locator("#id_visited_on").fill(today.isoformat())
    page.locator("#id_subject").fill("Giám sát Bộ phận một cửa quý IV")
    page.locator("#id_members").fill("Hoàng Thị Mặt Trận, Ban Thanh tra nhân dân")
    page.locator("#id_findings").fill("Bảng niêm yết thủ tục chưa cập nhật; thiếu ghế chờ.")
    page.locator("#id_rec-0-text").fill("Cập nhật bảng niêm yết thủ tục hành chính")
    page.locator("#id_rec-0-due_on").fill((today + timedelta(days=14)).isoformat())
    page.locator("#id_rec-1-text").fill("Bố trí thêm ghế chờ cho người dân")
    page.locator("#id_rec-1-due_on").fill((today + timedelta(days=30)).isoformat())
    page.get_by_test_id("visit-save").click()
    expect(page.get_by_test_id("recommendation-row")).to_have_count(2)
    visit_url = page.url
    page.screenshot(path="/tmp/planning_visit_recorded.png", full_page=True)  # noqa: S108

    page.context.clear_cookies()
    log_in(page, live_server.url, "chutich", logins["chutich"])
    for text in ("Cập nhật bảng niêm yết thủ tục hành chính", "Bố trí thêm ghế chờ cho người dân"):
        page.goto(visit_url)
        page.get_by_role("link", name=text).click()
        page.locator("#id_official").select_option(str(assignee.pk))
        page.get_by_test_id("task-assign").click()
        expect(page.get_by_test_id("task-who")).to_have_text(assignee.full_name)

    page.context.clear_cookies()
    log_in(page, live_server.url, "motcua", logins["motcua"])
    page.goto(live_server.url + "/planning/tasks/")
    expect(page.get_by_test_id("task-row")).to_have_count(2)
    page.get_by_role("link", name="Cập nhật bảng niêm yết thủ tục hành chính").click()
    page.locator("#id_upload").set_input_files(str(evidence))
    page.get_by_test_id("evidence-save").click()
    expect(page.get_by_role("link", name="bang-niem-yet-moi.pdf")).to_be_visible()
    page.locator("#id_outcome").select_option("done")
    page.locator("#id_result").fill("Đã thay bảng niêm yết mới")
    page.get_by_test_id("task-answer").click()
    expect(page.get_by_test_id("task-status")).to_contain_text("Đã hoàn thành")
    page.screenshot(path="/tmp/planning_task_done.png", full_page=True)  # noqa: S108

    page.context.clear_cookies()
    log_in(page, live_server.url, "mttq", logins["mttq"])
    page.goto(visit_url)
    answers = page.get_by_test_id("recommendation-answer")
    expect(answers.nth(0)).to_contain_text("Đã thay bảng niêm yết mới")
    expect(answers.nth(1)).to_contain_text("Chưa trả lời")
    page.screenshot(path="/tmp/planning_front_sees_answer.png", full_page=True)  # noqa: S108
    done = Task.objects.get(title="Cập nhật bảng niêm yết thủ tục hành chính")
    assert (done.status, done.done_on, done.evidence.count()) == ("done", today, 1)
