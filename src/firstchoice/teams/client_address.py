"""The client's address for log-in lockout (django-axes' `AXES_CLIENT_IP_CALLABLE`).

Without configuration it is the socket's address (`REMOTE_ADDR`): a header sent by the
client proves nothing, and trusting one would let anybody pick the address that gets
locked. Behind a reverse proxy every client shares the proxy's socket address, so one
attacker could lock any user out for everyone; then `TRUSTED_PROXY_HEADER` (e.g.
`X-Forwarded-For`) names the header the proxies append to and `TRUSTED_PROXY_COUNT` how
many of them there are. Each proxy appends the address it received the request from, so
the entry `TRUSTED_PROXY_COUNT` from the right is the one our outermost proxy saw; what a
client wrote further left is ignored.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    socket_address = request.META.get("REMOTE_ADDR")
    header = getattr(settings, "TRUSTED_PROXY_HEADER", "")
    if not header:
        return socket_address
    key = "HTTP_" + header.upper().replace("-", "_")
    hops = [hop.strip() for hop in request.META.get(key, "").split(",") if hop.strip()]
    count = max(1, getattr(settings, "TRUSTED_PROXY_COUNT", 1))
    if len(hops) < count:
        return socket_address  # not through all our proxies: only the socket is known
    candidate = hops[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return socket_address
