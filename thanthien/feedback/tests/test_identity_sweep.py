"""Identity sweep (issue #13, "Must show"): a named denunciation and a named complaint go in through every
channel that can carry a person, then every page, export, API answer, the outbox file and the audit list
are requested as every role: the name, address and phone appear nowhere, except where an identity reader
(feedback.permissions.can_read_identity) asked for them on purpose.

Table-driven: a new page is one line in PAGES. `test_every_page_of_the_swept_apps_is_in_the_table` fails
when a URL of the swept apps is neither in PAGES nor in NOT_SWEPT (with its reason).
"""

import io
import json
import re
import zipfile
from dataclasses import dataclass
from datetime import date, time
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from conftest import make_person, make_unit
from thanthien.core.models import AuditEvent
from thanthien.feedback import open311, services
from thanthien.feedback.models import FeedbackItem
from thanthien.feedback.services import Identity
from thanthien.letters.models import Letter
from thanthien.notifications.tasks import send_due_notifications
from thanthien.reception import services as reception_services
from thanthien.reception.models import ReceptionSession
from thanthien.units.models import Official, Role
from thanthien.units.tokens import issue_api_token

pytestmark = pytest.mark.django_db

# Distinctive: none of these words occurs anywhere else in the project.
DENOUNCER = Identity("Quách Thị Vịnh", "Xóm Gò Khế số 77", "0909 123 457")
COMPLAINANT = Identity("Lương Văn Khiêm", "Ngõ Cây Sộp số 31", "0977 654 329")
SECRETS = {
    "denouncer's name": ["Quách Thị Vịnh", "Quach Thi Vinh", "QUÁCH THỊ VỊNH"],
    "denouncer's address": ["Gò Khế"],
    "denouncer's phone": ["0909 123 457", "0909123457"],
    "complainant's name": ["Lương Văn Khiêm", "Luong Van Khiem", "LƯƠNG VĂN KHIÊM"],
    "complainant's address": ["Cây Sộp"],
    "complainant's phone": ["0977 654 329", "0977654329"],
}


def leaks(text: str, allowed: frozenset[str] = frozenset()) -> list[str]:
    return [what for what, forms in SECRETS.items() if what not in allowed and any(f in text for f in forms)]


