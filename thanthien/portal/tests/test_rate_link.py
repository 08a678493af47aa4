"""Issue #19: the rating page of a dossier's link reads its dossier in one statement and rates it once;
the per-address limit still refuses, and another commune's address does not open the link."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from thanthien.dossiers.links import rating_token
from thanthien.dossiers.tests.factories import local, receive_at
from thanthien.ratings.models import Rating

# The dossier read with "its link was used" in one statement, then the rating's INSERT (the commune, its
# scale and its policy are kept per process; the page read the dossier and its link in two before). Out of
# a test's transaction they come between BEGIN and COMMIT.
RATING_POST_STATEMENTS = 2
TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE SAVEPOINT")


def rate_path(dossier, slug: str | None = None) -> str:
    return reverse("portal:rate", args=[slug or dossier.commune.slug, rating_token(dossier)])


@pytest.mark.django_db
def test_a_link_rating_reads_its_dossier_once_and_writes_the_rating_of_its_procedure(
    client, commune, officer
):
    earlier, dossier = (receive_at(local(2026, 3, 2, 8, minute), commune, officer) for minute in (1, 2))
    client.post(rate_path(earlier), {"level": "3"})  # the commune and its rules are kept since

    with CaptureQueriesContext(connection) as sent:
        answer = client.post(rate_path(dossier), {"level": "4", "comment": "Cán bộ nhiệt tình"})

    assert answer.status_code == 200
    rating = Rating.objects.get(dossier=dossier)
    assert (rating.unit_id, rating.procedure_id, rating.channel) == (
        commune.pk,
        dossier.procedure_id,
        Rating.Channel.LINK,
    )
    assert (rating.level, rating.comment) == (4, "Cán bộ nhiệt tình")
    statements = [
        query["sql"][:80]
        for query in sent.captured_queries
        if not query["sql"].startswith(TRANSACTION_CONTROL)
    ]
    assert len(statements) == RATING_POST_STATEMENTS, "\n".join(statements)


@pytest.mark.django_db
def test_a_used_link_answers_410_and_writes_nothing_more(client, commune, officer):
    dossier = receive_at(local(2026, 3, 2), commune, officer)
    client.post(rate_path(dossier), {"level": "4"})

    again = client.post(rate_path(dossier), {"level": "1"})

    assert again.status_code == 410
    assert list(Rating.objects.filter(dossier=dossier).values_list("level", flat=True)) == [4]


@pytest.mark.django_db
def test_the_link_of_a_dossier_does_not_open_at_another_communes_address(
    client, commune, other_commune, officer
):
    dossier = receive_at(local(2026, 3, 2), commune, officer)

    page = client.get(rate_path(dossier, slug=other_commune.slug))
    posted = client.post(rate_path(dossier, slug=other_commune.slug), {"level": "4"})

    assert page.status_code == 404 and posted.status_code == 404
    assert other_commune.name in page.content.decode()  # the way back to the address typed
    assert not Rating.objects.exists()


@pytest.mark.django_db
def test_the_address_over_its_limit_is_refused_and_nothing_is_written(client, commune, officer, settings):
    settings.RATING_LINK_RATINGS_PER_WINDOW = 2
    dossiers = [receive_at(local(2026, 3, 2, 8, minute), commune, officer) for minute in range(3)]

    statuses = [client.post(rate_path(dossier), {"level": "4"}).status_code for dossier in dossiers]

    assert statuses == [200, 200, 429]
    assert not Rating.objects.filter(dossier=dossiers[2]).exists()
