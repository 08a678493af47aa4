"""Who may read and manage the catalogue, as a role × state table."""

import pytest
from django.contrib.auth.models import AnonymousUser

from conftest import make_person
from thanthien.procedures import permissions
from thanthien.procedures.tests.factories import make_procedure
from thanthien.units.models import Role, User


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "may_manage"),
    [
        (Role.DESK_OFFICER, False),
        (Role.LEADER, False),
        (Role.SUPERVISOR, False),
        (Role.REVIEWER, False),
        (Role.ADMINISTRATOR, False),  # a commune's administrator cannot change it for every commune
        (None, False),
    ],
)
def test_no_role_of_a_commune_manages_the_shared_catalogue(commune, role, may_manage):
    user = make_person("nguoi_dung", commune, role)

    assert permissions.can_manage_catalogue(user) is may_manage


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "may_manage"), [(Role.ADMINISTRATOR, True), (Role.REVIEWER, False)])
def test_only_a_province_administrator_manages_the_catalogue(province, role, may_manage):
    user = make_person("tinh", province, role)

    assert permissions.can_manage_catalogue(user) is may_manage


@pytest.mark.django_db
def test_a_superuser_manages_the_catalogue_and_an_anonymous_visitor_does_not():
    superuser = User.objects.create_superuser("sieu", password="mật-khẩu-thử-1")

    assert permissions.can_manage_catalogue(superuser)
    assert not permissions.can_manage_catalogue(AnonymousUser())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "is_active", "visible"),
    [
        (Role.DESK_OFFICER, True, True),
        (Role.DESK_OFFICER, False, False),
        (None, True, True),  # reference data: any login reads it
        (Role.ADMINISTRATOR, True, True),
        (Role.ADMINISTRATOR, False, True),  # to put it back in use
    ],
)
def test_who_sees_a_procedure(commune, role, is_active, visible):
    where = commune.parent if role == Role.ADMINISTRATOR else commune
    user = make_person("nguoi_dung", where, role)
    procedure = make_procedure(is_active=is_active)

    assert permissions.visible_procedures(user).filter(pk=procedure.pk).exists() is visible


@pytest.mark.django_db
def test_an_anonymous_visitor_sees_no_procedure_in_the_back_office():
    assert not permissions.visible_procedures(AnonymousUser()).exists()


@pytest.mark.django_db
def test_the_public_site_lists_only_procedures_in_use():
    retired = make_procedure(is_active=False)

    assert not permissions.public_procedures().filter(pk=retired.pk).exists()
