"""Issue #18 (item 3): what a citizen meets on the commune's public site, page by page."""

import re
from datetime import date, time, timedelta

import pytest
import time_machine
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from thanthien.dossiers.links import dossier_pk_from_token, rating_token
from thanthien.dossiers.tests.factories import local, receive_at
from thanthien.feedback.models import FeedbackAttachment, FeedbackItem
from thanthien.ratings.models import Rating
from thanthien.ratings.services import record_rating
from thanthien.reception.models import ReceptionSession
from thanthien.units.models import Official

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 200
PDF = b"%PDF-1.7\n" + b"0" * 200


@pytest.fixture
def debug(settings):
    """The demo (`python3 run.py`) runs with DEBUG on: the citizen's pages must not change for it."""
    settings.DEBUG = True


def rate_path(dossier) -> str:
    return reverse("portal:rate", args=[dossier.commune.slug, rating_token(dossier)])


def is_rate_path_of(path: str, dossier) -> bool:
    """A rating link carries the second it was signed in, so two links to one dossier may differ."""
    prefix = reverse("portal:rate", args=[dossier.commune.slug, "T"]).removesuffix("T/")
    token = path.removeprefix(prefix).strip("/")
    return path.startswith(prefix) and dossier_pk_from_token(token) == dossier.pk


# --- The first screen ---


@pytest.mark.django_db
def test_the_first_screen_offers_the_look_up_and_the_rating_in_one_get_form(client, commune):
    page = client.get(reverse("portal:commune_home", args=[commune.slug])).content.decode()

    card = page[page.index('data-testid="home-lookup"') : page.index("</section>", page.index("home-lookup"))]
    assert 'method="get"' in card and "csrfmiddlewaretoken" not in card
    assert "Tra cứu" in card and 'name="danh-gia"' in card and ">Đánh giá</button>" in card


@pytest.mark.django_db
def test_the_rate_button_leads_from_code_and_phone_to_the_rating_page_once(client, commune, officer):
    dossier = receive_at(local(2026, 3, 2), commune, officer)
    lookup = reverse("portal:lookup", args=[commune.slug])
    query = {"ma": dossier.code, "so": "5678", "danh-gia": "1"}

    first = client.get(lookup, query)
    record_rating(commune, level=4, channel=Rating.Channel.LINK, dossier=dossier)
    after = client.get(lookup, query)
    wrong_phone = client.get(lookup, {**query, "so": "0000"})

    assert first.status_code == 302 and is_rate_path_of(first["Location"], dossier)
    assert after.status_code == 200 and 'data-testid="lookup-rated"' in after.content.decode()
    assert wrong_phone.status_code == 404 and "Không tìm thấy hồ sơ" in wrong_phone.content.decode()


@pytest.mark.django_db
def test_the_look_up_result_offers_the_rating_link(client, commune, officer):
    dossier = receive_at(local(2026, 3, 2), commune, officer)

    page = client.get(reverse("portal:lookup", args=[commune.slug]), {"ma": dossier.code, "so": "5678"})

    link = re.search(r'href="([^"]+)" data-testid="lookup-rate"', page.content.decode())
    assert link and is_rate_path_of(link.group(1), dossier)


@pytest.mark.django_db
def test_the_site_name_leads_to_the_communes_home_on_public_pages_and_to_the_desk_for_officials(
    client, commune, officer
):
    public = client.get(reverse("portal:procedure_list", args=[commune.slug])).content.decode()
    client.force_login(officer)
    staff = client.get(reverse("dossiers:today")).content.decode()

    assert 'class="brand" href="/x/hoang-cat/"' in public
    assert 'class="brand" href="/"' in staff


# --- Not found, used links, the favicon ---


@pytest.mark.django_db
@pytest.mark.parametrize("debug_on", [True, False])
def test_a_bad_address_gets_the_vietnamese_404_page_with_the_way_home_debug_or_not(
    client, commune, settings, debug_on
):
    settings.DEBUG = debug_on

    under_commune = client.get("/x/hoang-cat/khong-co-trang-nay/")
    bad_code = client.get(reverse("portal:feedback_status", args=[commune.slug, "KHONGCO9"]))
    no_commune = client.get("/x/khong-co-xa-nay/")
    elsewhere = client.get("/khong-co/")

    for response in (under_commune, bad_code, no_commune, elsewhere):
        page = response.content.decode()
        assert response.status_code == 404 and "Không tìm thấy trang" in page
        assert "Traceback" not in page and "URLconf" not in page and "Page not found" not in page
    assert 'href="/x/hoang-cat/">Về trang chủ của xã' in under_commune.content.decode()
    assert 'href="/x/hoang-cat/">Về trang chủ của xã' in bad_code.content.decode()
    assert "Về trang chủ của xã" not in no_commune.content.decode()


