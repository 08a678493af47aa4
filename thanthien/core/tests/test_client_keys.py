"""Every create service that takes a `client_key` makes one row per key (issue #17): the same key again
returns the first object, another key makes another row, and the same key for other content is refused.

Each service is described once in `SERVICES` (how to call it with a key and a content, and which rows it
makes); the three behaviours are checked for every one of them.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import time
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from thanthien.core import idempotency
from thanthien.disclosure import services as disclosure
from thanthien.disclosure.models import Announcement
from thanthien.dossiers import services as dossiers
from thanthien.dossiers.models import Dossier
from thanthien.dossiers.tests.factories import make_procedure
from thanthien.letters import services as letters
from thanthien.letters.kinds import TemplateKind
from thanthien.letters.models import Letter
from thanthien.planning import services as planning
from thanthien.planning.models import Task
from thanthien.ratings import services as ratings
from thanthien.ratings.models import Rating
from thanthien.reception import services as reception
from thanthien.reception.models import (
    Dialogue,
    FieldVisit,
    FieldVisitIssue,
    ReceptionRecord,
    ReceptionSession,
)
from thanthien.units.models import Membership, Official, Role, Unit

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Service:
    make: Callable[..., models.Model]  # (commune, officer, client_key, content) → the object made
    contents: tuple[Any, Any]  # two different contents
    model: type[models.Model]


def receive_dossier(commune, officer, client_key, name):
    procedure = make_procedure()
    return dossiers.receive_dossier(
        commune, procedure=procedure, applicant_name=name, by=officer, client_key=client_key
    )


def enter_paper_slip(commune, officer, client_key, level):
    return ratings.record_rating(commune, level=level, channel="paper", by=officer, client_key=client_key)


def write_thanks_letter(commune, officer, client_key, contribution):
    return letters.write_letter(
        commune,
        kind=TemplateKind.THANKS,
        recipient_name="Trịnh Văn Hảo",
        fields={"contribution": contribution},
        by=officer,
        client_key=client_key,
    )


def announce(commune, officer, client_key, title):
    return disclosure.create_announcement(
        commune,
        by=officer,
        category=Announcement.Category.values[0],
        title=title,
        body="Trạm y tế xã tiêm chủng cho trẻ em vào sáng thứ Hai.",
        publish_at=timezone.localtime().replace(hour=8, minute=0, second=0, microsecond=0),
        client_key=client_key,
    )


def chairman_of(commune):
    return Official.objects.get_or_create(unit=commune, full_name="Nguyễn Văn Chủ Tịch", is_leader=True)[0]


def write_in_the_reception_log(commune, officer, client_key, content):
    leader = chairman_of(commune)
    today = timezone.localdate()
    session = ReceptionSession.objects.get_or_create(
        commune=commune,
        leader=leader,
        capacity="chairman",
        planned_on=today,
        held_on=today,
        starts_at=time(7, 30),
        ends_at=time(11, 0),
    )[0]
    return reception.record_reception_entry(
        session,
        by=officer,
        visitor_name="Trần Thị Hoa",
        visitor_address="Thôn 2",
        content=content,
        kind="recommendation",
        topic="land",
        client_key=client_key,
    )


def raise_on_a_field_visit(commune, officer, client_key, content):
    village = Unit.objects.get_or_create(
        code="38-hc-thon-1", defaults={"name": "Thôn 1", "level": "village", "parent": commune}
    )[0]
    visit = FieldVisit.objects.first() or reception.record_field_visit(
        commune,
        by=officer,
        village=village,
        visited_on=timezone.localdate(),
        leaders=[chairman_of(commune)],
        purpose="Thăm",
    )
    return reception.add_field_visit_issue(
        visit, by=officer, content=content, kind="recommendation", client_key=client_key
    )


def create_task(commune, user, client_key, title):
    """A task is a leader's to create: the caller is made one of the commune's leaders too."""
    Membership.objects.get_or_create(user=user, unit=commune, role=Role.LEADER)
    return planning.create_task(commune, title=title, by=user, due_in_working_days=5, client_key=client_key)


def schedule_ad_hoc_session(commune, user, client_key, reason):
    """Scheduling is a leader's: the caller is made one of the commune's leaders too."""
    Membership.objects.get_or_create(user=user, unit=commune, role=Role.LEADER)
    return reception.schedule_ad_hoc_session(
        commune,
        by=user,
        leader=chairman_of(commune),
        capacity="chairman",
        held_on=timezone.localdate(),
        starts_at=time(14, 0),
        ends_at=time(16, 0),
        place="Phòng tiếp công dân",
        reason=reason,
        client_key=client_key,
    )


def schedule_dialogue(commune, user, client_key, title):
    Membership.objects.get_or_create(user=user, unit=commune, role=Role.LEADER)
    return reception.schedule_dialogue(
        commune,
        by=user,
        level="commune",
        title=title,
        planned_on=timezone.localdate(),
        place="Hội trường UBND xã",
        chaired_by=chairman_of(commune),
        client_key=client_key,
    )


SERVICES = {
    "dossiers.receive_dossier": Service(receive_dossier, ("Lê Văn Tám", "Lê Thị Chín"), Dossier),
    "ratings.record_rating": Service(enter_paper_slip, (4, 1), Rating),
    "letters.write_letter": Service(
        write_thanks_letter, ("ủng hộ 50 triệu đồng", "tặng 100 suất quà Tết"), Letter
    ),
    "reception.record_reception_entry": Service(
        write_in_the_reception_log, ("Đề nghị cấp sổ đỏ", "Đề nghị sửa đường thôn"), ReceptionRecord
    ),
    "reception.add_field_visit_issue": Service(
        raise_on_a_field_visit, ("Đường thôn xuống cấp", "Thiếu đèn đường"), FieldVisitIssue
    ),
    "disclosure.create_announcement": Service(announce, ("Lịch tiêm chủng", "Lịch họp thôn"), Announcement),
    "planning.create_task": Service(create_task, ("Sửa đường thôn 2", "Lắp đèn đường"), Task),
    "reception.schedule_ad_hoc_session": Service(
        schedule_ad_hoc_session, ("Đông người cùng nội dung", "Vụ việc phức tạp"), ReceptionSession
    ),
    "reception.schedule_dialogue": Service(
        schedule_dialogue, ("Đối thoại về đất đai", "Đối thoại về môi trường"), Dialogue
    ),
}


@pytest.fixture(params=list(SERVICES.values()), ids=list(SERVICES))
def service(request):
    return request.param


def test_the_same_key_twice_makes_one_row_and_returns_the_first(service, commune, officer):
    content = service.contents[0]

    first = service.make(commune, officer, "khoa-1", content)
    again = service.make(commune, officer, "khoa-1", content)

    assert service.model.objects.count() == 1
    assert again.pk == first.pk
    assert (idempotency.was_replayed(first), idempotency.was_replayed(again)) == (False, True)


def test_different_keys_make_two_rows(service, commune, officer):
    content = service.contents[0]

    first = service.make(commune, officer, "khoa-1", content)
    second = service.make(commune, officer, "khoa-2", content)

    assert service.model.objects.count() == 2
    assert second.pk != first.pk


def test_the_same_key_for_other_content_is_refused(service, commune, officer):
    service.make(commune, officer, "khoa-1", service.contents[0])

    with pytest.raises(ValidationError):
        service.make(commune, officer, "khoa-1", service.contents[1])

    assert service.model.objects.count() == 1


def test_without_a_key_each_call_makes_a_row(service, commune, officer):
    content = service.contents[0]

    service.make(commune, officer, "", content)
    service.make(commune, officer, "", content)

    assert service.model.objects.count() == 2


def test_a_key_is_the_actors_own(service, commune, officer, leader):
    content = service.contents[0]

    by_officer = service.make(commune, officer, "khoa-1", content)
    by_leader = service.make(commune, leader, "khoa-1", content)

    assert service.model.objects.count() == 2
    assert by_leader.pk != by_officer.pk
