"""Small request helpers shared by the views."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from typing import Any

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def today() -> dt.date:
    return timezone.localdate()


def as_of_for_year(year: int) -> dt.date:
    """Figures for a past year are as of its last day; for this and later years, today."""
    now = today()
    return dt.date(year, 12, 31) if year < now.year else now


class InvalidParameter(BadRequest):
    """A query parameter the user got wrong. Pages answer 400, the API 422; both name it."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_MONTH = re.compile(r"\d{4}-\d{2}", re.ASCII)
# Row ids are 64-bit integer columns.
MAX_ID = 2**63 - 1


def digits(raw: str) -> int | None:
    """A whole number from a URL or query string, or None. Only ASCII digits count:
    `"²".isdigit()` is true and `int("²")` fails; and within 64 bits, as an id column."""
    if raw.isascii() and raw.isdigit() and int(raw) <= MAX_ID:
        return int(raw)
    return None


# Dates outside these years are typing mistakes, and the window math needs years around them.
FIRST_YEAR, LAST_YEAR = 1900, 2999


def parse_day(name: str, raw: str) -> dt.date:
    """A YYYY-MM-DD query value; InvalidParameter naming `name` otherwise."""
    try:
        if not _DAY.fullmatch(raw):
            raise ValueError(raw)
        day = dt.date.fromisoformat(raw)
    except ValueError:
        raise InvalidParameter(
            name, _("Enter a date as YYYY-MM-DD, for example 2026-03-31.")
        ) from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise InvalidParameter(
            name,
            _("Enter a date between %(first)d and %(last)d.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR},
        )
    return day


def parse_month(name: str, raw: str) -> dt.date:
    """A YYYY-MM query value as the month's first day; InvalidParameter naming `name`."""
    try:
        if not _MONTH.fullmatch(raw):
            raise ValueError(raw)
        month = dt.date(int(raw[:4]), int(raw[5:]), 1)
    except ValueError:
        raise InvalidParameter(name, _("Enter a month as YYYY-MM, for example 2026-03.")) from None
    if not FIRST_YEAR <= month.year <= LAST_YEAR:
        raise InvalidParameter(
            name,
            _("Enter a month between %(first)d and %(last)d.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR},
        )
    return month


def parse_year(request: HttpRequest, default: int) -> int:
    """?year=YYYY within the years the date math handles, else `default`."""
    raw = request.GET.get("year", "").strip()
    if not raw:
        return default
    year = digits(raw)
    if year is None or not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidParameter(
            "year",
            _("Enter a year between %(first)d and %(last)d.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR},
        )
    return int(raw)


def parse_as_of(request: HttpRequest, default: dt.date | None = None) -> dt.date:
    """The date figures are computed as of: ?as_of=YYYY-MM-DD, else `default`, else today."""
    raw = request.GET.get("as_of", "").strip()
    if not raw:
        return default or today()
    return parse_day("as_of", raw)


def answers_bad_parameters(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Turn an InvalidParameter raised by a page view into a 400 page naming the parameter."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except InvalidParameter as exc:
            return render(
                request,
                "bad_parameter.html",
                {"name": exc.name, "message": exc.message},
                status=400,
            )

    return wrapped