def readable(response: Any) -> str:
    """The body as a person would read it: JSON decoded, and every XML part of a docx/xlsx/zip unzipped."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    text = body.decode("utf-8", "replace")
    if response.get("Content-Type", "").startswith("application/json"):
        text += json.dumps(json.loads(body or b"null"), ensure_ascii=False)
    return text


@dataclass
class World:
    commune: Any
    people: dict[str, Any]
    codes: dict[str, str]
    ids: dict[str, Any]


@pytest.fixture
def world(client, commune, officer, leader, reviewer, province, settings, monkeypatch) -> World:
    """Every channel that can carry a person, each with the named denouncer and the named complainant."""
    settings.NOTIFICATION_CHANNELS = {
        key: "thanthien.notifications.channels.FileChannel" for key in ("default", "sms")
    }
    settings.NOTIFICATION_QUIET_HOURS = ""
    # Every role reads the Open311 list from the same address: more than one client's share of reads.
    monkeypatch.setattr(open311, "READS_PER_WINDOW", 10_000)
    village = make_unit("38-hc-t9", "Thôn 9", "village", commune)
    people = {
        "desk officer": officer,
        "leader (without asking)": leader,
        "supervisor": make_person("giamsat", commune, Role.SUPERVISOR, "Giám Sát"),
        "reviewer": reviewer,
        "administrator": make_person("quantri", commune, Role.ADMINISTRATOR, "Quản Trị"),
        "Front's chair (supervisor)": make_person("mttq", commune, Role.SUPERVISOR, "Chủ tịch MTTQ"),
        "Party secretary (supervisor)": make_person("bithu", commune, Role.SUPERVISOR, "Bí thư"),
        "another commune's officer": make_person(
            "khac", make_unit("38-hx", "Xã Hoằng Xuân", "commune", province, slug="hx"), Role.DESK_OFFICER
        ),
        "superuser": get_user_model().objects.create_superuser("root", password="mật-khẩu-thử-1"),
        "anonymous": None,
    }
    chairman = Official.objects.create(unit=commune, user=leader, full_name="Chủ Tịch", is_leader=True)
    codes: dict[str, str] = {}
    # 1. Public web form.
    for kind, who in (("denunciation", DENOUNCER), ("complaint", COMPLAINANT)):
        response = client.post(
            reverse("portal:feedback_form", args=[commune.slug]),
            {
                "kind": kind,
                "topic": "other",
                "content": f"Qua cổng: {kind}",
                "client_key": f"web-{kind}",
                "name": who.name,
                "address": who.address,
                "contact": who.contact,
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        codes[f"web {kind}"] = response["Location"].split("/gop-y/")[1].split("/")[0]
    # 2. Public API.
    for kind, who in (("denunciation", DENOUNCER), ("complaint", COMPLAINANT)):
        body = {
            "commune_code": commune.code,
            "kind": kind,
            "content": f"Qua API: {kind}",
            "is_anonymous": False,
            "name": who.name,
            "address": who.address,
            "contact": who.contact,
        }
        response = client.post("/api/v1/feedback", body, content_type="application/json")
        assert response.status_code == 201, response.content
        codes[f"api {kind}"] = response.json()["tracking_code"]
    # 3. Staff API, with a desk officer's key.
    key = issue_api_token(officer, name="Hệ thống", by=None)
    for kind, who in (("denunciation", DENOUNCER), ("complaint", COMPLAINANT)):
        body = {
            "commune_code": commune.code,
            "kind": kind,
            "channel": "hotline",
            "content": f"Staff: {kind}",
            "is_anonymous": False,
            "is_signed": True,
            "name": who.name,
            "address": who.address,
            "contact": who.contact,
        }
        response = client.post(
            "/api/v1/feedback/staff/cases",
            body,
            content_type="application/json",
            headers={"Authorization": f"Bearer {key}"},
        )
        assert response.status_code == 201, response.content
        codes[f"staff api {kind}"] = response.json()["tracking_code"]
    # 3b. Open311 (an integration's key, the sender's name and phone as the spec's fields).
    for kind, who in (("denunciation", DENOUNCER), ("complaint", COMPLAINANT)):
        family, _space, given = who.name.partition(" ")
        body = {
            "api_key": key,
            "jurisdiction_id": commune.code,
            "service_code": kind,
            "address_string": "Đầu cầu Khe Mát",
            "description": f"Qua Open311: {kind}",
            "last_name": family,
            "first_name": given,
            "phone": who.contact,
        }
        response = client.post("/open311/v2/requests.json", body)
        assert response.status_code == 201, response.content
        assert leaks(readable(response)) == []
        item = FeedbackItem.objects.get(public_id=response.json()[0]["service_request_id"])
        identity = services.reveal_identity(leader, item)
        assert identity is not None
        assert identity.name == who.name
        codes[f"open311 {kind}"] = item.tracking_code
    # 4. Staff intake (the desk) and a suggestion box opening with named items.
    for kind, who in (("denunciation", DENOUNCER), ("complaint", COMPLAINANT)):
        item = services.receive_feedback(
            commune,
            by=officer,
            kind=kind,
            channel="desk",
            content=f"Tại bộ phận: {kind}",
            is_signed=True,
            identity=who,
            village=village,
        )
        codes[f"desk {kind}"] = item.tracking_code
    opening = services.record_box_opening(
        commune,
        by=officer,
        opened_on=date(2026, 11, 2),
        location="Nhà văn hóa thôn 9",
        opened_by="Tổ mở hòm",
        items=[
            services.BoxItem(kind="complaint", content="Trong hòm thư", identity=COMPLAINANT, is_signed=True),
            services.BoxItem(kind="denunciation", content="Trong hòm thư", identity=DENOUNCER),
        ],
    )
    for item in opening.items.all():
        codes[f"box {item.kind}"] = item.tracking_code
    # 5. Reception session: the log entries, one split, and a petition made from one.
    session = ReceptionSession.objects.create(
        commune=commune,
        leader=chairman,
        planned_on=date(2026, 11, 5),
        held_on=date(2026, 11, 5),
        starts_at=time(8),
        ends_at=time(11),
        place="Trụ sở UBND xã",
    )
    records = {}
    for kind, who in (("denunciation", DENOUNCER), ("complaint", COMPLAINANT)):
        records[kind] = reception_services.record_reception_entry(
            session,
            by=officer,
            visitor_name=who.name,
            visitor_address=who.address,
            content=f"Tiếp dân: {kind}",
            kind=kind,
            village=village,
        )
    part = reception_services.split_reception_entry(
        records["complaint"],
        by=officer,
        kind="recommendation",
        content="Kiến nghị kèm theo",
        remaining_content="Khiếu nại",
    )
    codes["reception denunciation"] = reception_services.create_petition(
        records["denunciation"], by=officer
    ).tracking_code
    codes["reception complaint"] = reception_services.create_petition(
        records["complaint"], by=officer
    ).tracking_code
    # 6. Field visit and dialogue: a raised issue carries no person (reflections, forced anonymous).
    visit = reception_services.record_field_visit(
        commune,
        by=officer,
        village=village,
        visited_on=date(2026, 11, 6),
        leaders=[chairman],
        purpose="Thăm thôn",
    )
    field_issue = reception_services.add_field_visit_issue(visit, by=officer, content="Đường thôn 9 hỏng")
    dialogue = reception_services.schedule_dialogue(
        commune,
        by=leader,
        level="commune",
        title="Đối thoại 2026",
        planned_on=date(2026, 11, 7),
        place="Hội trường",
        chaired_by=chairman,
    )
    dialogue_issue = reception_services.add_dialogue_issue(
        dialogue, by=leader, raised_by="Thôn 9", content="Điện chiếu sáng"
    )
    reception_services.send_dialogue_issue_to_feedback(dialogue_issue, by=leader)
    # 7. Useful-contribution letters, an answer sent through the outbox, a print job of the letters.
    for key_ in ("desk complaint", "web complaint", "desk denunciation"):
        services.mark_useful_contribution(FeedbackItem.objects.get(tracking_code=codes[key_]), by=officer)
    complaint = FeedbackItem.objects.get(tracking_code=codes["desk complaint"])
    complaint = services.accept_feedback(complaint, by=leader, accepted_on=timezone.localdate())
    complaint = services.assign_feedback(complaint, by=leader, assignee=chairman)
    complaint = services.resolve_feedback(
        complaint,
        by=leader,
        public_answer="Đã giải quyết.",
        decision_number="01/QĐ",
        decision_on=timezone.localdate(),
        decision_content="Giữ nguyên",
    )
    services.send_answer(complaint, by=leader)
    # Published: its content and answer go on the public page and into the Open311 list.
    services.set_publication(complaint, by=leader, publish=True)
    letters = list(Letter.objects.filter(kind="thanks"))
    assert len(letters) == 2  # a denouncer gets none
    client.force_login(officer)
    ids = ",".join(str(letter.pk) for letter in letters)
    job = client.post(reverse("letters:print"), {"ids": ids, "format": "docx"})
    assert job.status_code == 302
    client.logout()
    return World(
        commune,
        people,
        codes,
        {
            "records": [*records.values(), part],
            "visit": visit,
            "dialogue": dialogue,
            "letters": letters,
            "letter_ids": ids,
            "job": int(job["Location"].rstrip("/").rsplit("/", 1)[-1]),
            "field_item": field_issue.feedback_item.tracking_code,
            "session": session,
        },
    )


def _codes(w: World) -> list[str]:
    return [*w.codes.values(), w.ids["field_item"]]


def one(name: str, *args: Any, query: str = "") -> Any:
    """A row's URLs: one URL; an argument may be a function of the world."""
    return lambda w: [reverse(name, args=[a(w) if callable(a) else a for a in args]) + query]


