"""Loading the provinces and communes of `vietnam-provinces`."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from vietnam_provinces import Province, Ward

from conftest import make_unit
from thanthien.core.models import AuditEvent
from thanthien.units.loading import commune_slugs, load_units_from_package, package_units, province_name
from thanthien.units.models import Unit


def test_province_names_carry_their_type_once():
    names = {int(p.code): province_name(p) for p in Province.iter_all()}

    assert names[38] == "Tỉnh Thanh Hóa"
    assert names[1] == "Thành phố Hà Nội"
    assert names[46] == "Thành phố Huế"


def test_codes_paths_and_slugs_are_unique_across_provinces_and_communes():
    provinces, communes = package_units()
    units = [*provinces, *communes]

    assert len({u.code for u in units}) == len(units) == 34 + 3321
    assert len({u.fields["path"] for u in units}) == len(units)
    assert len({u.fields["slug"] for u in communes}) == len(communes)


def test_communes_sharing_a_codename_get_their_province_in_the_slug():
    slugs = commune_slugs(Ward.iter_all(), Province.iter_all())

    assert "xa-tan-thanh-thanh-hoa" in slugs.values()
    assert "xa-tan-thanh" not in slugs.values()


@pytest.mark.django_db
def test_load_creates_34_provinces_and_3321_communes():
    result = load_units_from_package()

    assert (result.provinces.created, result.communes.created, result.updated) == (34, 3321, 0)
    assert Unit.objects.filter(level=Unit.Level.PROVINCE).count() == 34
    assert Unit.objects.filter(level=Unit.Level.COMMUNE).count() == 3321
    assert not Unit.objects.filter(level=Unit.Level.COMMUNE, parent__isnull=True).exists()


@pytest.mark.django_db
def test_a_second_load_changes_nothing():
    load_units_from_package()
    events_before = AuditEvent.objects.count()

    result = load_units_from_package()

    assert (result.created, result.updated, result.unchanged) == (0, 0, 3355)
    assert Unit.objects.count() == 3355
    assert AuditEvent.objects.count() == events_before


@pytest.mark.django_db
def test_a_rerun_restores_a_name_changed_in_the_database():
    load_units_from_package()
    Unit.objects.filter(code="15991").update(name="Xã Hoằng Tiến (sửa tay)")

    result = load_units_from_package()

    assert (result.communes.updated, result.provinces.updated, result.created) == (1, 0, 0)
    assert result.updated_codes == ["15991"]
    assert Unit.objects.get(code="15991").name == "Xã Hoằng Tiến"


@pytest.mark.django_db
def test_hoang_tien_lies_under_thanh_hoa_with_its_path_and_slug():
    load_units_from_package()

    commune = Unit.objects.select_related("parent").get(name="Xã Hoằng Tiến")
    assert commune.parent.name == "Tỉnh Thanh Hóa"
    assert commune.parent.kind == Unit.Kind.PROVINCE
    assert (commune.code, commune.path, commune.slug) == ("15991", "38/15991", "xa-hoang-tien")
    assert commune.kind == Unit.Kind.COMMUNE
    assert commune.valid_from == date(2025, 7, 1)


@pytest.mark.django_db
def test_a_province_and_a_commune_with_the_same_number_keep_different_codes():
    load_units_from_package()

    province = Unit.objects.get(level=Unit.Level.PROVINCE, code="04")
    commune = Unit.objects.get(level=Unit.Level.COMMUNE, code="00004")
    assert province.name == "Tỉnh Cao Bằng"
    assert commune.path.startswith("01/")


@pytest.mark.django_db
def test_load_adopts_existing_units_and_leaves_others_alone():
    thanh_hoa = make_unit("38", "Tỉnh Thanh Hóa", "province")
    demo = make_unit("demo-hoang-cat", "Xã Hoằng Cát", "commune", thanh_hoa, slug="hoang-cat")

    result = load_units_from_package()

    assert (result.provinces.created, result.provinces.updated) == (33, 1)  # valid_from was missing
    assert Unit.objects.get(code="15991").parent == thanh_hoa
    demo.refresh_from_db()
    assert (demo.name, demo.slug, demo.parent) == ("Xã Hoằng Cát", "hoang-cat", thanh_hoa)


@pytest.mark.django_db
def test_command_prints_the_counts_and_the_data_version():
    call_command("units", "load", stdout=StringIO())
    out = StringIO()

    call_command("units", "load", stdout=out)

    assert "2025-10-18" in out.getvalue()
    assert "34" in out.getvalue()
    assert "3321" in out.getvalue()
    assert "3355" in out.getvalue()
