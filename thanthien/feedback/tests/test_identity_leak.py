"""A denouncer's identity never leaks: not in a list, an export, a search, a log line, the audit log, the
admin, the outbox or an API answer, whoever asks. Only the assignee and the commune's leader may read it,
and each reading is audited.

Law on Denunciations arts. 8(3), 9(1), 56; LAW.md "What a software system must enforce" rule 11.
"""

import io
import logging
from datetime import timedelta

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import make_person, make_unit
from thanthien.core.models import AuditEvent, IdempotencyRecord
from thanthien.core.text import fold_vietnamese
from thanthien.feedback import services
from thanthien.feedback.models import FeedbackEvent, FeedbackItem
from thanthien.feedback.tests.helpers import official_for
from thanthien.notifications.models import Notification
from thanthien.units.models import Role
from thanthien.units.tokens import issue_api_token

pytestmark = pytest.mark.django_db

# Four denouncers, each arriving by another door; none of these strings may come out anywhere.
DESK = ("Trịnh Văn Kín", "Xóm Giếng Mật", "0934 567 890")
PUBLIC_API = ("Lò Thị Bảo Mật", "Bản Khuất Nẻo", "baomat.lo@example.vn")
STAFF_API = ("Vi Văn Ẩn Danh", "Thôn Sau Núi", "0977 001 002")
WEB_FORM = ("Mùa A Giấu", "Bản Trên Cao", "0966 334 455")
SECRETS = [part for person in (DESK, PUBLIC_API, STAFF_API, WEB_FORM) for part in person]


def secrets_in(text: str) -> list[str]:
    folded = fold_vietnamese(text).lower()
    digits = text.replace(" ", "").replace(".", "")
    found = [secret for secret in SECRETS if secret in text or fold_vietnamese(secret).lower() in folded]
    return found + [secret for secret in SECRETS if secret[0].isdigit() and secret.replace(" ", "") in digits]


def xlsx_text(content: bytes) -> str:
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return " ".join(
        str(cell) for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row
    )