def per(name: str, objects: Any, *extra: str) -> Any:
    """A row's URLs: one URL per object (a primary key or a code) the world gives."""
    return lambda w: [reverse(name, args=[o, *extra]) for o in objects(w)]


def records(w: World) -> list[int]:
    return [r.pk for r in w.ids["records"]]


def letters(w: World) -> list[int]:
    return [x.pk for x in w.ids["letters"]]


def slug_and(codes: Any) -> Any:
    return lambda w: [reverse("portal:feedback_status", args=[w.commune.slug, c]) for c in codes(w)]


def admin_pages(w: World) -> list[str]:
    items = FeedbackItem.objects.filter(tracking_code__in=_codes(w)).values_list("pk", flat=True)
    audit = AuditEvent.objects.values_list("pk", flat=True)[:400]
    return [
        "/admin/feedback/feedbackitem/",
        "/admin/reception/receptionrecord/",
        "/admin/letters/letter/",
        "/admin/core/auditevent/",
        "/admin/letters/printjob/",
        *[f"/admin/feedback/feedbackitem/{pk}/change/" for pk in items],
        *[f"/admin/reception/receptionrecord/{pk}/change/" for pk in records(w)],
        *[f"/admin/letters/letter/{pk}/change/" for pk in letters(w)],
        *[f"/admin/core/auditevent/{pk}/change/" for pk in audit],
    ]


