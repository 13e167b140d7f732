"""Small request helpers shared by the views."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme


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