@pytest.fixture
def world(client, commune, province, officer, leader, reviewer, caplog):
    """The four denunciations, received and partly handled; every log record from here on is captured."""
    caplog.set_level(logging.DEBUG)
    village = make_unit("38-hc-t1", "Thôn Một", "village", commune)
    chairman = official_for(leader, commune, is_leader=True, phone="0911 999 000")
    handler = official_for(officer, commune, phone="0911 999 001")
    client.force_login(officer)
    refused = {"channel": "desk", "kind": "denunciation", "content": "", "name": DESK[0], "contact": DESK[2]}
    assert client.post(reverse("feedback:intake"), refused).status_code == 400  # logged as a bad request
    client.post(
        reverse("feedback:intake") + f"?commune={commune.pk}",
        {
            "channel": "desk",
            "kind": "denunciation",
            "topic": "land",
            "village": village.pk,
            "content": "Tố cáo cán bộ địa chính nhận tiền làm sổ đỏ",
            "is_signed": "on",
            "name": DESK[0],
            "address": DESK[1],
            "contact": DESK[2],
            "client_key": "desk-1",
        },
    )
    client.logout()
    client.post(
        "/api/v1/feedback",
        {
            "commune_code": commune.code,
            "kind": "denunciation",
            "content": "Tố cáo trưởng thôn thu tiền sai",
            "is_anonymous": False,
            "name": PUBLIC_API[0],
            "address": PUBLIC_API[1],
            "contact": PUBLIC_API[2],
            "client_key": "public-1",
        },
        content_type="application/json",
    )
    key = issue_api_token(officer, name="Hệ thống tiếp dân tỉnh", by=None)
    client.post(
        "/api/v1/feedback/staff/cases",
        {
            "commune_code": commune.code,
            "kind": "denunciation",
            "channel": "zalo",
            "is_signed": True,
            "content": "Tố cáo lấn chiếm đất công",
            "is_anonymous": False,
            "name": STAFF_API[0],
            "address": STAFF_API[1],
            "contact": STAFF_API[2],
        },
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    client.post(
        reverse("portal:feedback_form", args=[commune.slug]),
        {
            "kind": "denunciation",
            "topic": "public_order",
            "content": "Tố cáo đánh bạc",
            "name": WEB_FORM[0],
            "address": WEB_FORM[1],
            "contact": WEB_FORM[2],
            "client_key": "web-1",
        },
    )
    items = {item.content[:12]: item for item in FeedbackItem.objects.all()}
    assert len(items) == 4 and all(item.kind == "denunciation" for item in items.values())
    desk = FeedbackItem.objects.get(channel="desk")
    desk = services.accept_feedback(desk, by=leader)
    desk = services.assign_feedback(desk, by=leader, assignee=handler)
    services.record_verification(
        desk, by=officer, verified_on=timezone.localdate(), result="Có căn cứ một phần"
    )
    services.resolve_feedback(
        desk,
        by=officer,
        public_answer="Tố cáo đúng một phần; đã xử lý.",
        decision_number="9/KL-UBND",
        decision_on=timezone.localdate(),
        decision_content="Kết luận nội dung tố cáo",
    )
    services.send_answer(desk, by=officer)
    services.sweep_feedback_deadlines(timezone.localdate() + timedelta(days=40))
    zalo = FeedbackItem.objects.get(channel="zalo")
    services.transfer_feedback(
        zalo,
        by=officer,
        mode="transfer",
        referral_body="Thanh tra tỉnh",
        referral_number="7/UBND",
        referral_on=timezone.localdate(),
    )
    superuser = make_person("quantri", province, Role.ADMINISTRATOR, "Quản Trị Viên")
    superuser.is_superuser = superuser.is_staff = True
    superuser.save()
    return {"desk": desk, "zalo": zalo, "key": key, "superuser": superuser, "chairman": chairman}


def pages_seen_by(client, user, world, commune) -> dict[str, str]:
    """What `user` can get from every list, export, search, page and API of feedback, as text."""
    client.force_login(user)
    seen = {}
    codes = list(FeedbackItem.objects.values_list("tracking_code", flat=True))
    urls = [
        reverse("feedback:list"),
        reverse("feedback:list") + "?kind=denunciation&overdue=on",
        reverse("reports:feedback"),
        "/api/v1/feedback/staff/cases?kind=denunciation",
        reverse("portal:feedback_answers", args=[commune.slug]),
    ]
    for code in codes:
        urls += [reverse("feedback:detail", args=[code]), f"/api/v1/feedback/staff/cases/{code}"]
        urls += [f"/api/v1/feedback/{code}", reverse("portal:feedback_status", args=[commune.slug, code])]
    for url in urls:
        seen[url] = client.get(url).content.decode()
    export = client.get(reverse("feedback:list") + "?format=xlsx")
    if export.status_code == 200:
        seen["xlsx"] = xlsx_text(export.content)
    client.logout()
    return seen


@pytest.mark.parametrize("who", ["officer", "leader", "reviewer"])
def test_no_list_page_export_or_api_answer_names_a_denouncer(who, world, client, commune, request):
    user = request.getfixturevalue(who)

    seen = pages_seen_by(client, user, world, commune)

    assert len(seen) > 20
    leaks = {url: secrets_in(text) for url, text in seen.items() if secrets_in(text)}
    assert leaks == {}


def test_the_api_token_sees_no_identity_either(world, client):
    headers = {"Authorization": f"Bearer {world['key']}"}

    listing = client.get("/api/v1/feedback/staff/cases", headers=headers)
    detail = client.get(f"/api/v1/feedback/staff/cases/{world['desk'].tracking_code}", headers=headers)

    assert listing.status_code == detail.status_code == 200 and len(listing.json()) == 4
    assert secrets_in(listing.content.decode() + detail.content.decode()) == []


@pytest.mark.parametrize(
    "secret", [DESK[0], PUBLIC_API[0], fold_vietnamese(STAFF_API[0]), DESK[2], PUBLIC_API[2]]
)
def test_searching_for_a_denouncers_name_or_contact_finds_nothing(secret, world, client, leader):
    client.force_login(leader)
    headers = {"Authorization": f"Bearer {world['key']}"}

    page = client.get(reverse("feedback:list"), {"q": secret}).content.decode()
    api = client.get("/api/v1/feedback/staff/cases", {"q": secret}, headers=headers).json()

    assert api == []
    assert not [code for code in FeedbackItem.objects.values_list("tracking_code", flat=True) if code in page]


def test_the_admin_pages_show_no_identity(world, client):
    client.force_login(world["superuser"])
    urls = [reverse("admin:feedback_feedbackitem_changelist"), reverse("units:audit_log")]
    urls += [
        reverse("admin:feedback_feedbackitem_change", args=[pk])
        for pk in FeedbackItem.objects.values_list("pk", flat=True)
    ]
    urls += [reverse("admin:feedback_feedbackitem_changelist") + f"?q={DESK[0]}"]

    pages = {url: client.get(url) for url in urls}

    assert {url: page.status_code for url, page in pages.items()} == dict.fromkeys(urls, 200)
    texts = {url: page.content.decode().replace(f'value="{DESK[0]}"', "") for url, page in pages.items()}
    assert {url: secrets_in(text) for url, text in texts.items() if secrets_in(text)} == {}
    assert "senderidentity" not in client.get(reverse("admin:index")).content.decode()


def test_no_log_line_audit_row_timeline_outbox_or_idempotency_row_holds_an_identity(world, caplog, settings):
    outbox = settings.DATA_DIR / "outbox.jsonl"
    stored = [
        *(str(row) for row in AuditEvent.objects.values_list("object_repr", "changes", "path")),
        *(str(row) for row in FeedbackEvent.objects.values_list("note", flat=True)),
        *(str(row) for row in Notification.objects.values_list("recipient", "body")),
        *(str(row) for row in IdempotencyRecord.objects.values()),
        *(str(row) for row in FeedbackItem.objects.values()),
    ]

    records = caplog.get_records("setup") + caplog.records
    logged = "\n".join(f"{record.name} {record.getMessage()} {record.args}" for record in records)

    assert records  # the requests above were logged: the check below is not vacuous
    assert secrets_in(logged) == []
    assert secrets_in("\n".join(stored)) == []
    assert not outbox.exists() or secrets_in(outbox.read_text()) == []


def test_the_leader_and_the_assignee_read_the_identity_and_each_reading_is_audited(
    world, client, leader, officer
):
    desk = world["desk"]

    for user in (leader, officer):  # the chairman, then the official the case is assigned to
        client.force_login(user)
        page = client.post(reverse("feedback:reveal", args=[desk.tracking_code]))
        assert (
            page.status_code == 200 and DESK[0] in page.content.decode() and DESK[2] in page.content.decode()
        )
        assert page["Cache-Control"] == "no-store"

    views = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW, object_id=str(desk.pk))
    assert sorted(views.values_list("actor__username", flat=True)) == ["canbo", "chutich"]
    assert secrets_in(str(list(views.values_list("changes", "object_repr")))) == []


@pytest.mark.parametrize("who", ["officer_not_assigned", "reviewer", "superuser", "outsider_officer"])
def test_anyone_else_is_refused_the_identity_and_nothing_is_shown(who, world, client, request, commune):
    zalo = world["zalo"]  # not assigned to anybody
    if who == "officer_not_assigned":
        user = request.getfixturevalue("officer")
    elif who == "superuser":
        user = world["superuser"]
    else:
        user = request.getfixturevalue(who)
    client.force_login(user)

    page = client.post(reverse("feedback:reveal", args=[zalo.tracking_code]))

    assert page.status_code in {403, 404}
    assert secrets_in(page.content.decode()) == []
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.VIEW).exists()