def public_ids(w: World) -> list[str]:
    return list(FeedbackItem.objects.filter(tracking_code__in=_codes(w)).values_list("public_id", flat=True))


def open311_lists(w: World) -> list[str]:
    """The list of the commune, every status, and every case by its public number (the ids override dates)."""
    base = reverse("open311:requests", args=["json"]) + f"?jurisdiction_id={w.commune.code}"
    return [
        base,
        base + "&status=open",
        base + "&status=closed",
        base + "&service_request_id=" + ",".join(public_ids(w)),
    ]


def slug(w: World) -> str:
    return w.commune.slug


# Each row: a URL name, and a function of the world giving the URLs to GET. A new page is one more row.
PAGES: list[tuple[str, Any]] = [
    ("feedback:list", lambda w: [reverse("feedback:list"), reverse("feedback:list") + "?format=xlsx"]),
    ("feedback:intake", one("feedback:intake")),
    ("feedback:box_opening", one("feedback:box_opening")),
    ("feedback:detail", per("feedback:detail", _codes)),
    ("reception:reception_home", one("reception:reception_home")),
    ("reception:session_detail", one("reception:session_detail", lambda w: w.ids["session"].pk)),
    ("reception:record_detail", per("reception:record_detail", records)),
    ("reception:dialogue_list", one("reception:dialogue_list")),
    ("reception:dialogue_detail", one("reception:dialogue_detail", lambda w: w.ids["dialogue"].pk)),
    ("reception:dialogue_minutes", one("reception:dialogue_minutes", lambda w: w.ids["dialogue"].pk)),
    ("reception:commitment_list", one("reception:commitment_list")),
    ("reception:field_visit_list", one("reception:field_visit_list")),
    ("reception:field_visit_detail", one("reception:field_visit_detail", lambda w: w.ids["visit"].pk)),
    ("letters:queue", one("letters:queue")),
    ("letters:register", one("letters:register")),
    ("letters:batch", lambda w: [reverse("letters:batch") + "?ids=" + w.ids["letter_ids"]]),
    ("letters:detail", per("letters:detail", letters)),
    ("letters:download", per("letters:download", letters, "docx")),
    ("letters:print_job", one("letters:print_job", lambda w: w.ids["job"])),
    ("letters:print_file", one("letters:print_file", lambda w: w.ids["job"])),
    ("reports:feedback", one("reports:feedback")),
    ("reports:overdue_petitions", one("reports:overdue_petitions")),
    ("reports:commune_overview", one("reports:commune_overview", lambda w: w.commune.code)),
    ("reports:satisfaction", one("reports:satisfaction")),
    ("reports:ranking", lambda w: [reverse("reports:ranking"), reverse("reports:ranking_export")]),
    ("reports:national", one("reports:national")),  # 403 to all but a superuser and national reviewers
    ("reports:national_export", one("reports:national_export")),
    ("reports:report_list", one("reports:report_list")),
    ("dossiers:today", one("dossiers:today")),
    ("dossiers:book", lambda w: [reverse("dossiers:book"), reverse("dossiers:book") + "?format=xlsx"]),
    ("units:audit_log", one("units:audit_log")),
    ("portal:commune_home", one("portal:commune_home", slug)),
    ("portal:feedback_answers", one("portal:feedback_answers", slug)),
    ("portal:feedback_status", slug_and(_codes)),
    (
        "portal:feedback_sent",
        lambda w: [reverse("portal:feedback_sent", args=[w.commune.slug, c]) for c in _codes(w)],
    ),
    ("portal:reception_schedule", one("portal:reception_schedule", slug)),
    ("api:feedback_cases", lambda w: ["/api/v1/feedback/staff/cases?limit=100"]),
    ("api:feedback_case_detail", lambda w: [f"/api/v1/feedback/staff/cases/{c}" for c in _codes(w)]),
    ("api:feedback_status", lambda w: [f"/api/v1/feedback/{c}" for c in _codes(w)]),
    ("api:report_figures", lambda w: ["/api/v1/reports/figures"]),
    ("open311:services", lambda w: [reverse("open311:services", args=["json"])]),
    ("open311:requests", open311_lists),
    ("open311:request", lambda w: [reverse("open311:request", args=[i, "json"]) for i in public_ids(w)]),
    ("admin", admin_pages),
]

