"""A demo commune modelled on seed 003 (Hoằng Cát, Hoằng Hóa, Thanh Hóa, 2023), with its people and logins.

It is seed data, like a fixture: it writes with the ORM directly, in one transaction, and running it again
changes nothing (logins keep their passwords unless asked to reset them).
"""

import secrets
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.utils.translation import gettext as _

from thanthien.units import services
from thanthien.units.models import CommuneProfile, Household, Membership, Office, Official, Role, Unit, User

REFORM_DAY = date(2025, 7, 1)
LAST_DAY_OF_DISTRICTS = date(2025, 6, 30)
DEMO_SLUG = "hoang-cat"

OFFICES = [
    (Office.Kind.PEOPLES_COMMITTEE, "Ủy ban nhân dân xã Hoằng Cát"),
    (Office.Kind.PARTY_COMMITTEE, "Đảng ủy xã Hoằng Cát"),
    (Office.Kind.FATHERLAND_FRONT, "Ủy ban Mặt trận Tổ quốc Việt Nam xã Hoằng Cát"),
    (Office.Kind.MASS_ORGANISATION, "Hội Liên hiệp Phụ nữ xã Hoằng Cát"),
    (Office.Kind.MASS_ORGANISATION, "Hội Nông dân xã Hoằng Cát"),
    (Office.Kind.MASS_ORGANISATION, "Hội Cựu chiến binh xã Hoằng Cát"),
    (Office.Kind.MASS_ORGANISATION, "Đoàn Thanh niên xã Hoằng Cát"),
    (Office.Kind.PEOPLES_INSPECTION_BOARD, "Ban Thanh tra nhân dân xã Hoằng Cát"),
    (Office.Kind.ONE_STOP_DESK, "Bộ phận Một cửa xã Hoằng Cát"),
]


@dataclass(frozen=True)
class DemoPerson:
    username: str
    full_name: str
    title: str
    office_kind: str
    role: str
    phone: str
    badge: str
    is_leader: bool


PEOPLE = [
    DemoPerson(
        "chutich",
        "Lê Văn Thành",
        "Chủ tịch UBND xã",
        Office.Kind.PEOPLES_COMMITTEE,
        Role.LEADER,
        "0912000101",
        "HC-001",
        True,
    ),
    DemoPerson(
        "bithu",
        "Nguyễn Thị Hương",
        "Bí thư Đảng ủy xã",
        Office.Kind.PARTY_COMMITTEE,
        Role.LEADER,
        "0912000102",
        "HC-002",
        True,
    ),
    DemoPerson(
        "mttq",
        "Hoàng Văn Đức",
        "Chủ tịch Ủy ban MTTQ xã",
        Office.Kind.FATHERLAND_FRONT,
        Role.SUPERVISOR,
        "0912000103",
        "HC-003",
        True,
    ),
    DemoPerson(
        "motcua",
        "Phạm Thị Lan",
        "Công chức Văn phòng – Thống kê, Bộ phận Một cửa",
        Office.Kind.ONE_STOP_DESK,
        Role.DESK_OFFICER,
        "0912000104",
        "HC-004",
        False,
    ),
    DemoPerson(
        "quantri",
        "Trịnh Minh Quân",
        "Công chức Văn phòng – quản trị hệ thống",
        Office.Kind.PEOPLES_COMMITTEE,
        Role.ADMINISTRATOR,
        "0912000105",
        "HC-005",
        False,
    ),
]


@dataclass
class DemoResult:
    commune: Unit
    created: bool
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (username, password, title)


def find_province(name_part: str = "Thanh Hóa") -> Unit:
    """Return the province the demo commune belongs to; it must have been loaded by `thanthien units load`."""
    province = Unit.objects.filter(level=Unit.Level.PROVINCE, name__contains=name_part).first()
    if province is None:
        raise ObjectDoesNotExist(
            _("Province %(name)s is not loaded: run `thanthien units load` first.") % {"name": name_part}
        )
    return province