@pytest.mark.django_db
def test_a_view_that_answers_404_with_its_own_page_keeps_it_with_debug_on(client, commune, debug):
    page = client.get(reverse("portal:lookup", args=[commune.slug]), {"ma": "KHONG-CO", "so": "1234"})

    assert page.status_code == 404 and "Không tìm thấy hồ sơ với mã" in page.content.decode()


@pytest.mark.django_db
def test_a_bad_rating_link_is_404_and_a_used_one_410_both_friendly_and_vietnamese(
    client, commune, officer, debug
):
    dossier = receive_at(local(2026, 3, 2), commune, officer)
    path = rate_path(dossier)

    bad = client.get(path[:-6] + "xxxxx/")
    expired_elsewhere = client.get(path.replace("/hoang-cat/", "/hoang-xuan/"))
    client.post(path, {"level": "4"})
    used = client.get(path)

    assert bad.status_code == 404 and "Đường dẫn đánh giá này không dùng được" in bad.content.decode()
    assert 'href="/x/hoang-cat/tra-cuu/"' in bad.content.decode()
    assert expired_elsewhere.status_code == 404
    assert used.status_code == 410 and "đã được đánh giá" in used.content.decode()
    with time_machine.travel(timezone.now() + timedelta(days=61)):
        assert client.get(path).status_code == 404  # older than LINK_DAYS


@pytest.mark.django_db
def test_on_the_rating_page_the_comment_comes_before_the_buttons(client, commune, officer):
    dossier = receive_at(local(2026, 3, 2), commune, officer)

    page = client.get(rate_path(dossier)).content.decode()

    assert page.index('id="comment"') < page.index('name="level"')


@pytest.mark.django_db
def test_the_favicon_is_linked_from_every_page_and_answers_at_favicon_ico(client, commune):
    page = client.get(reverse("portal:commune_home", args=[commune.slug])).content.decode()
    icon = client.get("/favicon.ico")

    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in page
    assert icon.status_code == 302 and icon["Location"] == "/static/img/favicon.svg"


# --- Feedback: the attachment and the "sent" page ---


def feedback(upload=None, **fields):
    data = {
        "kind": "reflection",
        "topic": "other",
        "content": "Cống thôn 3 bị vỡ",
        "client_key": "k1",
        **fields,
    }
    if upload is not None:
        data["attachment"] = upload
    return data


def upload(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def stored_files(settings) -> list:
    folder = settings.DATA_DIR / "feedback_attachments"
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "content"), [("cong-vo.jpg", JPEG), ("anh.PNG", PNG), ("don.pdf", PDF)])
def test_a_photo_or_pdf_is_kept_with_the_case_and_the_sent_page_shows_the_code(
    client, commune, settings, name, content
):
    response = client.post(
        reverse("portal:feedback_form", args=[commune.slug]), feedback(upload(name, content))
    )

    item = FeedbackItem.objects.get()
    attachment = FeedbackAttachment.objects.get()
    assert response.status_code == 302
    assert (attachment.item, attachment.file_name, attachment.size) == (item, name, len(content))
    assert [p.read_bytes() for p in stored_files(settings)] == [content]
    sent = client.get(response["Location"]).content.decode()
    assert "<h1>Đã gửi</h1>" in sent and item.tracking_code in sent and "1 tệp" in sent
    assert name not in sent  # a file's name may name someone: the public page only counts


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ" + b"\x00" * 100, "Xin ông/bà đính kèm ảnh (JPEG, PNG) hoặc tệp PDF."),
        ("anh.gif", b"GIF89a" + b"\x00" * 100, "Xin ông/bà đính kèm ảnh (JPEG, PNG) hoặc tệp PDF."),
        ("khong-phai-anh.jpg", b"<html>hello</html>", "không phải tệp JPG thật"),
        ("rong.pdf", b"", "rỗng"),
    ],
)
def test_a_wrong_file_refuses_the_form_in_vietnamese_and_nothing_is_saved(
    client, commune, settings, name, content, message
):
    response = client.post(
        reverse("portal:feedback_form", args=[commune.slug]), feedback(upload(name, content))
    )

    page = response.content.decode()
    assert response.status_code == 400 and message in page
    assert "Ý kiến chưa được gửi" in page and "Cống thôn 3 bị vỡ" in page  # what was typed is kept
    assert FeedbackItem.objects.count() == 0 and FeedbackAttachment.objects.count() == 0
    assert stored_files(settings) == []


