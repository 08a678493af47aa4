"""The national reviewer in a real browser: opens the country side by side, sorts it by a column, opens a
province's ranking of its communes."""

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from playwright.sync_api import expect

from conftest import make_unit
from thanthien.browser import log_in, page_fixture  # noqa: F401  (the `page` fixture)
from thanthien.ratings import services as rating_services
from thanthien.units.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PASSWORD = "mật-khẩu-thử-1"


def test_the_national_reviewer_sorts_the_provinces_and_opens_one(live_server, page):
    thanh_hoa = make_unit("38", "Tỉnh Thanh Hóa", "province")
    hoang_cat = make_unit("38-hc", "Xã Hoằng Cát", "commune", thanh_hoa)
    an_giang = make_unit("91", "Tỉnh An Giang", "province")
    my_hoa = make_unit("91-mh", "Phường Mỹ Hòa", "commune", an_giang)
    for commune, levels in ((hoang_cat, (4, 4, 4)), (my_hoa, (4, 2, 1, 1))):
        for level in levels:
            rating_services.record_rating(commune, level=level, channel="kiosk", rated_at=timezone.now())
    reviewer = User.objects.create_user(username="bonoivu", password=PASSWORD, full_name="Bộ Nội vụ")
    reviewer.user_permissions.add(Permission.objects.get(codename="view_country"))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    log_in(page, live_server.url, "bonoivu", PASSWORD)
    page.get_by_role("link", name="Cả nước", exact=True).click()
    rows = page.get_by_test_id("national-row")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Tỉnh Thanh Hóa")  # the best composite score first
    page.wait_for_load_state()  # the sorting script is in place (a loaded machine may show rows before)
    page.get_by_test_id("national").get_by_role("button", name="Tỉnh, thành phố").click()
    expect(rows.first).to_contain_text("Tỉnh An Giang")  # sorted by name
    page.get_by_role("link", name="Tỉnh An Giang").click()
    expect(page.get_by_test_id("ranking-row")).to_contain_text("Phường Mỹ Hòa")
    assert errors == []
