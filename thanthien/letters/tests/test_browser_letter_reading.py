"""The chairman reads a letter on its page before signing it: its text is shown, then "Duyệt và ký" numbers
it and it leaves the queue of letters waiting to be signed."""

import pytest
from playwright.sync_api import expect

from thanthien.browser import demo_logins, log_in, page_fixture  # noqa: F401  (the `page` fixture)
from thanthien.letters.models import Letter
from thanthien.letters.tests.factories import thanks_draft
from thanthien.units.models import Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_chairman_reads_the_letter_then_signs_it_and_it_leaves_the_queue(live_server, page):
    logins = demo_logins()  # loads the demo commune and its people
    commune = Unit.objects.get(slug="hoang-cat")
    letter = thanks_draft(commune, key="browser:reading:1", name="Phạm Thị Đào")
    log_in(page, live_server.url, "chutich", logins["chutich"])

    page.goto(live_server.url + "/letters/")
    queue = page.get_by_test_id("draft-list")
    queue.get_by_role("link", name="Phạm Thị Đào").click()

    text = page.get_by_test_id("letter-text")
    expect(text).to_contain_text("THƯ CẢM ƠN")
    expect(text).to_contain_text("Kính gửi: Ông/Bà Phạm Thị Đào")
    expect(text).to_contain_text("góp ý về việc sửa đường liên thôn")
    page.select_option("#id_capacity", "chairman")
    page.get_by_role("button", name="Duyệt và ký").click()

    expect(page.get_by_test_id("batch-list")).to_contain_text("Phạm Thị Đào")
    page.goto(live_server.url + "/letters/")
    expect(page.get_by_test_id("draft-list")).not_to_contain_text("Phạm Thị Đào")
    letter.refresh_from_db()
    assert letter.status == Letter.Status.ISSUED


def test_cancelling_a_draft_asks_first_and_a_no_keeps_it(live_server, page):
    logins = demo_logins()
    commune = Unit.objects.get(slug="hoang-cat")
    letter = thanks_draft(commune, key="browser:reading:2", name="Đỗ Văn Em")
    log_in(page, live_server.url, "chutich", logins["chutich"])
    page.goto(f"{live_server.url}/letters/{letter.pk}/")
    questions = []

    def answer(dialog, accept):
        questions.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, accept=False))
    page.get_by_test_id("cancel-letter").click()
    expect(page.get_by_test_id("letter-status")).to_have_text("Dự thảo")
    letter.refresh_from_db()
    assert letter.status == Letter.Status.DRAFT

    page.once("dialog", lambda dialog: answer(dialog, accept=True))
    page.get_by_test_id("cancel-letter").click()
    expect(page.get_by_test_id("draft-list")).not_to_contain_text("Đỗ Văn Em")
    letter.refresh_from_db()
    assert letter.status == Letter.Status.CANCELLED
    assert len(questions) == 2 and "Hủy" in questions[0]
