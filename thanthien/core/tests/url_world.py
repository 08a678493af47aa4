"""Two communes of one province for the URL access matrix (test_url_access.py): commune A with one record
of each kind its URLs take, commune B with its own people, and a person for each row of
`thanthien.access.USERS`. Records are built by the services where a service exists, as officials would.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import time_machine
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conftest import make_person, make_unit
from thanthien.assessment import evidence as assessment_evidence
from thanthien.assessment import services as assessment
from thanthien.assessment.tests.year import YEAR, at, set_file
from thanthien.configuration import services as configuration
from thanthien.configuration.kinds import kind_by_slug
from thanthien.devices import services as devices
from thanthien.disclosure import services as disclosure
from thanthien.disclosure.tests.factories import budget, pdf
from thanthien.dossiers import services as dossiers
from thanthien.dossiers.links import rating_token
from thanthien.dossiers.tests.factories import make_procedure
from thanthien.feedback.attachments import check_attachment, store_attachment
from thanthien.feedback.tests.helpers import receive, signed_complaint
from thanthien.letters import services as letters
from thanthien.letters.models import LetterTemplate
from thanthien.letters.tests.factories import thanks_draft
from thanthien.planning import services as planning
from thanthien.planning.models import ConductCode, PlanTemplate
from thanthien.planning.tests.helpers import front_of
from thanthien.procedures.models import ProcedureForm
from thanthien.ratings import services as ratings
from thanthien.ratings.models import RatingAlert
from thanthien.ratings.survey_links import survey_token
from thanthien.ratings.tests.factories import make_campaign
from thanthien.reception import services as reception
from thanthien.reception.tests.conftest import make_session, write_entry
from thanthien.reports import services as reports
from thanthien.units.models import AccessApproval, Household, Membership, Official, Role, Unit, User

VN = ZoneInfo("Asia/Ho_Chi_Minh")
# Words that name commune A's records and appear nowhere in B's: none may show in an answer to B's people.
SECRET_NAME = "Bùi Thị Riêng Tư"
SECRET_CONTENT = "Cống thoát nước xóm Bí Mật bị tắc"


@dataclass
class World:
    commune: Unit
    other: Unit
    users: dict[str, Any]
    objects: dict[str, Any] = field(default_factory=dict)
    markers: set[str] = field(default_factory=set)


def build_world() -> World:
    province = make_unit("38", "Tỉnh Thanh Hóa", "province")
    commune = make_unit("38-hc", "Xã Hoằng Cát", "commune", province, slug="hoang-cat")
    other = make_unit("38-hx", "Xã Hoằng Xuân", "commune", province, slug="hoang-xuan")
    village = make_unit("38-hc-01", "Thôn Cát Lợi", "village", commune)
    make_unit("38-hx-01", "Thôn Xuân Phong", "village", other)
    users = {
        "desk_officer": make_person("motcua", commune, Role.DESK_OFFICER, "Lê Thị Một Cửa"),
        "leader": make_person("chutich", commune, Role.LEADER, "Nguyễn Văn Chủ Tịch"),
        "supervisor": make_person("mttq", commune, Role.SUPERVISOR, "Hoàng Thị Mặt Trận"),
        "reviewer": make_person("giamsat", commune, Role.REVIEWER, "Đỗ Văn Giám Sát"),
        "administrator": make_person("quantri", commune, Role.ADMINISTRATOR, "Trịnh Minh Quân"),
        "village_head": make_person("truongthon", village, Role.VILLAGE_HEAD, "Lê Văn Thôn"),
        "village_front": make_person("mttqthon", village, Role.VILLAGE_FRONT, "Vũ Thị Mặt Trận Thôn"),
        "other_commune": make_person("quantri_xa_khac", other, Role.ADMINISTRATOR, "Trần Văn Khác"),
        "province_reviewer": make_person("thamdinh", province, Role.REVIEWER, "Phạm Thẩm Định"),
        "superuser": User.objects.create_superuser(username="sieuquantri", password="mật-khẩu-thử-1"),
    }
    # B's leader and desk officer too, so that B has a working commune.
    make_person("chutich_xa_khac", other, Role.LEADER, "Lương Văn Khác")
    world = World(commune=commune, other=other, users=users)
    _build_records(world, village)
    return world


def _build_records(world: World, village: Unit) -> None:
    commune, users, objects = world.commune, world.users, world.objects
    officer, leader, admin = users["desk_officer"], users["leader"], users["administrator"]
    chairman = Official.objects.create(
        unit=commune, user=leader, full_name="Nguyễn Văn Chủ Tịch", title="Chủ tịch UBND xã", is_leader=True
    )
    objects["official"] = chairman

    # Dossiers: one received, its supplement slip, one rejected, one with an apology slip.
    procedure = make_procedure(code="TEST-KS", name="Đăng ký khai sinh (thử)")
    objects["procedure"] = procedure

    def dossier() -> Any:
        return dossiers.receive_dossier(
            commune, procedure=procedure, by=officer, applicant_name=SECRET_NAME, applicant_phone="0912345678"
        )

    objects["dossier"] = dossier()
    supplement_dossier = dossier()
    objects["supplement"] = dossiers.request_supplement(
        supplement_dossier, by=officer, office="Một cửa", missing_items="Giấy chứng sinh", reason="Thiếu"
    )
    rejected = dossier()
    dossiers.reject_dossier(rejected, by=officer, reasons="Không thuộc thẩm quyền")
    objects["rejected"] = rejected
    objects["postponement"] = dossiers.draft_postponement(dossier(), by=officer)
    world.markers |= {objects["dossier"].code, rejected.code, supplement_dossier.code, SECRET_NAME}

    # Feedback: a reflection and a signed complaint (with its sender's identity).
    objects["feedback"] = receive(officer, commune, content=SECRET_CONTENT)
    objects["complaint"] = signed_complaint(officer, commune)
    world.markers |= {objects["feedback"].tracking_code, objects["complaint"].tracking_code, SECRET_CONTENT}

    # Letters, reception, dialogues, field visits.
    objects["letter"] = thanks_draft(commune, name=SECRET_NAME)
    session = make_session(commune, chairman, date(2026, 11, 2))
    objects["session"] = session
    objects["record"] = write_entry(session, by=officer, content=SECRET_CONTENT)
    objects["dialogue"] = reception.schedule_dialogue(
        commune,
        by=leader,
        level="commune",
        title="Hội nghị đối thoại Bí Mật",
        planned_on=date(2026, 6, 15),
        place="Hội trường UBND xã",
        chaired_by=chairman,
    )
    objects["visit"] = reception.record_field_visit(
        commune, by=leader, village=village, visited_on=date(2026, 11, 26), leaders=[chairman], purpose="Thăm"
    )

    # Planning, disclosure, households, devices, surveys, reports.
    objects["task"] = planning.create_task(
        commune, title="Nhiệm vụ Bí Mật", by=leader, due_on=date(2026, 12, 31)
    )
    objects["item"] = disclosure.publish_disclosure(
        commune,
        by=officer,
        obligation=budget(),
        title="Dự toán Bí Mật",
        approved_on=date(2026, 1, 5),
        files=[pdf()],
    )
    objects["posting"] = disclosure.record_posting(
        objects["item"], by=officer, place="Nhà văn hóa", posted_on=date(2026, 1, 6)
    )
    objects["announcement"] = disclosure.create_announcement(
        commune,
        by=officer,
        category="event",
        title="Thông báo Bí Mật",
        body="Họp thôn",
        publish_at=datetime(2026, 1, 5, 8, 0, tzinfo=VN),
    )
    household = Household.objects.create(village=village, head_name=SECRET_NAME, address="Xóm 1")
    objects["household"] = household
    objects["message_consent"] = disclosure.record_consent(
        household, by=officer, channel="sms", purpose="Thông báo", given_on=date(2026, 1, 5)
    )
    objects["device"] = devices.pair_kiosk(commune, name="Ki-ốt Bí Mật", by=leader).device
    objects["campaign"] = make_campaign(commune, users["supervisor"])
    objects["survey_token"] = survey_token(objects["campaign"], village)
    objects["rating_token"] = rating_token(objects["dossier"])
    objects["report"] = reports.start_report(commune, kind="yearly", year=2026, by=leader)
    objects["membership"] = Membership.objects.get(user=officer)
    objects["approval"] = AccessApproval.objects.create(
        kind=AccessApproval.Kind.GRANT_ROLE, user=officer, unit=commune, role=Role.LEADER, requested_by=admin
    )
    objects["village"] = village
    _build_more_records(world, chairman)
    world.markers |= {"Hội nghị đối thoại Bí Mật", "Nhiệm vụ Bí Mật", "Dự toán Bí Mật", "Thông báo Bí Mật"}
    world.markers |= {"Ki-ốt Bí Mật"}


def _build_more_records(world: World, chairman: Official) -> None:
    """The records reached through another: a dialogue's issue and commitment, a task's evidence, a case's
    attachment, a plan of the commune, a letter template."""
    commune, users, objects = world.commune, world.users, world.objects
    leader = users["leader"]
    objects["issue"] = reception.add_dialogue_issue(
        objects["dialogue"], by=leader, raised_by="Ông Lê Văn Cử tri", content="Đường thôn hỏng"
    )
    objects["commitment"] = reception.add_dialogue_commitment(
        objects["dialogue"],
        by=leader,
        content="Sửa đường thôn Bí Mật",
        owner=chairman,
        due_on=date(2026, 12, 1),
    )
    objects["evidence"] = planning.add_task_evidence(objects["task"], upload=pdf("bien-ban.pdf"), by=leader)
    objects["attachment"] = store_attachment(objects["feedback"], check_attachment("anh.pdf", pdf().read()))
    objects["plan"] = planning.create_plan_from_template(
        PlanTemplate.objects.order_by("pk").first(),  # type: ignore[arg-type]  # planning migration 0002 seeds them
        unit=commune,
        number="01/KH-UBND",
        title="Kế hoạch Bí Mật",
        issued_on=date(2026, 1, 5),
        starts_on=date(2026, 1, 5),
        ends_on=date(2026, 12, 31),
        by=leader,
    )
    criteria_set = assessment.import_criteria_set(set_file(), by=None, province=commune.parent)
    with time_machine.travel(at(date(2024, 1, 8), 9), tick=False):
        objects["assessment"] = assessment.start_self_assessment(commune, YEAR, by=leader)
    objects["criteria_set"] = criteria_set
    objects["criterion"] = objects["assessment"].entries.first().criterion
    objects["template"] = LetterTemplate.objects.order_by("pk").first()
    world.markers |= {"Sửa đường thôn Bí Mật", "Kế hoạch Bí Mật"}
    _build_supervision_and_conduct(world, chairman)
    _build_files_and_settings(world, chairman)


# Shown by the pages of these records: none may reach B's official or A's village people.
SECRET_FINDINGS = "Sổ tiếp dân Bí Mật ghi thiếu"
SECRET_COMMENT = "Chờ cả buổi ở bàn Bí Mật"
SECRET_BASIS = "Quyết định Bí Mật về giờ yên lặng"


def _build_supervision_and_conduct(world: World, chairman: Official) -> None:
    """The Front's supervision visit of commune A, and its chairman's commitment to the conduct code."""
    commune, users, objects = world.commune, world.users, world.objects
    objects["supervision_visit"] = planning.record_visit(
        commune,
        body=front_of(commune),
        visited_on=date(2026, 11, 2),
        subject="Giám sát Bộ phận một cửa",
        members="Hoàng Thị Mặt Trận",
        findings=SECRET_FINDINGS,
        recommendations=[("Ghi sổ tiếp dân đầy đủ", date(2026, 11, 30))],
        by=users["supervisor"],
    )
    planning.adopt_conduct_code(
        commune,
        code=ConductCode.objects.order_by("pk")[0],
        effective_from=date(2026, 1, 1),
        by=users["leader"],
    )
    objects["conduct_commitment"] = planning.sign_commitment(
        chairman, year=2026, signed_on=date(2026, 1, 6), by=users["leader"]
    )
    world.markers |= {SECRET_FINDINGS}


def _build_files_and_settings(world: World, chairman: Official) -> None:
    """A rating alert, a print job of A's letter, an evidence file of A's self-assessment, a blank form of a
    procedure, and a version of A's own quiet hours: the records reached by their number."""
    commune, users, objects = world.commune, world.users, world.objects
    # A dissatisfied rating of the chairman with a comment: ratings.services opens an alert for it.
    rating = ratings.record_rating(
        commune, level=1, channel="kiosk", official=chairman, comment=SECRET_COMMENT
    )
    objects["rating_alert"] = RatingAlert.objects.get(rating=rating)
    # The desk officer's print job, made as the worker makes it (a .docx: no LibreOffice needed).
    job = letters.request_print([objects["letter"]], "docx", by=users["desk_officer"])
    objects["print_job"] = letters.make_print_file(job.pk)
    objects["assessment_evidence"] = assessment_evidence.add_evidence(
        objects["assessment"],
        objects["criterion"].code,
        SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 minutes"),
        by=users["leader"],
    )
    form = ProcedureForm(procedure=objects["procedure"], title="Tờ khai đăng ký khai sinh")
    form.file.save("to-khai.docx", ContentFile(b"to khai"), save=True)
    objects["procedure_form"] = form
    objects["quiet_hours"] = configuration.add_setting_version(
        kind_by_slug("quiet-hours"),  # type: ignore[arg-type]  # a kind of configuration.kinds.KINDS
        unit=commune,
        key={},
        values={"starts_at": time(22, 0), "ends_at": time(6, 0), "basis": SECRET_BASIS},
        starts_on=timezone.localdate() + timedelta(days=30),
        by=users["administrator"],
    )
    world.markers |= {SECRET_COMMENT, SECRET_BASIS}