# URLs of the swept apps that are not GET pages of these objects, each with why.
NOT_SWEPT = {
    "feedback:reveal": "POST, the identity reader's own request (tested below)",
    "feedback:step": "POST steps",
    "feedback:attachment": "the sender's own file, for permissions.can_open_attachments (test_attachments)",
    "reception:record_reveal": "POST, the identity reader's own request (tested below)",
    "letters:write": "a blank form for a letter staff write themselves: it shows no petition",
    **{
        f"reception:{n}": "POST or a form without the objects"
        for n in (
            "rule_add",
            "sessions_generate",
            "session_add",
            "session_held",
            "session_cancel",
            "record_answer",
            "record_split",
            "record_petition",
            "dialogue_held",
            "dialogue_issue_add",
            "dialogue_issue_feedback",
            "dialogue_commitment_add",
            "commitment_done",
        )
    },
    **{
        f"letters:{n}": "POST, or templates and dossier slips that hold no petition"
        for n in (
            "issue",
            "cancel",
            "print",
            "new_year",
            "template_list",
            "template_upload",
            "template_file",
            "template_preview",
            "receipt_docx",
            "supplement_docx",
            "rejection_docx",
            "postponement_docx",
        )
    },
    "reports:ranking_export": "in the reports:ranking row",
    **{
        f"reports:{n}": "a periodic report holds figures only; started by POST"
        for n in ("report_start", "report_edit", "report_download")
    },
    **{
        f"dossiers:{n}": "a dossier of an administrative procedure, never a petition"
        for n in (
            "receive",
            "home_service",
            "import",
            "import_template",
            "detail",
            "receipt",
            "hand_over",
            "request_supplement",
            "record_supplement",
            "reject",
            "mark_ready",
            "return_result",
            "postpone",
            "postponement_slip",
            "supplement_slip",
            "rejection_slip",
        )
    },
    **{
        f"portal:{n}": "no petition on it"
        for n in (
            "lookup",
            "rate",
            "survey",
            "feedback_form",
            "feedback_lookup",
            "reception_ics",
            "procedure_list",
            "procedure_detail",
        )
    },
}
SWEPT_NAMESPACES = ("feedback", "reception", "letters", "reports", "portal", "dossiers", "open311")


