"""The rating link of one dossier: on the receipt and in the "result ready" SMS, valid once, no login."""

import time_machine

from thanthien.dossiers import services as dossier_services
from thanthien.dossiers.messages import rating_url
from thanthien.dossiers.tests.factories import local, receive_at
from thanthien.notifications.models import Notification
from thanthien.ratings.models import Rating


def _path(dossier) -> str:
    return rating_url(dossier, base="")


def test_the_applicant_rates_once_from_the_link_without_logging_in(client, commune, officer):
    dossier = receive_at(local(2026, 3, 2), commune, officer)

    page = client.get(_path(dossier))
    done = client.post(_path(dossier), {"level": "4", "comment": "Cán bộ nhiệt tình"})
    again = client.post(_path(dossier), {"level": "1"})

    assert page.status_code == 200 and "Rất hài lòng" in page.content.decode()
    assert done.status_code == 200 and again.status_code == 410  # used: gone, on a page that thanks
    rating = Rating.objects.get()
    assert (rating.level, rating.channel, rating.dossier, rating.procedure) == (
        4,
        "link",
        dossier,
        dossier.procedure,
    )
    assert "đã được đánh giá" in again.content.decode()


def test_a_forged_or_foreign_link_is_not_found(client, commune, other_commune, officer, outsider_officer):
    dossier = receive_at(local(2026, 3, 2), commune, officer)
    path = _path(dossier)

    assert client.get(path[:-3] + "xyz/").status_code == 404
    assert client.get(path.replace("/hoang-cat/", "/hoang-xuan/")).status_code == 404


def test_the_result_ready_message_carries_the_rating_link(commune, officer):
    dossier = receive_at(local(2026, 3, 2), commune, officer)

    with time_machine.travel(local(2026, 3, 4, 10), tick=False):
        dossier_services.mark_ready(dossier, by=officer)

    body = Notification.objects.get(dedupe_key=f"dossier:{dossier.pk}:ready").body
    assert "/x/hoang-cat/danh-gia/" in body


def test_the_receipt_shows_the_rating_link(client, commune, officer):
    dossier = receive_at(local(2026, 3, 2), commune, officer)
    client.force_login(officer)

    receipt = client.get(f"/dossiers/{dossier.code}/receipt/").content.decode()

    assert "/x/hoang-cat/danh-gia/" in receipt
