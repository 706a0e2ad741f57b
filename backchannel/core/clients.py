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
import time

from django.conf import settings
from django.http import HttpRequest


def client_pseudonym(request: HttpRequest) -> str:
    raw = request.META.get("REMOTE_ADDR", "") or "unknown"
    day = time.strftime("%Y%m%d", time.gmtime())
    key = f"{settings.SECRET_KEY}|throttle|{day}".encode()
    return "c" + hmac.new(key, raw.encode(), hashlib.sha256).hexdigest()[:24]
