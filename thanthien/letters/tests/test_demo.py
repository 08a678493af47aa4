import pytest
from django.core.management import call_command

from thanthien.browser import demo_logins
from thanthien.letters.models import Letter
from thanthien.units.models import Household, Unit


@pytest.mark.django_db
def test_the_demo_letters_come_once_after_the_demo_dossiers(capsys):
    demo_logins()
    call_command("demo_dossiers")

    call_command("demo_letters")
    call_command("demo_letters")

    commune = Unit.objects.get(slug="hoang-cat", level="commune")
    assert Household.objects.filter(village__parent=commune).count() == 20
    letters = Letter.objects.filter(commune=commune)
    assert letters.filter(kind="congratulations_birth", status="draft").count() == 1  # the demo birth
    assert letters.filter(kind="new_year", status="draft").count() == 4
    assert list(letters.filter(status="issued").values_list("kind", "register_number")) == [("thanks", 1)]
    assert f"{letters.count()}" in capsys.readouterr().out
