"""The demo commune modelled on seed 003."""

from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from conftest import make_unit
from thanthien.units import permissions
from thanthien.units.demo import create_demo
from thanthien.units.models import Membership, Official, Role, Unit, User
from thanthien.units.queries import latest_profile


@pytest.fixture
def thanh_hoa(db):
    return make_unit("38", "Tỉnh Thanh Hóa", "province")


def test_demo_commune_has_the_figures_of_seed_003(thanh_hoa):
    commune = create_demo().commune

    profile = latest_profile(commune)
    assert commune.children.filter(level=Unit.Level.VILLAGE).count() == 5
    assert (profile.households, profile.population, profile.party_cells) == (1716, 5856, 11)


def test_demo_creates_the_four_people_of_the_issue_with_their_roles(thanh_hoa):
    result = create_demo()

    roles = dict(Membership.objects.filter(unit=result.commune).values_list("user__username", "role"))
    assert roles["motcua"] == Role.DESK_OFFICER
    assert roles["chutich"] == Role.LEADER
    assert roles["bithu"] == Role.LEADER
    assert roles["mttq"] == Role.SUPERVISOR
    assert {username for username, _password, _title in result.logins} >= {
        "motcua",
        "chutich",
        "bithu",
        "mttq",
    }


def test_demo_logins_work_with_the_printed_passwords(thanh_hoa, client):
    result = create_demo()
    username, password, _title = next(login for login in result.logins if login[0] == "chutich")

    response = client.post("/accounts/login/", {"username": username, "password": password})

    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_running_the_demo_again_keeps_data_and_passwords(thanh_hoa):
    first = create_demo()
    password_hash = User.objects.get(username="chutich").password

    second = create_demo()

    assert not second.created and second.logins == []
    assert second.commune == first.commune
    assert Official.objects.filter(unit=first.commune).count() == 5
    assert User.objects.get(username="chutich").password == password_hash


def test_demo_keeps_the_pre_reform_commune_and_district_for_old_records(thanh_hoa):
    commune = create_demo().commune

    before = commune.predecessors.get()
    assert before.is_valid_on(date(2023, 11, 15)) and not before.is_valid_on(date(2025, 7, 1))
    assert before.parent.level == Unit.Level.DISTRICT and before.parent.name == "Huyện Hoằng Hóa"
    assert commune.is_valid_on(date(2026, 1, 1))


def test_demo_chairman_sees_his_commune_and_not_the_province(thanh_hoa):
    commune = create_demo().commune
    chairman = User.objects.get(username="chutich")

    visible = permissions.visible_units(chairman)
    assert visible.filter(pk=commune.pk).exists()
    assert not visible.filter(pk=thanh_hoa.pk).exists()


def test_demo_command_prints_logins_once(thanh_hoa, capsys):
    call_command("demo")
    first = capsys.readouterr().out
    call_command("demo")
    second = capsys.readouterr().out

    assert "chutich" in first
    assert "chutich" not in second


def test_demo_without_units_loaded_says_what_to_do(db):
    with pytest.raises(CommandError, match="units load"):
        call_command("demo")


def test_a_2023_record_of_the_commune_resolves_to_the_commune_and_district_of_that_date(thanh_hoa):
    from thanthien.units.queries import ancestors_on, unit_on

    commune = create_demo().commune

    then = unit_on(commune, date(2023, 11, 15))
    assert then != commune and then.name == "Xã Hoằng Cát"
    assert [u.name for u in ancestors_on(commune, date(2023, 11, 15))] == [
        "Tỉnh Thanh Hóa",
        "Huyện Hoằng Hóa",
        "Xã Hoằng Cát",
    ]
    assert [u.name for u in ancestors_on(commune, date(2026, 3, 1))] == ["Tỉnh Thanh Hóa", "Xã Hoằng Cát"]
    assert unit_on(then, date(2026, 3, 1)) == commune
