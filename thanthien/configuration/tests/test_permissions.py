"""Who may change which setting rows: a table of roles and units (units.permissions.can_change_setting)."""

import pytest

from conftest import make_person
from thanthien.units.models import Role, User
from thanthien.units.permissions import can_change_setting, can_manage_settings

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("holder", "role", "row_of", "allowed"),
    [
        ("province", Role.ADMINISTRATOR, "shared", True),
        ("province", Role.ADMINISTRATOR, "province", True),
        ("province", Role.ADMINISTRATOR, "commune", True),
        ("province", Role.ADMINISTRATOR, "other_province", False),
        ("commune", Role.ADMINISTRATOR, "shared", False),
        ("commune", Role.ADMINISTRATOR, "province", False),
        ("commune", Role.ADMINISTRATOR, "commune", True),
        ("commune", Role.ADMINISTRATOR, "other_commune", False),
        ("commune", Role.LEADER, "commune", False),
        ("province", Role.REVIEWER, "commune", False),
        ("province", Role.REVIEWER, "shared", False),
    ],
)
def test_who_may_change_a_setting_row(
    province, commune, other_commune, other_province, holder, role, row_of, allowed
):
    units = {
        "province": province,
        "commune": commune,
        "other_commune": other_commune,
        "other_province": other_province,
        "shared": None,
    }
    user = make_person("nguoi_dung", units[holder], role)

    assert can_change_setting(user, units[row_of]) is allowed


def test_a_superuser_changes_every_row_and_an_inactive_administrator_none(province, commune):
    root = User.objects.create_superuser("goc", password="mật-khẩu-thử-1")
    gone = make_person("da_nghi", commune, Role.ADMINISTRATOR)
    gone.is_active = False
    gone.save()

    assert can_change_setting(root, None)
    assert can_change_setting(root, commune)
    assert not can_manage_settings(gone)
    assert not can_change_setting(gone, commune)
