"""The leader's queue in a real browser: approve a batch of congratulation letters, have them made into one
file and a zip in the background, download them."""

import zipfile

import pytest
from playwright.sync_api import expect

from thanthien.browser import demo_logins, log_in, page_fixture  # noqa: F401  (the `page` fixture)
from thanthien.letters import services
from thanthien.letters.models import Letter
from thanthien.letters.tests.factories import cell_lines, read_docx, thanks_draft
from thanthien.units.models import Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

FAMILIES = ["Nguyễn Thị Ánh", "Trần Văn Bảo", "Lê Thị Chi"]


def test_the_leader_approves_a_batch_of_congratulation_letters_and_downloads_them(
    live_server, page, tmp_path
):
    logins = demo_logins()
    commune = Unit.objects.get(slug="hoang-cat")
    for number, name in enumerate(FAMILIES):
        services.draft_letter(
            commune,
            kind="congratulations_birth",
            source_key=f"browser:birth:{number}",
            recipient_name=name,
            fields={"event_date": "01/12/2026"},
        )
    thanks_draft(commune, name="Không thuộc lô này")
    log_in(page, live_server.url, "chutich", logins["chutich"])

    page.goto(live_server.url + "/letters/")
    page.select_option("#id_kind", "congratulations_birth")
    page.get_by_role("button", name="Lọc").click()
    expect(page.get_by_test_id("draft-list").locator("tbody tr")).to_have_count(3)
    page.get_by_test_id("select-all").check()
    page.select_option("#id_capacity", "chairman")
    page.get_by_test_id("issue-letters").click()

    expect(page.get_by_test_id("batch-list").locator("tbody tr")).to_have_count(3)
    batch_page = page.url
    # The file is made in the background; the job's page refreshes itself until it is ready.
    page.get_by_test_id("batch-docx").click()
    expect(page.get_by_test_id("print-job")).to_have_attribute("data-status", "done")
    with page.expect_download() as docx_download:
        page.get_by_test_id("print-file").click()
    page.goto(batch_page)
    page.get_by_test_id("batch-zip").click()
    with page.expect_download() as zip_download:
        page.get_by_test_id("print-file").click()
    page.goto(batch_page)
    expect(page.get_by_test_id("recent-jobs").locator("li")).to_have_count(2)

    one_file = tmp_path / "thu.docx"
    docx_download.value.save_as(one_file)
    document = read_docx(one_file.read_bytes())
    numbers = [cell_lines(document, index * 2, 1, 0)[0] for index in range(3)]
    assert numbers == ["Số: 01/TCM-UBND", "Số: 02/TCM-UBND", "Số: 03/TCM-UBND"]
    signatures = [cell_lines(document, index * 2 + 1, 0, 1) for index in range(3)]
    assert signatures == [["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Lê Văn Thành"]] * 3
    archive = tmp_path / "thu.zip"
    zip_download.value.save_as(archive)
    with zipfile.ZipFile(archive) as files:
        assert len(files.namelist()) == 3
    issued = Letter.objects.filter(status="issued")
    assert sorted(issued.values_list("recipient_name", flat=True)) == sorted(FAMILIES)
    assert Letter.objects.get(kind="thanks").status == "draft"
