"""What every page under a commune's public site needs to know: where that commune's home is."""

from django.http import HttpRequest
from django.urls import reverse

from thanthien.portal.errors import PUBLIC_PATH


def public_site(request: HttpRequest) -> dict[str, str]:
    """`public_home_url`: the site name in the top bar leads there, not to the officials' login.

    From the address alone (/x/<slug>/...): no query, and the same for every visitor of the page.
    """
    match = PUBLIC_PATH.match(request.path_info)
    if match is None:
        return {}
    return {"public_home_url": reverse("portal:commune_home", args=[match["slug"]])}
