"""Test data of the planning app: a commune's Front, its chair, an official with a login."""

from datetime import date

from conftest import make_person
from thanthien.reception.models import Dialogue, DialogueCommitment
from thanthien.units.models import Office, Official, Role, Unit, User


def front_of(commune: Unit) -> Office:
    office, _ = Office.objects.get_or_create(
        unit=commune, name="Ủy ban MTTQ Việt Nam xã", defaults={"kind": Office.Kind.FATHERLAND_FRONT}
    )
    return office


def front_chair(commune: Unit, username: str = "chutich_mttq") -> User:
    return make_person(username, commune, Role.SUPERVISOR, "Hoàng Thị Mặt Trận")


def official_with_login(commune: Unit, username: str, full_name: str, phone: str = "0912345678") -> Official:
    user = make_person(username, commune, Role.DESK_OFFICER, full_name)
    return Official.objects.create(
        unit=commune,
        user=user,
        full_name=full_name,
        title="Công chức",
        phone=phone,
        badge_number=f"HC-{username[-2:]}",
    )


def dialogue_commitment(commune: Unit, due_on: date) -> DialogueCommitment:
    """A commitment made at a commune dialogue conference, owned by its chairman."""
    chairman = official_with_login(commune, "chutich_doithoai", "Chủ Tịch Đối Thoại")
    dialogue = Dialogue.objects.create(
        commune=commune,
        planned_on=date(2026, 6, 10),
        level="commune",
        title="Đối thoại 2026",
        place="Hội trường xã",
        chaired_by=chairman,
    )
    return DialogueCommitment.objects.create(
        dialogue=dialogue, content="Sửa đường thôn 2", owner=chairman, due_on=due_on
    )
