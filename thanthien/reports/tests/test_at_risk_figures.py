"""The dossiers at risk (still being worked on, an apology slip drafted and not issued) are counted alike for
a commune, its province, the country and the provinces side by side: a commune's dossiers each checked
against their slips, an area's or the country's looked up from the drafted slips (reports.figures.named_by).
"""

from datetime import date

import pytest

from conftest import make_person, make_unit
from thanthien.dossiers import services
from thanthien.dossiers.tests.factories import local, make_procedure, receive_at
from thanthien.reports.figures import figures, figures_of_areas
from thanthien.units.models import Role

pytestmark = pytest.mark.django_db
MARCH = (date(2026, 3, 1), date(2026, 3, 31))
APRIL_FIRST = date(2026, 4, 1)


@pytest.fixture
def slips(commune, officer):
    """In March: two dossiers with a drafted slip, one of them then ready (no longer being worked on), one
    with none; a February dossier with a drafted slip; and one in another province with a drafted slip."""
    procedure = make_procedure()
    drafted, ready, _none = [receive_at(local(2026, 3, 2 + n), commune, officer, procedure) for n in range(3)]
    february = receive_at(local(2026, 2, 23), commune, officer, procedure)
    hanoi = make_unit("01-x", "Phường Hoàn Kiếm", "commune", make_unit("01", "Thành phố Hà Nội", "province"))
    their_officer = make_person("motcua-hn", hanoi, Role.DESK_OFFICER)
    theirs = receive_at(local(2026, 3, 4), hanoi, their_officer, procedure)
    for dossier in (drafted, ready, february, theirs):
        services.draft_postponement(dossier)
    services.mark_ready(ready, by=officer)
    return hanoi


@pytest.mark.parametrize(("where", "at_risk"), [("commune", 1), ("province", 1), ("country", 2)])
def test_a_commune_its_province_and_the_country_count_the_dossiers_with_a_drafted_slip(
    slips, commune, province, where, at_risk
):
    unit = {"commune": commune, "province": province, "country": None}[where]

    counted = figures(unit, *MARCH, today=APRIL_FIRST)

    assert counted["dossiers"]["at_risk"] == at_risk


def test_the_provinces_side_by_side_count_them_as_each_provinces_figures_do(slips, province):
    hanoi = slips.parent

    rows = figures_of_areas([province, hanoi], *MARCH, ["dossiers"], today=APRIL_FIRST)

    assert (
        rows[province.pk]["dossiers"]["at_risk"]
        == figures(province, *MARCH, today=APRIL_FIRST)["dossiers"]["at_risk"]
        == 1
    )
    assert rows[hanoi.pk]["dossiers"]["at_risk"] == 1
