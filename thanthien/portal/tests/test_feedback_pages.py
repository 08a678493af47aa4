"""The public feedback form and tracking page, through the pages and on a phone-sized real browser."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from conftest import make_unit
from thanthien.browser import demo_logins, page_fixture  # noqa: F401  (the `page` fixture)
from thanthien.feedback import services
from thanthien.feedback.models import FeedbackItem, SenderIdentity
from thanthien.units.models import Unit, User


def form_data(**fields):
    return {
        "kind": "reflection",
        "topic": "other",
        "content": "Rác thải ở kênh thôn 2",
        "client_key": "k1",
        **fields,
    }


@pytest.mark.django_db
def test_a_citizen_sends_feedback_without_an_account_and_lands_on_the_sent_page(client, commune):
    village = make_unit("38-hc-t2", "Thôn 2", "village", commune)

    response = client.post(
        reverse("portal:feedback_form", args=[commune.slug]), form_data(village=village.pk)
    )

    item = FeedbackItem.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:feedback_sent", args=[commune.slug, item.tracking_code])
    assert (item.channel, item.village, item.is_anonymous) == ("web_form", village, True)


@pytest.mark.django_db
def test_the_form_offers_the_current_villages_only_and_refuses_another(client, commune, other_commune):
    from datetime import date

    make_unit("38-hc-t1", "Thôn 1", "village", commune)
    ended = make_unit("38-hc-t9", "Thôn 9 (cũ)", "village", commune)
    elsewhere = make_unit("38-hx-t1", "Thôn Xuân", "village", other_commune)
    url = reverse("portal:feedback_form", args=[commune.slug])
    client.get(url)  # the villages are kept per process from here on
    ended.valid_to = date(2025, 6, 30)
    ended.save()  # a change to a unit is seen at once by the process that made it

    offered = client.get(url).context["form"].fields["village"].choices
    refused = [client.post(url, form_data(village=village.pk)) for village in (ended, elsewhere)]

    assert [label for _value, label in offered] == ["---------", "Thôn 1"]
    assert [answer.status_code for answer in refused] == [400, 400]
    assert all(answer.context["form"].errors["village"] for answer in refused)
    assert not FeedbackItem.objects.exists()


@pytest.mark.django_db
def test_a_resent_form_is_kept_once_and_a_robot_is_thanked_and_ignored(client, commune):
    url = reverse("portal:feedback_form", args=[commune.slug])

    client.post(url, form_data())
    client.post(url, form_data())
    robot = client.post(url, form_data(client_key="k2", website="http://spam.example"))

    assert FeedbackItem.objects.count() == 1
    assert robot.status_code == 200 and robot.context["robot"]


@pytest.mark.django_db
def test_an_anonymous_complaint_is_refused_on_the_form_and_a_named_one_is_encrypted(client, commune):
    url = reverse("portal:feedback_form", args=[commune.slug])

    refused = client.post(url, form_data(kind="complaint"))
    kept = client.post(
        url, form_data(kind="complaint", client_key="k3", name="Lê Văn Khiếu", contact="0987654321")
    )

    assert refused.status_code == 400 and refused.context["form"].non_field_errors()
    assert kept.status_code == 302
    identity = SenderIdentity.objects.get()
    assert "0987654321" not in identity.contact_encrypted
    page = client.get(kept["Location"]).content.decode()
    assert "Lê Văn Khiếu" not in page and "0987654321" not in page


@pytest.mark.django_db
def test_a_flood_of_submissions_from_one_address_is_stopped(client, commune):
    url = reverse("portal:feedback_form", args=[commune.slug])

    codes = [client.post(url, form_data(client_key=f"k{n}")).status_code for n in range(12)]

    assert codes[:10] == [302] * 10 and codes[10:] == [429, 429]


@pytest.mark.django_db
def test_an_unknown_code_or_another_communes_code_is_not_found(client, commune, other_commune):
    client.post(reverse("portal:feedback_form", args=[commune.slug]), form_data())
    code = FeedbackItem.objects.get().tracking_code

    assert client.get(reverse("portal:feedback_status", args=[commune.slug, "KHONGCO9"])).status_code == 404
    assert client.get(reverse("portal:feedback_status", args=[other_commune.slug, code])).status_code == 404
    assert client.get(reverse("portal:feedback_status", args=[commune.slug, code.lower()])).status_code == 200


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_on_a_phone_a_citizen_sends_feedback_then_reads_the_answer_by_its_code(live_server, page):
    demo_logins()
    commune = Unit.objects.get(slug="hoang-cat", level="commune")
    page.set_viewport_size({"width": 360, "height": 740})

    page.goto(f"{live_server.url}/x/{commune.slug}/")
    page.get_by_test_id("feedback-link").click()
    page.get_by_label("Nội dung").fill("Đề nghị xã sửa đoạn đường bị sạt lở ở thôn 4")
    page.get_by_role("button", name="Gửi").click()
    code = page.get_by_test_id("tracking-code").inner_text()
    expect(page.locator("h1")).to_have_text("Đã gửi")
    page.get_by_test_id("follow-link").click()
    expect(page.get_by_test_id("feedback-state")).to_have_text("Đã tiếp nhận")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    item = FeedbackItem.objects.get(tracking_code=code)
    chairman = User.objects.get(username="chutich")
    services.accept_feedback(item, by=chairman)
    services.resolve_feedback(item, by=chairman, public_answer="Xã đã gia cố đoạn đường ngày 25/11.")

    page.goto(f"{live_server.url}/x/{commune.slug}/gop-y/tra-cuu/")
    page.get_by_label("Mã tra cứu").fill(code.lower())
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.get_by_test_id("feedback-answer")).to_have_text("Xã đã gia cố đoạn đường ngày 25/11.")
