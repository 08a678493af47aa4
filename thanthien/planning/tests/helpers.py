"""Test data of the planning app: a commune's Front, its chair, an official with a login."""

from conftest import make_person
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
