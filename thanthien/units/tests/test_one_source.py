"""Who the commune's leaders are: one definition (units.queries.leaders) for messages, pages and reports."""

import pytest

from thanthien.units import queries
from thanthien.units.models import Membership, Official, Role, Unit

pytestmark = pytest.mark.django_db


def test_a_leader_is_an_active_official_marked_leader_not_an_account_with_the_leader_role(commune, leader):
    chairman = Official.objects.create(
        unit=commune, full_name="Chủ Tịch", title="Chủ tịch", phone="0912000111", is_leader=True, sort_order=1
    )
    vice = Official.objects.create(
        unit=commune, full_name="Phó Chủ Tịch", title="Phó Chủ tịch", is_leader=True, sort_order=2
    )
    Official.objects.create(
        unit=commune, full_name="Cũ", title="Chủ tịch", phone="0912000222", is_leader=True, is_active=False
    )
    # An account with the leader's role whose official is not a leader (an officer given rights to sign in
    # the chairman's absence) is not one of the commune's leaders.
    Official.objects.create(
        unit=commune, user=leader, full_name="Văn Phòng", title="Chánh Văn phòng", phone="0912000333"
    )
    assert Membership.objects.filter(user=leader, role=Role.LEADER).exists()

    assert list(queries.leaders(commune)) == [chairman, vice]
    assert queries.leader_phones(commune) == [(chairman.pk, "0912000111")]
    assert list(queries.public_leaders(commune)) == [chairman, vice]


def test_the_villages_of_a_commune_are_its_current_ones_and_several_communes_list_them_by_commune(
    commune, other_commune
):
    from datetime import date

    from conftest import make_unit

    dong = make_unit(f"{commune.code}-02", "Thôn Đông", "village", commune)
    bac = make_unit(f"{commune.code}-01", "Thôn Bắc", "village", commune)
    make_unit(f"{commune.code}-03", "Thôn Cũ", "village", commune, valid_to=date(2025, 6, 30))  # merged
    ha = make_unit(f"{other_commune.code}-01", "Thôn Hạ", "village", other_commune)

    assert list(queries.villages(commune)) == [bac, dong]
    assert queries.village_names(commune) == ["Thôn Bắc", "Thôn Đông"]
    both = list(queries.villages(Unit.objects.filter(pk__in=[commune.pk, other_commune.pk])))
    assert sorted(both, key=lambda v: v.pk) == sorted([bac, dong, ha], key=lambda v: v.pk)
    assert [v.parent for v in both] == sorted((v.parent for v in both), key=lambda u: u.name)


def test_a_village_head_opens_the_village_pages_and_the_back_office_answers_403(client, commune):
    from conftest import make_person, make_unit

    village = make_unit(f"{commune.code}-09", "Thôn Chín", "village", commune)
    head = make_person("truongthon9", village, Role.VILLAGE_HEAD, "Trưởng Thôn Chín")
    client.force_login(head)

    assert client.get("/devices/").status_code == 200  # the phones paired for the village
    assert client.get("/village/").status_code == 200  # the village app (an open page)
    for page in ("/dossiers/", "/feedback/", "/procedures/", "/reports/satisfaction/"):
        assert client.get(page).status_code == 403, page
