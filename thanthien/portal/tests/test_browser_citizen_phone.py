"""A citizen on a phone (390×844, Debian's Chromium): the commune's first screen, the look-up, the rating,
feedback with a photo, the schedule and a bad link. Screenshots go to $CITIZEN_SCREENSHOTS when it is set."""

import os
from datetime import time, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from thanthien.browser import demo_logins, page_fixture  # noqa: F401  (the `page` fixture)
from thanthien.dossiers.tests.factories import receive_at
from thanthien.feedback.models import FeedbackAttachment, FeedbackItem
from thanthien.reception.models import ReceptionSession
from thanthien.units.models import Official, Unit, User

PHONE = {"width": 390, "height": 844}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 500


def shoot(page, tmp_path: Path, name: str) -> None:
    folder = Path(os.environ.get("CITIZEN_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def above_the_fold(page, test_id: str) -> bool:
    box = page.get_by_test_id(test_id).bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_on_a_phone_a_citizen_looks_up_a_dossier_and_rates_it_from_the_first_screen(
    live_server, page, tmp_path
):
    demo_logins()
    commune = Unit.objects.get(slug="hoang-cat", level="commune")
    dossier = receive_at(timezone.now() - timedelta(hours=2), commune, User.objects.get(username="motcua"))
    page.set_viewport_size(PHONE)

    page.goto(f"{live_server.url}/x/{commune.slug}/")
    shoot(page, tmp_path, "1-home")
    assert above_the_fold(page, "home-lookup-submit") and above_the_fold(page, "home-rate")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_label("Mã hồ sơ").fill(dossier.code.lower())
    page.get_by_label("4 số cuối").fill("5678")
    page.get_by_test_id("home-lookup-submit").click()
    expect(page.get_by_test_id("lookup-status")).to_have_text("Đã tiếp nhận")
    shoot(page, tmp_path, "2-lookup-result")

    page.get_by_test_id("brand").click()  # the site's name leads back to the commune, not to the login
    expect(page).to_have_url(f"{live_server.url}/x/{commune.slug}/")
    page.get_by_label("Mã hồ sơ").fill(dossier.code)
    page.get_by_label("4 số cuối").fill("5678")
    page.get_by_test_id("home-rate").click()
    comment = page.get_by_test_id("rate-comment")
    assert comment.bounding_box()["y"] < page.get_by_test_id("rate-4").bounding_box()["y"]
    shoot(page, tmp_path, "3-rate")
    comment.fill("Cán bộ hướng dẫn tận tình")
    page.get_by_test_id("rate-4").click()
    expect(page.get_by_test_id("rate-done")).to_contain_text("Xin cảm ơn")
    shoot(page, tmp_path, "3b-rate-done")  # answered before the middleware stack (portal.form_lane)
    assert dossier.ratings.get().comment == "Cán bộ hướng dẫn tận tình"

    response = page.goto(page.url)  # the link again: used
    assert response.status == 410
    expect(page.get_by_test_id("rate-already")).to_be_visible()
    shoot(page, tmp_path, "4-rate-used")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_on_a_phone_a_citizen_sends_a_photo_then_sees_the_schedule_and_a_friendly_404(
    live_server, page, tmp_path
):
    demo_logins()
    commune = Unit.objects.get(slug="hoang-cat", level="commune")
    leader = Official.objects.filter(unit=commune).first()
    today = timezone.localdate()
    for days, status in ((-7, "held"), (-3, "planned"), (3, "planned")):
        ReceptionSession.objects.create(
            commune=commune,
            leader=leader,
            capacity="chairman",
            planned_on=today + timedelta(days=days),
            held_on=today + timedelta(days=days),
            starts_at=time(7, 30),
            ends_at=time(11, 0),
            place="Phòng tiếp công dân",
            status=status,
        )
    photo = tmp_path / "cong-vo.png"
    photo.write_bytes(PNG)
    page.set_viewport_size(PHONE)

    page.goto(f"{live_server.url}/x/{commune.slug}/gop-y/")
    village = Unit.objects.filter(parent=commune, level="village", valid_to__isnull=True).order_by("name")[0]
    page.locator("select[name=village]").select_option(label=village.name)  # the commune's current villages
    page.get_by_label("Nội dung").fill("Cống thoát nước ở thôn 3 bị vỡ, nước tràn ra đường")
    page.get_by_label("Ảnh hoặc tệp đính kèm").set_input_files(str(photo))
    shoot(page, tmp_path, "4b-feedback-form")
    page.get_by_role("button", name="Gửi").click()
    expect(page.locator("h1")).to_have_text("Đã gửi")
    code = page.get_by_test_id("tracking-code").inner_text()
    expect(page.get_by_test_id("sent-attachments")).to_have_text("1 tệp")
    shoot(page, tmp_path, "5-feedback-sent")
    assert FeedbackAttachment.objects.get().item == FeedbackItem.objects.get(
        tracking_code=code, village=village
    )

    page.goto(f"{live_server.url}/x/{commune.slug}/gop-y/")
    page.get_by_label("Nội dung").fill("Thử gửi tệp sai")
    wrong = tmp_path / "bang.xlsx"
    wrong.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    page.get_by_label("Ảnh hoặc tệp đính kèm").set_input_files(str(wrong))
    page.get_by_role("button", name="Gửi").click()
    expect(page.get_by_test_id("feedback-errors")).to_be_visible()
    expect(page.get_by_label("Nội dung")).to_have_value("Thử gửi tệp sai")
    shoot(page, tmp_path, "6-feedback-wrong-file")
    assert FeedbackItem.objects.count() == 1

    page.goto(f"{live_server.url}/x/{commune.slug}/tiep-cong-dan/")
    expect(page.get_by_test_id("public-sessions")).to_contain_text("Thứ ")
    expect(page.get_by_test_id("past-sessions")).to_contain_text("Đã tổ chức")
    expect(page.get_by_test_id("past-sessions")).to_contain_text("Chưa ghi nhận đã tiếp")
    shoot(page, tmp_path, "7-reception")

    response = page.goto(f"{live_server.url}/x/{commune.slug}/danh-gia/hong-roi/")
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("Đường dẫn đánh giá này không dùng được")
    shoot(page, tmp_path, "8-rate-link-bad")
    response = page.goto(f"{live_server.url}/x/{commune.slug}/khong-co/")
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("Không tìm thấy trang")
    shoot(page, tmp_path, "9-not-found")
    page.get_by_role("link", name="Về trang chủ của xã").click()
    expect(page).to_have_url(f"{live_server.url}/x/{commune.slug}/")
