"""The fixed-window limit, on the per-process cache the tests use and on a real Redis (one round trip)."""

import uuid

import pytest
import redis
import time_machine
from django.core.cache import caches
from django.utils import timezone

from thanthien.core.ratelimit import allow, forget_local_counts

REDIS_URL = "redis://127.0.0.1:6379/14"


def _three_then_refused(scope: str) -> list[bool]:
    with time_machine.travel(timezone.now().replace(second=1), tick=False):
        return [allow(scope, "203.0.113.7", limit=3, window_seconds=60) for _ in range(4)]


def test_the_fourth_attempt_in_a_window_is_refused_on_the_local_cache():
    assert _three_then_refused("test") == [True, True, True, False]


def test_the_next_window_starts_again():
    with time_machine.travel(timezone.now().replace(second=1), tick=False) as clock:
        assert [allow("w", "a", limit=1, window_seconds=60) for _ in range(2)] == [True, False]
        clock.shift(60)
        assert allow("w", "a", limit=1, window_seconds=60)


@pytest.fixture
def redis_cache(settings):
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.ConnectionError:
        pytest.skip("no Redis at 127.0.0.1:6379 (CI has one)")
    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    yield caches["default"]
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


def test_on_redis_the_count_and_its_expiry_are_kept_in_one_key(redis_cache):
    assert _three_then_refused("redis-test") == [True, True, True, False]
    client = redis.Redis.from_url(REDIS_URL)
    (key,) = list(client.scan_iter(f"{redis_cache.key_prefix}:*"))
    assert int(client.get(key)) == 4
    assert 0 < client.ttl(key) <= 61


def test_counted_in_batches_a_process_still_refuses_past_the_limit(redis_cache):
    with time_machine.travel(timezone.now().replace(second=1), tick=False):
        answers = [allow("batched", "198.51.100.9", limit=12, window_seconds=60, batch=5) for _ in range(20)]
    assert answers == [True] * 12 + [False] * 8
    client = redis.Redis.from_url(REDIS_URL)
    (key,) = list(client.scan_iter(f"{redis_cache.key_prefix}:*"))
    assert int(client.get(key)) == 13  # added every 5th, then the one that went over; the rest refused here


def test_another_process_sees_the_batches_added_to_the_shared_count(redis_cache):
    with time_machine.travel(timezone.now().replace(second=1), tick=False):
        assert all(allow("shared", "a", limit=10, window_seconds=60, batch=5) for _ in range(10))
        forget_local_counts()  # as a second web process, which has counted nothing itself
        answers = [allow("shared", "a", limit=10, window_seconds=60, batch=5) for _ in range(5)]
    assert answers == [True, True, True, True, False]  # up to batch - 1 more, never more


def test_on_redis_the_count_goes_on_after_the_server_forgot_its_scripts(redis_cache):
    first = allow("restarted", "203.0.113.4", limit=3, window_seconds=60)
    redis.Redis.from_url(REDIS_URL).script_flush()  # as a restarted Redis, which keeps no scripts

    answers = [first] + [allow("restarted", "203.0.113.4", limit=3, window_seconds=60) for _ in range(3)]

    assert answers == [True, True, True, False]


def test_each_redis_cache_counts_on_its_own_server(redis_cache, settings):
    allow("moved", "203.0.113.5", limit=3, window_seconds=60)
    other_server = REDIS_URL.rsplit("/", 1)[0] + "/15"
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": other_server, "KEY_PREFIX": "x"}}
    client = redis.Redis.from_url(other_server)
    try:
        allow("moved", "203.0.113.5", limit=3, window_seconds=60)
        assert len(list(client.scan_iter("x:*"))) == 1  # counted on the new cache's server, not the kept one
    finally:
        for key in client.scan_iter("x:*"):
            client.delete(key)
