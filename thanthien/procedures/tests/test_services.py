"""Adding and changing procedures: administrators only, the search key kept in step, every change audited."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from thanthien.core.models import AuditEvent
from thanthien.procedures import cleaning, services
from thanthien.procedures.models import Procedure
from thanthien.procedures.tests.factories import make_administrator, make_procedure

NEW = {
    "code": "TEST-NCN-01",
    "name": "Đăng ký   nuôi con nuôi  thử",
    "field": "Nuôi con nuôi",
    "time_limit_days": Decimal("30"),
    "required_papers": "Đơn xin nhận con nuôi\r\n\r\n  Giấy khám sức khỏe  \n",
}


@pytest.mark.django_db
def test_administrator_adds_a_procedure_with_its_search_key(commune):
    admin = make_administrator(commune)

    procedure = services.create_procedure(by=admin, **NEW)

    procedure.refresh_from_db()
    assert procedure.name == "Đăng ký nuôi con nuôi thử"
    assert procedure.search_key == "test-ncn-01 dang ky nuoi con nuoi thu nuoi con nuoi"
    assert procedure.papers == ["Đơn xin nhận con nuôi", "Giấy khám sức khỏe"]
    assert procedure.required_papers == "Đơn xin nhận con nuôi\nGiấy khám sức khỏe"
    assert AuditEvent.objects.get(object_id=str(procedure.pk)).action == AuditEvent.Action.CREATE


@pytest.mark.django_db
def test_a_desk_officer_may_not_add_a_procedure(officer):
    with pytest.raises(PermissionDenied):
        services.create_procedure(by=officer, **NEW)

    assert not Procedure.objects.filter(code="TEST-NCN-01").exists()


@pytest.mark.django_db
def test_a_code_already_in_the_catalogue_is_refused_whatever_its_case(commune):
    admin = make_administrator(commune)

    with pytest.raises(ValidationError) as error:
        services.create_procedure(by=admin, **{**NEW, "code": "xa-ht-02"})

    assert "code" in error.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("time_limit_days", Decimal("-1")),
        ("time_limit_days", Decimal("0.3")),
        ("fee", -2000),
        ("online_level", "by_pigeon"),
        ("name", "   "),
        ("code", "TT/HT 01"),
    ],
)
def test_a_wrong_value_is_refused_with_its_field(commune, field, value):
    admin = make_administrator(commune)

    with pytest.raises(ValidationError) as error:
        services.create_procedure(by=admin, **{**NEW, field: value})

    assert list(error.value.message_dict) == [field]


@pytest.mark.django_db
def test_half_a_day_and_the_same_day_are_valid_time_limits(commune):
    admin = make_administrator(commune)

    half = services.create_procedure(by=admin, **{**NEW, "time_limit_days": Decimal("0.5")})
    same_day = services.create_procedure(by=admin, **{**NEW, "code": "TEST-2", "time_limit_days": 0})

    assert (half.time_limit_days, same_day.time_limit_days) == (Decimal("0.5"), Decimal("0"))


@pytest.mark.django_db
def test_renaming_a_procedure_updates_its_search_key_and_is_audited(commune):
    admin = make_administrator(commune)
    procedure = make_procedure("TEST-01", "Đăng ký khai tử")

    services.update_procedure(procedure, by=admin, name="Đăng ký lại khai tử", fee=8000)

    procedure.refresh_from_db()
    assert procedure.search_key == "test-01 dang ky lai khai tu ho tich"
    event = AuditEvent.objects.get(object_id=str(procedure.pk))
    assert event.changes["name"] == ["Đăng ký khai tử", "Đăng ký lại khai tử"]
    assert event.changes["fee"] == [None, 8000]


@pytest.mark.django_db
def test_an_update_that_changes_nothing_writes_nothing(commune):
    admin = make_administrator(commune)
    procedure = make_procedure("TEST-01", "Đăng ký khai tử", time_limit_days=Decimal("3"))
    stamp = procedure.updated_at

    services.update_procedure(procedure, by=admin, name="Đăng ký khai tử", time_limit_days=3)

    procedure.refresh_from_db()
    assert procedure.updated_at == stamp
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_a_desk_officer_may_not_change_a_procedure(officer):
    procedure = make_procedure()

    with pytest.raises(PermissionDenied):
        services.update_procedure(procedure, by=officer, name="Tên khác")


@pytest.mark.django_db
def test_a_procedure_cannot_take_another_ones_code(commune):
    admin = make_administrator(commune)
    procedure = make_procedure("TEST-01")

    with pytest.raises(ValidationError):
        services.update_procedure(procedure, by=admin, code="XA-HT-01")


def test_unknown_fields_are_refused():
    with pytest.raises(ValidationError):
        cleaning.clean_procedure_fields({"colour": "đỏ"})
