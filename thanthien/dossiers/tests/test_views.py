"""The desk's pages through the test client: receive, act, refuse, print, book, public look-up."""

import re
from datetime import date

import pytest
import time_machine
from openpyxl import load_workbook

from thanthien.dossiers.models import Dossier
from thanthien.dossiers.tests.factories import local, make_procedure, receive_at
from thanthien.units.models import Office, Official

Status = Dossier.Status


@pytest.fixture
def desk(client, officer):
    client.force_login(officer)
    return client


def test_a_desk_officer_receives_a_dossier_and_lands_on_its_receipt(desk, commune):
    procedure = make_procedure()

    with time_machine.travel(local(2026, 3, 2, 9), tick=False):
        response = desk.post(
            "/dossiers/receive/",
            {
                "procedure": procedure.pk,
                "applicant_name": "Trần Thị Bình",
                "applicant_phone": "0987 654 321",
                "channel": "in_person",
            },
        )

    dossier = Dossier.objects.get()
    assert response.status_code == 302 and response.url == f"/dossiers/{dossier.code}/receipt/"
    receipt = desk.get(response.url).content.decode()
    assert dossier.code in receipt and "05/03/2026" in receipt and "data:image/svg+xml" in receipt
    assert f"/x/hoang-cat/tra-cuu/?ma={dossier.code}" in receipt


def test_the_desk_records_how_to_address_the_applicant(desk, commune):
    procedure = make_procedure()

    desk.post(
        "/dossiers/receive/",
        {
            "procedure": procedure.pk,
            "applicant_name": "Trần Thị Bình",
            "applicant_gender": "female",
            "channel": "in_person",
        },
    )

    assert Dossier.objects.get().applicant_gender == Dossier.Gender.FEMALE


def test_the_receive_form_sent_twice_receives_one_dossier(desk, commune):
    procedure = make_procedure()
    page = desk.get("/dossiers/receive/")
    key = page.context["form"]["client_key"].value()
    data = {"procedure": procedure.pk, "applicant_name": "Trần Thị Bình", "channel": "in_person"}

    first = desk.post("/dossiers/receive/", {**data, "client_key": key})
    again = desk.post("/dossiers/receive/", {**data, "client_key": key})

    dossier = Dossier.objects.get()
    assert len(key) == 32 and f'name="client_key" value="{key}"' in page.content.decode()
    assert first.url == again.url == f"/dossiers/{dossier.code}/receipt/"
    assert desk.get("/dossiers/receive/").context["form"]["client_key"].value() != key


