"""Helpers for the tests of thanthien.api_lane: one request through the settings' middleware (with the lane)
or through the stack without it, and the two answers compared."""

import json
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

LANE = "thanthien.api_lane.ApiWriteLaneMiddleware"


def stack_without_lane() -> list[str]:
    assert LANE in settings.MIDDLEWARE
    return [name for name in settings.MIDDLEWARE if name != LANE]


def post_through(
    middleware: list[str], url: str, body: Any, *, key: str = "", content_type="application/json", **extra
):
    """One POST through `middleware` (the settings' own, or the stack without the lane), with a bearer
    API key when `key` is given."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(settings, "MIDDLEWARE", middleware)
        caller = Client(**extra)
        data = body if isinstance(body, str) else json.dumps(body)
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        return caller.post(url, data, content_type=content_type, headers=headers)


def answered_by_lane(response) -> bool:
    return not hasattr(response.wsgi_request, "session")  # the stack's SessionMiddleware sets it


def alike(lane, stack, *, own: str) -> None:
    """The same status, headers and body, but for the value of `own` (a new row's id or code)."""
    assert lane.status_code == stack.status_code
    assert sorted(lane.items()) == sorted(stack.items())
    body, other = dict(lane.json()), dict(stack.json())  # json() is kept on the response: copies
    if own in body:
        assert type(body.pop(own)) is type(other.pop(own))
    assert body == other