def _names(resolver: Any, namespace: str = "") -> list[str]:
    names = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            names += _names(pattern, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name and namespace in SWEPT_NAMESPACES:
            names.append(f"{namespace}:{pattern.name}")
    return names


def test_every_page_of_the_swept_apps_is_in_the_table():
    tabled = {name for name, _urls in PAGES}
    missing = [n for n in _names(get_resolver()) if n not in tabled and n not in NOT_SWEPT]
    assert missing == [], f"add these URLs to PAGES (or to NOT_SWEPT with a reason): {missing}"


ALLOWED_FOR_READERS = {
    # The identity reader's own copy of a thank-you letter goes to the real person (letters.views.download).
    ("leader (without asking)", "letters:download"): frozenset(
        {"complainant's name", "complainant's address"}
    ),
    # The notifications admin lists the outbox; the complainant's own answer goes to their own phone.
}


def test_no_page_export_or_api_answer_names_the_person_to_any_role(world):
    checked, found = 0, []
    for role, user in world.people.items():
        client = Client()
        if user is not None:
            client.force_login(user)
        for name, urls in PAGES:
            allowed = ALLOWED_FOR_READERS.get((role, name), frozenset())
            for url in urls(world):
                response = client.get(url)
                assert response.status_code < 500, (role, url, response.status_code)
                checked += 1
                leaked = leaks(readable(response), allowed)
                if leaked:
                    found.append((role, url, leaked))
    assert found == []
    assert checked > 400


def test_the_outbox_file_and_the_audit_list_name_no_one(world, settings):
    from thanthien.notifications.models import Notification

    assert Notification.objects.exists()
    send_due_notifications(max_seconds=20)
    outbox = (settings.DATA_DIR / "outbox.jsonl").read_text(encoding="utf-8")
    messages = [json.loads(line) for line in outbox.splitlines() if line.strip()]
    assert messages, "the complainant's answer went through the outbox"
    for message in messages:
        # The complainant's own answer goes to the complainant's own phone, and carries nothing else of them.
        allowed = frozenset({"complainant's phone"})
        assert leaks(json.dumps(message, ensure_ascii=False), allowed) == []
        assert leaks(json.dumps({k: v for k, v in message.items() if k != "to"}, ensure_ascii=False)) == []
    audit_text = "\n".join(
        f"{e.object_repr} {json.dumps(e.changes, ensure_ascii=False)}" for e in AuditEvent.objects.all()
    )
    assert leaks(audit_text) == []
    assert re.search(r"Thư cảm ơn — Người gửi ý kiến [A-Z0-9]+", audit_text)


def test_only_an_identity_reader_who_asks_reads_the_person_and_it_is_audited(world):
    desk = FeedbackItem.objects.get(tracking_code=world.codes["desk denunciation"])
    record = world.ids["records"][0]
    readers = {"leader (without asking)"}
    for role, user in world.people.items():
        client = Client()
        if user is not None:
            client.force_login(user)
        case = client.post(reverse("feedback:reveal", args=[desk.tracking_code]))
        entry = client.post(reverse("reception:record_reveal", args=[record.pk]))
        if role in readers:
            assert leaks(readable(case)) and leaks(readable(entry))
        else:
            assert case.status_code in {302, 403, 404} and entry.status_code in {302, 403, 404}, role
            assert leaks(readable(case)) == [] and leaks(readable(entry)) == []
    leader = world.people["leader (without asking)"]
    # The thank-you letter: the leader's own download goes to the real person (audited), no one else's.
    letter = world.ids["letters"][0]
    url = reverse("letters:download", args=[letter.pk, "docx"])
    for role, user in world.people.items():
        client = Client()
        if user is not None:
            client.force_login(user)
        expected = ["complainant's name"] if role in readers else []  # the thanks template prints no address
        assert leaks(readable(client.get(url))) == expected, role
    reads = AuditEvent.objects.filter(action="view", actor=leader, changes__viewed="sender_identity")
    assert {e.object_id for e in reads} >= {str(desk.pk), str(record.pk), str(letter.pk)}


def test_the_open311_list_shows_published_text_and_no_denunciation_and_no_one(world):
    client = Client()
    answers = client.get(reverse("open311:requests", args=["json"]), {"jurisdiction_id": world.commune.code})

    assert answers.status_code == 200
    listed = answers.json()
    assert {answer["service_code"] for answer in listed} >= {"complaint", "recommendation"}
    assert "denunciation" not in {answer["service_code"] for answer in listed}
    assert [a["description"] for a in listed if a["description"]] == ["Tại bộ phận: complaint"]
    assert leaks(readable(answers)) == []
