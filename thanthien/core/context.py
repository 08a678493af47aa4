"""Who is asking and from where, for the audit log, carried through the request without globals."""

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestInfo:
    ip_address: str | None = None
    user_agent: str = ""
    path: str = ""


current_request: ContextVar[RequestInfo] = ContextVar("current_request", default=RequestInfo())  # noqa: B039
