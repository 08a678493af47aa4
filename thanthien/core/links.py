"""The one address citizens reach the site at, for every link they get on paper or by message."""

from django.conf import settings


def public_url(path: str) -> str:
    """Return `path` (from reverse()) as an absolute link on SITE_URL: receipts' QR codes, SMS, notices.

    Never the address of the request: the official printing a receipt may use the server's own name
    (127.0.0.1, an intranet name) that a citizen's phone cannot reach. `python3 run.py` sets SITE_URL to
    the address it serves on; a province sets it to its public name.
    """
    return f"{settings.SITE_URL}{path}"