@pytest.mark.django_db
def test_a_file_over_the_size_setting_is_refused_and_nothing_is_saved(client, commune, settings):
    settings.FEEDBACK_ATTACHMENT_MAX_MB = 1
    too_big = PNG + b"\x00" * (1024 * 1024)

    response = client.post(
        reverse("portal:feedback_form", args=[commune.slug]), feedback(upload("a.png", too_big))
    )
    form = client.get(reverse("portal:feedback_form", args=[commune.slug])).content.decode()

    assert response.status_code == 400 and "Tệp lớn hơn 1 MB" in response.content.decode()
    assert FeedbackItem.objects.count() == 0 and stored_files(settings) == []
    assert "tối đa 1 MB" in form and 'accept="image/jpeg,image/png,application/pdf' in form
    assert 'enctype="multipart/form-data"' in form


@pytest.mark.django_db
def test_a_case_the_service_refuses_keeps_no_file_either(client, commune, settings):
    # An anonymous complaint is refused by feedback.services after the file was checked: no file stays.
    response = client.post(
        reverse("portal:feedback_form", args=[commune.slug]), feedback(upload("a.png", PNG), kind="complaint")
    )

    assert response.status_code == 400
    assert FeedbackItem.objects.count() == 0 and stored_files(settings) == []


@pytest.mark.django_db
def test_officials_open_the_file_from_the_case_and_a_denunciations_only_with_the_identity_readers(
    client, commune, officer, leader, settings
):
    url = reverse("portal:feedback_form", args=[commune.slug])
    client.post(url, feedback(upload("cong.jpg", JPEG)))
    client.post(
        url,
        feedback(
            upload("bang-chung.pdf", PDF),
            kind="denunciation",
            client_key="k2",
            content="Tố cáo cán bộ địa chính",
        ),
    )
    reflection = FeedbackItem.objects.get(kind="reflection")
    denunciation = FeedbackItem.objects.get(kind="denunciation")
    photo, proof = reflection.attachments.get(), denunciation.attachments.get()

    client.force_login(officer)
    photo_page = client.get(reverse("feedback:detail", args=[reflection.tracking_code])).content.decode()
    photo_file = client.get(reverse("feedback:attachment", args=[reflection.tracking_code, photo.pk]))
    hidden = client.get(reverse("feedback:detail", args=[denunciation.tracking_code])).content.decode()
    refused = client.get(reverse("feedback:attachment", args=[denunciation.tracking_code, proof.pk]))
    client.force_login(leader)
    opened = client.get(reverse("feedback:attachment", args=[denunciation.tracking_code, proof.pk]))

    assert "cong.jpg" in photo_page
    assert photo_file.status_code == 200 and photo_file.content == JPEG
    assert photo_file["Content-Type"] == "image/jpeg" and photo_file["X-Content-Type-Options"] == "nosniff"
    assert "bang-chung.pdf" not in hidden and 'data-testid="attachments-hidden"' in hidden
    assert refused.status_code == 403
    assert opened.status_code == 200 and opened["Content-Disposition"].startswith("attachment;")


@pytest.mark.django_db
def test_the_sent_page_of_an_unknown_code_is_not_found(client, commune):
    assert client.get(reverse("portal:feedback_sent", args=[commune.slug, "KHONGCO9"])).status_code == 404


# --- The reception schedule ---


