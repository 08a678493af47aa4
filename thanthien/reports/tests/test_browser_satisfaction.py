"""The leader's satisfaction dashboard and alert inbox in a real browser."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from thanthien.browser import demo_logins, log_in, page_fixture  # noqa: F401  (the `page` fixture)
from thanthien.ratings import services
from thanthien.ratings.models import RatingAlert
from thanthien.units.models import Official, Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_leader_reads_the_charts_then_closes_the_alert_a_comment_raised(live_server, page):
    logins = demo_logins()
    commune = Unit.objects.get(slug="hoang-cat", level="commune")
    official = Official.objects.filter(unit=commune).first()
    for level in (4, 4, 3, 1):
        comment = "Phải chờ lâu, không được hướng dẫn" if level == 1 else ""
        services.record_rating(
            commune, level=level, channel="kiosk", official=official, comment=comment, rated_at=timezone.now()
        )
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    log_in(page, live_server.url, "chutich", logins["chutich"])
    expect(page.get_by_test_id("home-rating-alerts")).to_contain_text("1")
    page.get_by_role("link", name="Sự hài lòng", exact=True).click()

    expect(page.get_by_test_id("satisfaction-rate")).to_have_text("75,0%")
    expect(page.get_by_test_id("not-dissatisfied-rate")).to_have_text("75,0%")
    page.wait_for_function(
        "() => window.Chart && Chart.getChart('chart-periods') && Chart.getChart('chart-officials')"
    )
    datasets = page.evaluate("() => Chart.getChart('chart-periods').data.datasets.map(d => d.label)")
    assert any("97" in label or "tiêu" in label.lower() for label in datasets), datasets
    assert errors == []

    page.get_by_test_id("open-alerts").click()
    page.get_by_test_id("alert-list").get_by_role("link").first.click()
    expect(page.get_by_test_id("alert-comment")).to_have_text("Phải chờ lâu, không được hướng dẫn")
    page.get_by_label("Đã trao đổi với cán bộ").check()
    page.get_by_label("Ghi chú").fill("Đã gặp người dân và cán bộ, xin lỗi và hướng dẫn lại")
    page.get_by_role("button", name="Ghi nhận và đóng").click()

    expect(page.get_by_test_id("alert-list")).to_contain_text("Không có cảnh báo")
    alert = RatingAlert.objects.get()
    assert (alert.is_open, alert.action, alert.closed_by.username) == (False, "talked_to", "chutich")
