"""Which procedures a commune offers and at what fee (issue #18 item 1): the public list, the desk's picker
and the settings page where administrators choose them."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from conftest import make_person
from thanthien.dossiers.services import receive_dossier
from thanthien.procedures.models import CommuneProcedure, Procedure
from thanthien.units.models import Role

pytestmark = pytest.mark.django_db
MARRIAGE = "XA-HT-02"


def day(offset: int = 0):
    return timezone.localdate() + timedelta(days=offset)


def choose(commune, code=MARRIAGE, *, offered=True, fee=None, starts=-1):
    return CommuneProcedure.objects.create(
        commune=commune,
        procedure=Procedure.objects.get(code=code),
        offered=offered,
        fee=fee,
        valid_from=day(starts),
        legal_basis="Quyết định 12/2026/QĐ-UBND",
    )


def public_codes(client, commune):
    response = client.get(reverse("portal:procedure_list", args=[commune.slug]))
    return {procedure.code for procedure in response.context["procedures"]}


def test_a_commune_without_rows_offers_the_whole_catalogue(client, commune):
    assert public_codes(client, commune) == set(
        Procedure.objects.filter(is_active=True).values_list("code", flat=True)
    )


def test_a_procedure_the_commune_does_not_offer_leaves_its_public_list_only(client, commune, other_commune):
    choose(commune, offered=False)

    assert MARRIAGE not in public_codes(client, commune)
    assert MARRIAGE in public_codes(client, other_commune)
    here, there = (
        reverse("portal:procedure_detail", args=[unit.slug, MARRIAGE]) for unit in (commune, other_commune)
    )
    assert client.get(here).status_code == 404
    assert client.get(there).status_code == 200


def test_a_choice_takes_effect_from_its_date(client, commune):
    choose(commune, offered=False, starts=1)  # from tomorrow: still offered today

    assert MARRIAGE in public_codes(client, commune)


def test_the_latest_row_in_force_decides(client, commune):
    choose(commune, offered=False, starts=-10)
    choose(commune, offered=True, starts=-1)

    assert MARRIAGE in public_codes(client, commune)


def test_a_shared_row_applies_to_communes_without_their_own(client, commune, other_commune):
    choose(None, offered=False)
    choose(commune, offered=True)

    assert MARRIAGE in public_codes(client, commune)
    assert MARRIAGE not in public_codes(client, other_commune)


def test_the_communes_own_fee_is_shown_as_money(client, commune, other_commune):
    Procedure.objects.filter(code=MARRIAGE).update(fee=None)
    choose(commune, fee=100000)

    listing = client.get(reverse("portal:procedure_list", args=[commune.slug])).content.decode()
    detail = client.get(reverse("portal:procedure_detail", args=[commune.slug, MARRIAGE])).content.decode()
    elsewhere = client.get(reverse("portal:procedure_detail", args=[other_commune.slug, MARRIAGE]))

    assert "100.000 đ" in listing
    assert "100.000 đ" in detail
    assert "100.000 đ" not in elsewhere.content.decode()
    assert Procedure.objects.get(code=MARRIAGE).fee is None  # shown, never saved on the catalogue


def test_the_desks_picker_offers_only_what_the_commune_offers(client, commune, officer):
    choose(commune, offered=False)
    client.force_login(officer)

    def picked(**params):
        response = client.get(reverse("procedures:pick"), {"q": "ket hon", **params})
        return {procedure.code for procedure in response.context["procedures"]}

    assert MARRIAGE not in picked(commune=commune.pk)
    assert MARRIAGE in picked()  # no commune named: the catalogue in use


def test_the_picker_ignores_a_commune_the_user_does_not_work_for(client, other_commune, officer):
    choose(other_commune, offered=False)
    client.force_login(officer)

    response = client.get(reverse("procedures:pick"), {"q": "ket hon", "commune": other_commune.pk})

    assert MARRIAGE in {procedure.code for procedure in response.context["procedures"]}


def test_the_receive_page_sends_its_commune_to_the_picker(client, commune, officer):
    client.force_login(officer)

    page = client.get(reverse("dossiers:receive")).content.decode()

    assert 'hx-include="#receive-commune"' in page
    assert f'id="receive-commune" name="commune" value="{commune.pk}"' in page


# --- The settings page (Cài đặt → Thủ tục xã thực hiện) ------------------------------------------------


def new_choice(commune, **changed):
    data = {
        "scope_unit": commune.pk,
        "procedure": Procedure.objects.get(code=MARRIAGE).pk,
        "offered": "",
        "fee": "",
        "legal_basis": "Quyết định 12/2026/QĐ-UBND",
        "valid_from": day(5).isoformat(),
    }
    return {**data, **changed}


def test_a_commune_administrator_chooses_for_their_commune(client, commune):
    admin = make_person("quantri_xa", commune, Role.ADMINISTRATOR)
    client.force_login(admin)

    response = client.post(reverse("configuration:new", args=["commune-procedures"]), new_choice(commune))

    assert response.status_code == 302
    row = CommuneProcedure.objects.get()
    assert (row.commune, row.offered, row.valid_from) == (commune, False, day(5))
    listing = client.get(reverse("configuration:list", args=["commune-procedures"])).content.decode()
    assert MARRIAGE in listing


def test_a_commune_administrator_cannot_change_another_communes_choices(client, commune, other_commune):
    admin = make_person("quantri_xa", commune, Role.ADMINISTRATOR)
    theirs = choose(other_commune, offered=False)
    client.force_login(admin)

    new = client.post(reverse("configuration:new", args=["commune-procedures"]), new_choice(other_commune))
    version = reverse("configuration:new_version", args=["commune-procedures", theirs.pk])
    withdraw = reverse("configuration:withdraw", args=["commune-procedures", theirs.pk])

    assert new.status_code == 200 and "scope_unit" in new.context["form"].errors
    assert client.get(version).status_code == 403
    assert client.post(version, new_choice(other_commune)).status_code == 403
    assert client.post(withdraw).status_code == 403
    assert list(CommuneProcedure.objects.all()) == [theirs]
    listing = client.get(reverse("configuration:list", args=["commune-procedures"])).content.decode()
    assert other_commune.name not in listing


def test_a_province_administrator_chooses_for_its_communes(client, province, commune, other_commune):
    admin = make_person("quantri_tinh", province, Role.ADMINISTRATOR)
    client.force_login(admin)

    for unit in (commune, other_commune):
        response = client.post(
            reverse("configuration:new", args=["commune-procedures"]), new_choice(unit, fee="150000")
        )
        assert response.status_code == 302

    assert CommuneProcedure.objects.filter(fee=150000).count() == 2
    listing = client.get(reverse("configuration:list", args=["commune-procedures"])).content.decode()
    assert "150.000 đ" in listing


def test_a_desk_officer_may_not_open_the_page(client, officer):
    client.force_login(officer)

    assert client.get(reverse("configuration:list", args=["commune-procedures"])).status_code == 403


def test_the_desk_cannot_receive_a_procedure_the_commune_does_not_offer(
    client, commune, officer, outsider_officer
):
    choose(commune, offered=False)
    marriage = Procedure.objects.get(code=MARRIAGE)
    applicant = {"procedure": marriage, "applicant_name": "Nguyễn Văn An"}

    with pytest.raises(ValidationError):
        receive_dossier(commune, by=officer, **applicant)
    client.force_login(officer)
    page = client.post(
        reverse("dossiers:receive"),
        {
            "commune": commune.pk,
            "procedure": marriage.pk,
            "applicant_name": "Nguyễn Văn An",
            "channel": "in_person",
        },
    )

    assert page.status_code == 200
    assert not marriage.dossiers.exists()
    assert receive_dossier(outsider_officer.memberships.get().unit, by=outsider_officer, **applicant)
