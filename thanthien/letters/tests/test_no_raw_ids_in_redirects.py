"""A redirect never carries a raw value from the request (a newline would make a 500, a URL a new target)."""

import pytest
from django.urls import reverse

from thanthien.letters.tests.factories import thanks_draft


@pytest.mark.django_db
def test_a_failed_print_goes_back_to_the_batch_without_the_raw_ids(client, commune, leader):
    letter = thanks_draft(commune)
    client.force_login(leader)

    response = client.post(
        reverse("letters:print"), {"ids": f"{letter.pk},\r\nLocation: https://evil.example/", "format": "bad"}
    )

    assert response.status_code == 302
    assert response.url == reverse("letters:batch") + f"?ids={letter.pk}"
