"""Decision 766 counts dossiers, not ratings (LAW.md §2): (dossiers − those rated dissatisfied) ÷ dossiers.
The ratings' own rate ("not dissatisfied") stays beside it under its own name."""

from datetime import date
from decimal import Decimal

import pytest

from thanthien.dossiers.tests.factories import local, make_procedure, receive_at
from thanthien.ratings.models import Rating
from thanthien.ratings.services import record_rating
from thanthien.reports.figures import figures, figures_of_areas

pytestmark = pytest.mark.django_db
MARCH = (date(2026, 3, 1), date(2026, 3, 31))


def rate(commune, level, dossier=None, day=20):
    record_rating(
        commune, level=level, channel=Rating.Channel.KIOSK, dossier=dossier, rated_at=local(2026, 3, day)
    )


@pytest.fixture
def march(commune, officer):
    """Five dossiers received in March: one rated dissatisfied twice, one rated dissatisfied and then very
    satisfied, one rated satisfied, two not rated; a February dossier rated dissatisfied in March; and a
    dissatisfied rating of no dossier."""
    procedure = make_procedure()
    dossiers = [receive_at(local(2026, 3, 2 + day), commune, officer, procedure) for day in range(5)]
    february = receive_at(local(2026, 2, 23), commune, officer, procedure)
    rate(commune, 1, dossiers[0])
    rate(commune, 1, dossiers[0], day=21)
    rate(commune, 1, dossiers[1])
    rate(commune, 4, dossiers[1], day=22)
    rate(commune, 3, dossiers[2])
    rate(commune, 1, february)
    rate(commune, 1)
    return dossiers


@pytest.mark.parametrize("live", [False, True])
def test_the_766_rate_takes_off_each_march_dossier_rated_dissatisfied_once(march, commune, live):
    counted = figures(commune, *MARCH, today=date(2026, 4, 1), live=live)

    assert counted["dossiers"]["received"] == 5
    assert counted["dossiers"]["rated_dissatisfied"] == 2  # the first two; not February's, not the loose one
    assert counted["dossiers"]["decision_766_rate"] == Decimal("60.0")  # (5 − 2) ÷ 5
    # The ratings: 7 given in March, 5 of them dissatisfied: 2 of 7 not dissatisfied.
    assert counted["ratings"]["total"] == 7
    assert counted["ratings"]["not_dissatisfied_rate"] == Decimal("28.6")


def test_the_province_row_counts_the_766_rate_as_the_commune_figures_do(march, commune, province):
    one = figures(commune, *MARCH, today=date(2026, 4, 1))
    rows = figures_of_areas([province], *MARCH, ["dossiers"], today=date(2026, 4, 1))

    assert rows[province.pk]["dossiers"]["rated_dissatisfied"] == one["dossiers"]["rated_dissatisfied"] == 2
    assert rows[province.pk]["dossiers"]["decision_766_rate"] == Decimal("60.0")


def test_without_dossiers_there_is_no_766_rate_rather_than_zero(commune):
    counted = figures(commune, *MARCH, today=date(2026, 4, 1))

    assert counted["dossiers"]["decision_766_rate"] is None
