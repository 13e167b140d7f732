from __future__ import annotations

from django.http import HttpRequest, HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from firstchoice.ops import health


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitoring: 200 when all is well, else 503 naming what failed.

    No login: it says nothing about the data, only whether this process can serve it."""
    checks = health.report()
    healthy = all(outcome == "ok" for outcome in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "failing", "checks": checks},
        status=200 if healthy else 503,
    )


@require_safe
def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """Browsers ask for /favicon.ico whatever a page's <link rel="icon"> says. The static
    name is looked up per request: in production it is hashed (a manifest that only exists
    once collectstatic ran, so not at import time)."""
    return HttpResponsePermanentRedirect(static("firstchoice/favicon.svg"))