def test_the_receive_form_says_what_is_missing_in_vietnamese(desk, commune):
    response = desk.post("/dossiers/receive/", {"applicant_name": "", "channel": "in_person"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Hãy chọn thủ tục" in page
    assert not Dossier.objects.exists()


def test_a_user_who_handles_no_commune_cannot_open_the_receive_form(client, reviewer):
    client.force_login(reviewer)

    assert client.get("/dossiers/receive/").status_code == 403


def test_an_illegal_step_from_the_page_shows_the_reason_and_changes_nothing(desk, commune, officer):
    dossier = receive_at(local(2026, 3, 2), commune, officer)

    response = desk.post(f"/dossiers/{dossier.code}/return/")

    assert response.status_code == 400
    assert "không thể" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == Status.RECEIVED


def test_the_whole_path_from_the_page_ready_then_returned(desk, commune, officer):
    dossier = receive_at(local(2026, 3, 2), commune, officer)

    assert desk.post(f"/dossiers/{dossier.code}/ready/").status_code == 302
    assert desk.post(f"/dossiers/{dossier.code}/return/").status_code == 302

    dossier.refresh_from_db()
    assert dossier.status == Status.RETURNED


def test_another_communes_dossier_is_not_found(client, commune, officer, outsider_officer):
    dossier = receive_at(local(2026, 3, 2), commune, officer)
    client.force_login(outsider_officer)

    assert client.get(f"/dossiers/{dossier.code}/").status_code == 404
    assert client.post(f"/dossiers/{dossier.code}/ready/").status_code == 404


def test_today_shows_late_dossiers_without_a_slip_in_red(desk, commune, officer):
    late = receive_at(local(2026, 3, 2), commune, officer)

    with time_machine.travel(local(2026, 3, 9, 8), tick=False):
        page = desk.get("/dossiers/").content.decode()

    section = page.split('data-testid="section-late"')[1].split("</section>")[0]
    assert late.code in section and 'class="late"' in section


def test_the_home_page_counts_late_dossiers(desk, commune, officer, leader):
    late = receive_at(local(2026, 3, 2), commune, officer)

    with time_machine.travel(local(2026, 3, 9, 8), tick=False):
        officers_home = desk.get("/", follow=True)  # the desk officer's home is the desk
        desk.force_login(leader)
        leaders_home = desk.get("/")

    assert officers_home.redirect_chain == [("/dossiers/", 302)]
    assert late.code in officers_home.content.decode().split('data-testid="section-late"')[1]
    [line] = [item for item in leaders_home.context["todo"] if item.key == "late"]
    assert (line.count, line.url) == (1, "/dossiers/#late")


def test_the_tracking_book_filters_and_exports_to_excel(desk, commune, officer):
    first = receive_at(local(2026, 3, 2), commune, officer)
    receive_at(
        local(2026, 3, 3), commune, officer, procedure=make_procedure("TEST-CT", "Chứng thực bản sao", "1")
    )

    page = desk.get("/dossiers/book/", {"q": "chung thuc"}).content.decode()
    export = desk.get("/dossiers/book/", {"format": "xlsx"})

    assert "Chứng thực bản sao" in page and first.code not in page
    sheet = load_workbook(filename=__import__("io").BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 3 and rows[0][1] == "Mã hồ sơ"


def test_the_tracking_book_finds_an_applicant_typed_without_diacritics(desk, commune, officer):
    found = receive_at(local(2026, 3, 2), commune, officer, applicant_name="Nguyễn Thị Đào")
    other = receive_at(local(2026, 3, 2), commune, officer, applicant_name="Trần Văn Bảo")

    for typed in ("nguyen thi dao", "Đào", "THI DAO"):
        page = desk.get("/dossiers/book/", {"q": typed}).content.decode()
        assert found.code in page and other.code not in page, typed


def test_a_renamed_applicant_is_found_by_the_new_name(commune, officer):
    dossier = receive_at(local(2026, 3, 2), commune, officer, applicant_name="Lê Văn Tám")
    dossier.applicant_name = "Lê Văn Chín"
    dossier.save(update_fields=["applicant_name"])

    assert Dossier.objects.get(applicant_search_key="le van chin") == dossier


def test_the_apology_slip_is_issued_from_the_page(desk, commune, officer):
    dossier = receive_at(local(2026, 3, 2), commune, officer)

    with time_machine.travel(local(2026, 3, 3, 9), tick=False):
        response = desk.post(
            f"/dossiers/{dossier.code}/postpone/",
            {"postpone-reason": "Chờ xác minh", "postpone-new_due_date": "10/03/2026"},
        )

    dossier.refresh_from_db()
    assert response.status_code == 302
    assert dossier.due_on == date(2026, 3, 10)


# --- Public look-up -------------------------------------------------------------------------------------
def test_a_citizen_looks_up_a_dossier_with_code_and_last_phone_digits(client, commune, officer):
    dossier = receive_at(local(2026, 3, 2), commune, officer, applicant_name="Nguyễn Văn An")

    page = client.get("/x/hoang-cat/tra-cuu/", {"ma": dossier.code.lower(), "so": "5678"}).content.decode()

    assert "Đăng ký khai sinh" in page and "N.V.A." in page and "05/03/2026" in page
    assert "Nguyễn Văn An" not in page and "0912345678" not in page


def test_a_wrong_phone_and_a_wrong_code_answer_alike(client, commune, officer):
    dossier = receive_at(local(2026, 3, 2), commune, officer)

    wrong_phone = client.get("/x/hoang-cat/tra-cuu/", {"ma": dossier.code, "so": "0000"})
    wrong_code = client.get("/x/hoang-cat/tra-cuu/", {"ma": "KHONG-CO", "so": "5678"})

    assert wrong_phone.status_code == wrong_code.status_code == 404
    alert = re.compile(r'role="alert">([^<]+)<')
    assert alert.findall(wrong_phone.content.decode()) == alert.findall(wrong_code.content.decode()) != []


def test_look_ups_are_rate_limited_per_address(client, commune, officer, settings):
    dossier = receive_at(local(2026, 3, 2), commune, officer)
    for _attempt in range(20):
        client.get("/x/hoang-cat/tra-cuu/", {"ma": dossier.code, "so": "0000"}, REMOTE_ADDR="10.9.9.9")

    blocked = client.get("/x/hoang-cat/tra-cuu/", {"ma": dossier.code, "so": "5678"}, REMOTE_ADDR="10.9.9.9")
    other = client.get("/x/hoang-cat/tra-cuu/", {"ma": dossier.code, "so": "5678"}, REMOTE_ADDR="10.9.9.10")

    assert blocked.status_code == 429
    assert other.status_code == 200


def test_the_supplement_and_rejection_slips_print_what_the_applicant_must_know(desk, commune, officer):
    from thanthien.dossiers import services

    dossier = receive_at(local(2026, 3, 2), commune, officer)
    request = services.request_supplement(
        dossier,
        by=officer,
        office="Tư pháp – Hộ tịch",
        missing_items="Bản sao giấy chứng sinh",
        reason="Thiếu giấy",
    )
    services.reject_dossier(dossier, by=officer, reasons="Người nộp không bổ sung hồ sơ")

    supplement = desk.get(f"/dossiers/{dossier.code}/supplement/{request.pk}/").content.decode()
    rejection = desk.get(f"/dossiers/{dossier.code}/rejection/").content.decode()

    assert "PHIẾU YÊU CẦU BỔ SUNG" in supplement and "Bản sao giấy chứng sinh" in supplement
    assert "Người nộp không bổ sung hồ sơ" in rejection


# --- Handing a dossier over -----------------------------------------------------------------------------
@pytest.fixture
def civil_status(commune, leader):
    office = Office.objects.create(unit=commune, kind=Office.Kind.PEOPLES_COMMITTEE, name="UBND xã Hoằng Cát")
    return Official.objects.create(
        unit=commune, office=office, user=leader, full_name="Phạm Văn Hộ", title="Công chức Tư pháp – Hộ tịch"
    )


def test_a_just_received_dossier_offers_the_hand_over_first_with_the_communes_list(
    desk, commune, officer, civil_status, other_commune
):
    Office.objects.create(unit=other_commune, kind=Office.Kind.PEOPLES_COMMITTEE, name="UBND xã Hoằng Xuân")
    dossier = receive_at(local(2026, 3, 2), commune, officer)

    page = desk.get(f"/dossiers/{dossier.code}/").content.decode()

    actions = page.split('id="next-step"')[1]
    assert actions.index('data-testid="hand-over"') < actions.index('data-testid="mark-ready"')
    assert 'data-testid="mark-ready"' in actions and 'class="secondary" data-testid="mark-ready"' in actions
    assert '<select name="handover-to"' in page
    assert "Phạm Văn Hộ — Công chức Tư pháp – Hộ tịch" in page and "UBND xã Hoằng Cát" in page
    assert "Hoằng Xuân" not in page  # another commune's offices are not offered


def test_handing_over_to_an_official_on_the_list_names_them_on_the_control_slip(
    desk, commune, officer, leader, civil_status
):
    dossier = receive_at(local(2026, 3, 2), commune, officer)

    response = desk.post(
        f"/dossiers/{dossier.code}/hand-over/", {"handover-to": f"official:{civil_status.pk}"}
    )

    assert response.status_code == 302
    handover = dossier.handovers.get()
    assert handover.receiver == leader
    assert handover.receiver_office == "Phạm Văn Hộ — Công chức Tư pháp – Hộ tịch"
    dossier.refresh_from_db()
    assert dossier.status == Status.IN_PROGRESS


def test_handing_over_to_an_office_of_the_commune_writes_its_name(desk, commune, officer, civil_status):
    dossier = receive_at(local(2026, 3, 2), commune, officer)

    desk.post(f"/dossiers/{dossier.code}/hand-over/", {"handover-to": f"office:{civil_status.office_id}"})

    assert dossier.handovers.get().receiver_office == "UBND xã Hoằng Cát"


def test_an_office_of_another_commune_or_free_text_is_refused(
    desk, commune, officer, civil_status, other_commune
):
    theirs = Office.objects.create(
        unit=other_commune, kind=Office.Kind.ONE_STOP_DESK, name="Một cửa Hoằng Xuân"
    )
    dossier = receive_at(local(2026, 3, 2), commune, officer)

    for value in (f"office:{theirs.pk}", "Ai đó"):
        response = desk.post(f"/dossiers/{dossier.code}/hand-over/", {"handover-to": value})
        assert response.status_code == 400
    assert not dossier.handovers.exists()


def test_a_commune_with_no_office_recorded_types_the_receiver(desk, commune, officer):
    dossier = receive_at(local(2026, 3, 2), commune, officer)

    desk.post(f"/dossiers/{dossier.code}/hand-over/", {"handover-to": "Công chức Địa chính"})

    assert dossier.handovers.get().receiver_office == "Công chức Địa chính"
