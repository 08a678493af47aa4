"""The demo commune's day at the desk, made through the services."""

import pytest
from django.core.management import call_command

from conftest import make_unit
from thanthien.dossiers.demo import create_demo_dossiers
from thanthien.dossiers.models import Dossier, Postponement
from thanthien.units.demo import create_demo


@pytest.fixture
def demo_commune(db):
    make_unit("38", "Tỉnh Thanh Hóa", "province")
    return create_demo().commune


def test_the_demo_desk_has_dossiers_in_every_state_once(demo_commune):
    made = create_demo_dossiers(demo_commune)

    statuses = list(Dossier.objects.values_list("status", flat=True))
    assert made == 6
    assert statuses.count(Dossier.Status.RETURNED) == 2
    assert Dossier.Status.AWAITING_SUPPLEMENT in statuses and Dossier.Status.IN_PROGRESS in statuses
    assert Dossier.objects.filter(channel=Dossier.Channel.AT_HOME).count() == 1
    assert Postponement.objects.filter(status="draft").count() <= 1
    assert create_demo_dossiers(demo_commune) == 0


def test_the_command_needs_the_demo_commune(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="thanthien demo"):
        call_command("demo_dossiers")
