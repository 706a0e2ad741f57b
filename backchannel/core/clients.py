"""A client's address, never kept: a keyed, daily-rotating pseudonym of it.

Throttles need to tell clients apart for a few minutes (allauth's login
limits, the public consultations' new-ballot limit per client); nothing needs
the address itself, so none is ever stored, not even in the cache. Behind a
reverse proxy, the proxy must set ``REMOTE_ADDR`` (gunicorn's
``--forwarded-allow-ips``), see README, "Deployment".
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import time

from django.conf import settings
from django.http import HttpRequest


def client_key(address: str) -> str:
    """What identifies one client: an IPv4 address, or an IPv6 address's /64
    prefix (one home, office or cloud instance is given a whole /64 and can
    use any address in it, so counting by full address lets one client
    through as many)."""
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return address or "unknown"
    if ip.version == 6:
        mapped = ip.ipv4_mapped
        if mapped is not None:
            return str(mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def client_pseudonym(request: HttpRequest) -> str:
    raw = client_key(request.META.get("REMOTE_ADDR", "") or "unknown")
    day = time.strftime("%Y%m%d", time.gmtime())
    key = f"{settings.SECRET_KEY}|throttle|{day}".encode()
    return "c" + hmac.new(key, raw.encode(), hashlib.sha256).hexdigest()[:24]
