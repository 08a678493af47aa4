"""Settings for bench/board_load.py: ours, with the board API's rate limit lifted (one client, wrk, makes
every request; the limit itself is tested in the disclosure tests)."""

from thanthien.settings import *  # noqa: F403

PUBLIC_BOARD_REQUESTS_PER_MINUTE = 10**9
LOOKUP_RATE_LIMIT = 10**9  # still counted, in Redis, on every look-up

# The pages are measured, not the static files: plain storage, no manifest to build first (collectstatic's
# manifest step fails on vendor/chart.umd.min.js's source-map reference at the time of writing).
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
