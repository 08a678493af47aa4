"""Load the 34 provinces and 3,321 communes of the two-level government (1/7/2025) from vietnam-provinces.

Codes are the official national codes of administrative units, written as the state writes them: two digits
for a province ("01" Hà Nội, "38" Thanh Hóa) and five for a commune ("00004", "15991"). The package gives
them as integers, and some province and commune numbers are equal (4, 8, 25, 91); the fixed widths keep the
two apart without inventing a prefix. Paths are "<province code>/<commune code>" ("38/15991").

A commune's slug (its public site's address) is the package's codename with hyphens ("xa-hoang-tien").
Where two communes share a codename, each gets its province's codename too ("xa-tan-thanh-tay-ninh"), and
where two in one province still share it, its code as well. Slugs depend only on the package data, so a
rerun keeps them.

Loading is idempotent: units are matched by code, fields that differ are updated, missing units are created,
and nothing is ever deleted (a unit that leaves the list is closed by hand with `valid_to`).
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import vietnam_provinces
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from vietnam_provinces import Province, VietNamDivisionType, Ward

from thanthien.core import audit
from thanthien.core.models import AuditEvent
from thanthien.units.models import Unit

# The two-level local government (province > commune, no more districts) began on 1 July 2025.
REFORM_DAY = date(2025, 7, 1)
SOURCE = "vietnam-provinces"

PROVINCE_KINDS = {
    VietNamDivisionType.TINH: Unit.Kind.PROVINCE,
    VietNamDivisionType.THANH_PHO_TRUNG_UONG: Unit.Kind.CENTRAL_CITY,
}
PROVINCE_NAME_PREFIXES = {
    VietNamDivisionType.TINH: "Tỉnh",
    VietNamDivisionType.THANH_PHO_TRUNG_UONG: "Thành phố",
}
COMMUNE_KINDS = {
    VietNamDivisionType.XA: Unit.Kind.COMMUNE,
    VietNamDivisionType.PHUONG: Unit.Kind.WARD,
    VietNamDivisionType.DAC_KHU: Unit.Kind.SPECIAL_ZONE,
}


@dataclass(frozen=True)
class UnitData:
    """One unit as the package describes it: its code, its parent's code and the fields the package owns."""

    code: str
    parent_code: str | None
    fields: dict[str, Any]


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass
class LoadResult:
    provinces: Counts = field(default_factory=Counts)
    communes: Counts = field(default_factory=Counts)
    version: str = vietnam_provinces.__version__
    data_version: str = vietnam_provinces.__data_version__
    updated_codes: list[str] = field(default_factory=list)

    @property
    def created(self) -> int:
        return self.provinces.created + self.communes.created

    @property
    def updated(self) -> int:
        return self.provinces.updated + self.communes.updated

    @property
    def unchanged(self) -> int:
        return self.provinces.unchanged + self.communes.unchanged


# --- Pure mapping: package objects → field dicts (no database) ---------------------------------------------
def province_code(code: int) -> str:
    """Return the official two-digit code of a province: 1 → "01"."""
    return f"{int(code):02d}"


def commune_code(code: int) -> str:
    """Return the official five-digit code of a commune: 4 → "00004"."""
    return f"{int(code):05d}"


def province_name(province: Province) -> str:
    """Return the official name with its type: "Thanh Hóa" → "Tỉnh Thanh Hóa"; "Thành phố Huế" stays."""
    prefix = PROVINCE_NAME_PREFIXES[province.division_type]
    if province.name.startswith(prefix + " "):
        return province.name
    return f"{prefix} {province.name}"


def province_data(province: Province) -> UnitData:
    """Return the unit fields the package gives for a province."""
    code = province_code(province.code)
    fields = {
        "name": province_name(province),
        "level": Unit.Level.PROVINCE,
        "kind": PROVINCE_KINDS[province.division_type],
        "path": code,
        "valid_from": REFORM_DAY,
    }
    return UnitData(code=code, parent_code=None, fields=fields)


def commune_data(ward: Ward, *, slug: str) -> UnitData:
    """Return the unit fields the package gives for a commune, ward or special zone."""
    code = commune_code(ward.code)
    parent_code = province_code(ward.province_code)
    fields = {
        "name": ward.name,
        "level": Unit.Level.COMMUNE,
        "kind": COMMUNE_KINDS[ward.division_type],
        "path": f"{parent_code}/{code}",
        "slug": slug,
        "valid_from": REFORM_DAY,
    }
    return UnitData(code=code, parent_code=parent_code, fields=fields)