@transaction.atomic
def create_demo(*, reset_passwords: bool = False) -> DemoResult:
    """Create the demo commune, its villages, profile, offices, officials and logins, once."""
    province = find_province()
    commune, created = _commune(province)
    result = DemoResult(commune=commune, created=created)
    offices: dict[str, Office] = {kind: _office(commune, kind, name) for kind, name in OFFICES}
    for person in PEOPLE:
        user, user_created = User.objects.get_or_create(
            username=person.username, defaults={"full_name": person.full_name}
        )
        if user_created:
            password = secrets.token_urlsafe(9)
            user.set_password(password)
            user.save(update_fields=["password"])
            result.logins.append((person.username, password, person.title))
        elif reset_passwords:
            # By the console (by=None): a one-time password; sessions and API keys end, as for any reset.
            reset = services.reset_password(user, by=None)
            result.logins.append((person.username, str(reset), person.title))
        Membership.objects.get_or_create(user=user, unit=commune, role=person.role)
        Official.objects.get_or_create(
            user=user,
            defaults={
                "unit": commune,
                "office": offices[person.office_kind],
                "full_name": person.full_name,
                "title": person.title,
                "phone": person.phone,
                "is_phone_published": person.is_leader,
                "badge_number": person.badge,
                "is_leader": person.is_leader,
                "sort_order": PEOPLE.index(person) + 1,
            },
        )
    return result


def _commune(province: Unit) -> tuple[Unit, bool]:
    existing = Unit.objects.filter(slug=DEMO_SLUG).first()
    if existing is not None:
        return existing, False
    district = Unit.objects.create(
        code="demo-hoang-hoa",
        name="Huyện Hoằng Hóa",
        level=Unit.Level.DISTRICT,
        kind=Unit.Kind.DISTRICT,
        parent=province,
        path=f"{province.path}/demo-hoang-hoa",
        valid_to=LAST_DAY_OF_DISTRICTS,
        is_demo=True,
    )
    before_reform = Unit.objects.create(
        code="demo-hoang-cat-2019",
        name="Xã Hoằng Cát",
        level=Unit.Level.COMMUNE,
        kind=Unit.Kind.COMMUNE,
        parent=district,
        path=f"{district.path}/demo-hoang-cat-2019",
        valid_to=LAST_DAY_OF_DISTRICTS,
        is_demo=True,
    )
    commune = Unit.objects.create(
        code="demo-hoang-cat",
        name="Xã Hoằng Cát",
        level=Unit.Level.COMMUNE,
        kind=Unit.Kind.COMMUNE,
        parent=province,
        path=f"{province.path}/demo-hoang-cat",
        slug=DEMO_SLUG,
        valid_from=REFORM_DAY,
        is_demo=True,
        address="Trụ sở UBND xã Hoằng Cát, tỉnh Thanh Hóa",
        office_hours="Thứ Hai – Thứ Sáu: sáng 7h00–11h30, chiều 13h30–17h00",
        phone="02373000000",
    )
    commune.predecessors.add(before_reform)
    for number in range(1, 6):
        code = f"{commune.code}-{number:02d}"
        Unit.objects.create(
            code=code,
            name=f"Thôn {number}",
            level=Unit.Level.VILLAGE,
            kind=Unit.Kind.VILLAGE,
            parent=commune,
            path=f"{commune.path}/{code}",
            is_demo=True,
        )
    # Seed 003 §I: "5 thôn, Tổng số 1716 hộ, với 5856 nhân khẩu. Tổng số chi bộ Đảng 11 chi bộ".
    CommuneProfile.objects.create(
        unit=commune, as_of=date(2023, 11, 15), households=1716, population=5856, party_cells=11
    )
    return commune, True


def _office(commune: Unit, kind: str, name: str) -> Office:
    office, _created = Office.objects.get_or_create(unit=commune, name=name, defaults={"kind": kind})
    return office


# Four households per demo village; every second one gave a phone and agreed to messages.
DEMO_HEADS = ["Nguyễn Văn Bình", "Lê Thị Cúc", "Trần Văn Dũng", "Phạm Thị Én"]


@transaction.atomic
def create_demo_households(commune: Unit) -> int:
    """Give each village of the demo commune a few households, once; return how many were made."""
    made = 0
    villages = commune.children.filter(level=Unit.Level.VILLAGE).order_by("code")
    for village_number, village in enumerate(villages, start=1):
        for number, head in enumerate(DEMO_HEADS, start=1):
            agrees = number % 2 == 0
            _household, created = Household.objects.get_or_create(
                village=village,
                head_name=head,
                address=f"Số nhà {number * 10}, {village.name}",
                defaults={
                    "phone": f"09130{village_number:02d}{number:03d}" if agrees else "",
                    "has_sms_consent": agrees,
                },
            )
            made += created
    return made
