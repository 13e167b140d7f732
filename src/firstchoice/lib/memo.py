"""Read once per request: values that several parts of one page read (the company's
settings), kept for that request only.

Not a process-wide cache: several processes serve, and an administrator's change must be
seen by the very next request in every one of them. The memo lives in a context variable
that `RequestMemoMiddleware` sets for each request (each thread of a threaded server has
its own) and drops when the response is made; outside a request (commands, background
jobs, tests calling functions directly) nothing is kept and every read goes to the database.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponse

T = TypeVar("T")

_memo: ContextVar[dict[str, Any] | None] = ContextVar("firstchoice_request_memo", default=None)


def per_request(key: str, build: Callable[[], T]) -> T:
    """The value of `key` for this request: `build()` the first time, then the same object."""
    memo = _memo.get()
    if memo is None:
        return build()
    if key not in memo:
        memo[key] = build()
    return memo[key]


def forget(key: str) -> None:
    """Drop `key` from this request's memo (after a write in the same request)."""
    memo = _memo.get()
    if memo is not None:
        memo.pop(key, None)


class RequestMemoMiddleware:
    """Gives each request an empty memo, and removes it when the response is made."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)