def commune_slugs(wards: Iterable[Ward], provinces: Iterable[Province]) -> dict[str, str]:
    """Return {commune code: slug}, made unique with the province's codename, then the code, where needed."""
    wards = list(wards)
    province_slugs = {int(p.code): p.codename.replace("_", "-") for p in provinces}
    by_name = Counter(w.codename for w in wards)
    by_name_and_province = Counter((w.codename, int(w.province_code)) for w in wards)
    slugs = {}
    for ward in wards:
        code = commune_code(ward.code)
        slug = ward.codename.replace("_", "-")
        if by_name[ward.codename] > 1:
            slug = f"{slug}-{province_slugs[int(ward.province_code)]}"
        if by_name_and_province[(ward.codename, int(ward.province_code))] > 1:
            slug = f"{slug}-{code}"
        slugs[code] = slug
    # A suffixed slug could equal another commune's plain one; the code settles that too.
    taken = Counter(slugs.values())
    return {code: f"{slug}-{code}" if taken[slug] > 1 else slug for code, slug in slugs.items()}


def package_units() -> tuple[list[UnitData], list[UnitData]]:
    """Return the provinces and the communes of the package, mapped to unit fields."""
    provinces = list(Province.iter_all())
    wards = list(Ward.iter_all())
    slugs = commune_slugs(wards, provinces)
    communes = [commune_data(ward, slug=slugs[commune_code(ward.code)]) for ward in wards]
    return [province_data(province) for province in provinces], communes


# --- Writing -----------------------------------------------------------------------------------------------
@transaction.atomic
def load_units_from_package() -> LoadResult:
    """Create or update every province and commune of `vietnam-provinces`, in one transaction.

    Run by an administrator on the server (no acting user). One audit event records a run that changed
    anything; a run that changes nothing writes nothing.
    """
    provinces, communes = package_units()
    existing = _existing_units()
    _check_conflicts([*provinces, *communes], existing)
    result = LoadResult()
    _write(provinces, existing, result.provinces, result.updated_codes, parent_ids={})
    parent_ids = dict(Unit.objects.filter(level=Unit.Level.PROVINCE).values_list("code", "pk"))
    _write(communes, existing, result.communes, result.updated_codes, parent_ids=parent_ids)
    if result.created or result.updated:
        changes = {
            "source": SOURCE,
            "version": result.version,
            "data_version": result.data_version,
            "created": result.created,
            "updated": result.updated,
            "updated_codes": result.updated_codes,
        }
        audit.record(AuditEvent.Action.UPDATE, None, by=None, changes=changes, object_repr=SOURCE)
    return result


def _existing_units() -> dict[str, Unit]:
    # Provinces and communes to match by code, plus every unit with a slug, whose slug a commune may not take.
    units = Unit.objects.filter(
        Q(level__in=[Unit.Level.PROVINCE, Unit.Level.COMMUNE]) | Q(slug__isnull=False)
    )
    return {unit.code: unit for unit in units}


def _check_conflicts(wanted: list[UnitData], existing: dict[str, Unit]) -> None:
    path_owners = {unit.path: code for code, unit in existing.items()}
    slug_owners = {unit.slug: code for code, unit in existing.items() if unit.slug}
    problems = []
    for data in wanted:
        for name, owners in (("path", path_owners), ("slug", slug_owners)):
            value = data.fields.get(name)
            owner = owners.get(value) if value else None
            if owner is not None and owner != data.code:
                params = {
                    "name": data.fields["name"],
                    "code": data.code,
                    "field": Unit._meta.get_field(name).verbose_name,  # type: ignore[union-attr]  # own fields
                    "value": value,
                    "owner": owner,
                }
                message = _(
                    "%(name)s (code %(code)s): its %(field)s %(value)s belongs to the unit %(owner)s."
                )
                problems.append(message % params)
    if problems:
        raise ValidationError(problems)


def _write(
    units: list[UnitData],
    existing: dict[str, Unit],
    counts: Counts,
    updated_codes: list[str],
    *,
    parent_ids: dict[str, int],
) -> None:
    now = timezone.now()
    to_create: list[Unit] = []
    to_update: list[Unit] = []
    changed_fields: set[str] = set()
    for data in units:
        fields = dict(data.fields)
        if data.parent_code is not None:
            fields["parent_id"] = parent_ids[data.parent_code]
        unit = existing.get(data.code)
        if unit is None:
            to_create.append(Unit(code=data.code, **fields))
            continue
        differing = [name for name, value in fields.items() if getattr(unit, name) != value]
        if not differing:
            counts.unchanged += 1
            continue
        for name in differing:
            setattr(unit, name, fields[name])
        unit.updated_at = now
        changed_fields.update(differing)
        to_update.append(unit)
        updated_codes.append(data.code)
    Unit.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        Unit.objects.bulk_update(to_update, [*sorted(changed_fields), "updated_at"], batch_size=500)
    counts.created += len(to_create)
    counts.updated += len(to_update)
