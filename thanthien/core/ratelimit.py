"""A small fixed-window rate limit on the shared cache, for public forms (look-up, feedback, ratings).

`allow(..., batch=1)` counts every attempt in the shared cache: exact across processes. A busy read-only
answer (the transparency board) may pass `batch=N`: each process counts an address's attempts in memory
and adds them to the shared count every N attempts, and refuses at once when what it knows already exceeds
the limit. An address then gets at most (N - 1) more per web process than the limit, and the shared cache
is asked once per N attempts instead of once per attempt.

`allow_request` counts a request once, whichever code asks: a request that a fast lane starts to answer
and then leaves to the middleware stack (`thanthien.api_lane`) is not counted twice; the stack's view
gets the lane's verdict.
"""

from threading import Lock, local

from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.redis import RedisCache
from django.http import HttpRequest
from django.utils import timezone
from redis import Redis
from redis.exceptions import NoScriptError

from thanthien.core.middleware import client_ip

MAX_LOCAL_KEYS = 10_000

_local: dict[str, list[int]] = {}  # key -> [attempts not yet added to the shared count, shared count seen]
_local_lock = Lock()


def allow(scope: str, key: str, *, limit: int, window_seconds: int, batch: int = 1) -> bool:
    """Count one attempt for `key` in `scope`; return False once `limit` attempts fall in this window."""
    window = int(timezone.now().timestamp()) // window_seconds
    cache_key = f"ratelimit:{scope}:{key}:{window}"
    if batch <= 1:
        return _add(cache_key, 1, window_seconds) <= limit
    with _local_lock:
        if cache_key not in _local and len(_local) >= MAX_LOCAL_KEYS:
            _local.clear()  # older windows' keys; at worst a few attempts are forgotten
        pending_and_seen = _local.setdefault(cache_key, [0, 0])
        pending_and_seen[0] += 1
        pending, seen = pending_and_seen
        if seen >= limit:
            return False  # over the limit when last added up: refused without asking the shared cache
        if pending < batch and seen + pending <= limit:
            return True
        pending_and_seen[0] = 0
    shared = _add(cache_key, pending, window_seconds)
    with _local_lock:
        _local.setdefault(cache_key, [0, 0])[1] = shared
    return shared <= limit


def allow_request(request: HttpRequest, scope: str, *, limit: int, window_seconds: int) -> bool:
    """`allow` for the request's client address, counted once per request and scope (module doc)."""
    verdicts: dict[str, bool] = request.__dict__.setdefault("rate_limit_verdicts", {})
    if scope not in verdicts:
        address = client_ip(request) or "unknown"
        verdicts[scope] = allow(scope, address, limit=limit, window_seconds=window_seconds)
    return verdicts[scope]


def forget_local_counts() -> None:
    """Drop this process's unsent counts (tests start each from nothing)."""
    with _local_lock:
        _local.clear()


def _add(cache_key: str, attempts: int, window_seconds: int) -> int:
    """Add `attempts` to the window's shared count and return the new count."""
    cache = caches["default"]
    if isinstance(cache, RedisCache):
        return _add_on_redis(cache, cache_key, attempts, window_seconds)
    return _add_on_any_cache(cache, cache_key, attempts, window_seconds)


def _add_on_any_cache(cache: BaseCache, cache_key: str, attempts: int, window_seconds: int) -> int:
    if cache.add(cache_key, attempts, timeout=window_seconds + 1):
        return attempts
    try:
        return cache.incr(cache_key, attempts)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, attempts, timeout=window_seconds + 1)
        return attempts


# INCRBY and set the expiry of a new count, as one command: EVALSHA (the script is sent once per server).
_COUNT_SCRIPT = """
local count = redis.call('INCRBY', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[2], 'NX')
return count
"""
# The cache's Redis client and the script's digest, kept per process and thread: Django's cache builds a
# client at each call. Thread-local, as Django's caches are.
_kept = local()


def _add_on_redis(cache: RedisCache, cache_key: str, attempts: int, window_seconds: int) -> int:
    """Add and set the expiry in one round trip (the generic add-then-incr takes three on Redis). The key is
    ours (ASCII, no space, short): made without Django's check of every character."""
    redis_key = cache.make_key(cache_key)
    client, digest = _client_and_script(cache)
    try:
        return int(client.evalsha(digest, 1, redis_key, attempts, window_seconds + 1))
    except NoScriptError:  # the server was restarted or its scripts flushed: send it again
        digest = client.script_load(_COUNT_SCRIPT)
        _kept.entry = (cache, client, digest)
        return int(client.evalsha(digest, 1, redis_key, attempts, window_seconds + 1))


def _client_and_script(cache: RedisCache) -> tuple[Redis, str]:
    entry = getattr(_kept, "entry", None)
    if entry is None or entry[0] is not cache:
        client = cache._cache.get_client(write=True)
        entry = _kept.entry = (cache, client, client.script_load(_COUNT_SCRIPT))
    return entry[1], entry[2]
