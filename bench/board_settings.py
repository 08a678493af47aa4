"""Settings for bench/board_load.py: ours, with the board API's rate limit lifted (one client, wrk, makes
every request; the limit itself is tested in the disclosure tests)."""

from thanthien.settings import *  # noqa: F403

PUBLIC_BOARD_REQUESTS_PER_MINUTE = 10**9
