from django.http import HttpRequest, JsonResponse

from backchannel.core.health import readiness


def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def readyz(request: HttpRequest) -> JsonResponse:
    """Ready to serve: database reachable, migrations applied, shared cache working."""
    checks = readiness()
    ok = all(c.ok for c in checks)
    body = {
        "status": "ok" if ok else "unavailable",
        "checks": {c.name: ("ok" if c.ok else c.detail) for c in checks},
    }
    return JsonResponse(body, status=200 if ok else 503)