def test_a_day_is_written_with_its_weekday_name():
    template = Template("{% load vn %}{{ day|vnday }}")
    with translation.override("vi"):
        vietnamese = [template.render(Context({"day": date(2026, 12, d)})) for d in (7, 10, 13)]
    with translation.override("en"):
        english = template.render(Context({"day": date(2026, 12, 10)}))

    assert vietnamese == ["Thứ Hai, 07/12/2026", "Thứ Năm, 10/12/2026", "Chủ nhật, 13/12/2026"]
    assert english == "Thursday, 10/12/2026"


@pytest.mark.django_db
def test_the_schedule_names_weekdays_and_says_whether_past_sessions_were_held(client, commune):
    chairman = Official.objects.create(
        unit=commune, full_name="Nguyễn Văn Chủ Tịch", title="Chủ tịch UBND xã"
    )

    def session(day: date, **extra) -> ReceptionSession:
        return ReceptionSession.objects.create(
            commune=commune,
            leader=chairman,
            capacity="chairman",
            planned_on=day,
            held_on=day,
            starts_at=time(7, 30),
            ends_at=time(11, 0),
            place="Trụ sở UBND xã",
            **extra,
        )

    session(date(2026, 12, 10))
    session(date(2026, 12, 3), status="held")
    session(date(2026, 11, 26), status="held", is_received_in_person=False)
    session(date(2026, 11, 19), status="cancelled")
    session(date(2026, 11, 12))
    session(date(2026, 10, 1), status="held")  # older than 30 days: not listed
    with time_machine.travel(local(2026, 12, 4, 10), tick=False):
        page = client.get(reverse("portal:reception_schedule", args=[commune.slug])).content.decode()

    past = page[page.index('data-testid="past-sessions"') :]
    upcoming = page[page.index('data-testid="public-sessions"') : page.index('data-testid="past-sessions"')]
    assert "Thứ Năm, 10/12/2026" in upcoming and "03/12/2026" not in upcoming
    states = re.findall(r'data-testid="past-state">.*?<span class="tag[^"]*">([^<]+)</span>', past)
    assert states == [
        "Đã tổ chức",
        "Đã tiếp, lãnh đạo không trực tiếp tiếp",
        "Đã hủy",
        "Chưa ghi nhận đã tiếp",
    ]
    assert "Thứ Năm, 03/12/2026" in past and "01/10/2026" not in past


# --- One form of address ---

CITIZEN_TEMPLATES = [
    "portal/templates/portal/*.html",
    "disclosure/templates/disclosure/public_*.html",
    "disclosure/templates/disclosure/board*.html",
    "disclosure/templates/disclosure/_board_*.html",
    "disclosure/templates/disclosure/print_notice.html",
    "planning/templates/planning/_conduct_code.html",
    "planning/templates/planning/_desk_officials.html",
    "ratings/templates/ratings/phone_*.html",
    "ratings/templates/ratings/kiosk.html",
    "templates/404.html",
]
CITIZEN_CODE = [
    "portal/*.py",
    "disclosure/public.py",
    "disclosure/forms.py",
    "feedback/forms.py",
    "feedback/attachments.py",
    "ratings/survey_public.py",
]
OTHER_FORMS = re.compile(r"\b(bạn|anh/chị|anh chị|quý khách|quý vị)\b", re.IGNORECASE)


def _citizen_msgids() -> set[str]:
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    ids: set[str] = set()
    for path in [p for pattern in CITIZEN_TEMPLATES for p in sorted(root.glob(pattern))]:
        text = path.read_text(encoding="utf-8")
        ids |= set(re.findall(r'{% translate "([^"]+)"', text))
        for block in re.findall(r"{% blocktranslate[^%]*%}(.*?){% endblocktranslate %}", text, re.S):
            if "{% plural %}" not in block:
                ids.add(re.sub(r"{{ (\w+) }}", r"%(\1)s", block))
    for path in [p for pattern in CITIZEN_CODE for p in sorted(root.glob(pattern))]:
        ids |= set(re.findall(r'_\(\s*"([^"]+)"', path.read_text(encoding="utf-8")))
    return ids


def test_citizen_pages_address_the_reader_as_ong_ba_only():
    ids = _citizen_msgids()
    with translation.override("vi"):
        other = {i: translation.gettext(i) for i in ids if OTHER_FORMS.search(translation.gettext(i))}

    assert len(ids) > 80
    assert other == {}
