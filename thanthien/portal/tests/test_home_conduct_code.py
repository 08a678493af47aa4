"""The public home shows the conduct code the commune adopted, in force today, by group; none before."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from thanthien.core.public_cache import store as public_pages
from thanthien.planning import services as planning_services
from thanthien.planning.models import ConductCode

pytestmark = pytest.mark.django_db


def test_the_home_shows_the_code_in_force_by_group(client, commune, leader):
    shipped = ConductCode.objects.get(commune=None, name="4 xin, 4 luôn, 5 không")
    before = client.get(reverse("portal:commune_home", args=[commune.slug]))
    planning_services.adopt_conduct_code(
        commune, code=shipped, effective_from=timezone.localdate() - timedelta(days=1), by=leader
    )
    cache.clear()  # the home keeps its body for a minute
    public_pages.clear()  # and each process the whole page for half a minute

    after = client.get(reverse("portal:commune_home", args=[commune.slug])).content.decode()

    assert b'data-testid="home-conduct-code"' not in before.content
    section = after[after.index('data-testid="home-conduct-code"') :]
    assert "<h3>4 xin</h3>" in section and "<li>Xin chào</li>" in section and "<h3>5 không</h3>" in section
