"""A small fixed-window rate limit on the shared cache, for public forms (look-up, feedback, ratings)."""

from django.core.cache import cache
from django.utils import timezone


def allow(scope: str, key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one attempt for `key` in `scope`; return False once `limit` attempts fall in this window."""
    window = int(timezone.now().timestamp()) // window_seconds
    cache_key = f"ratelimit:{scope}:{key}:{window}"
    if cache.add(cache_key, 1, timeout=window_seconds + 1):
        return True
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, timeout=window_seconds + 1)
        return True
    return count <= limit
