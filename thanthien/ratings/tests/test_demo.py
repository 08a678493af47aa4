import pytest
from django.core.management import call_command

from thanthien.browser import demo_logins
from thanthien.ratings.models import Rating, RatingAlert
from thanthien.units.models import Unit


@pytest.mark.django_db
def test_the_demo_ratings_fill_six_months_once_and_raise_real_alerts(capsys):
    demo_logins()

    call_command("demo_ratings")
    call_command("demo_ratings")

    commune = Unit.objects.get(slug="hoang-cat", level="commune")
    ratings = Rating.objects.filter(unit=commune)
    assert ratings.count() == 360
    assert set(ratings.values_list("channel", flat=True)) == {"kiosk", "link", "paper"}
    assert ratings.filter(procedure__isnull=False).count() == 360
    assert (
        RatingAlert.objects.filter(unit=commune, kind="dissatisfied_comment").count()
        == ratings.filter(level=1).count()
    )
    assert "360" in capsys.readouterr().out
