"""The bare-view probe of ``bench_votes.py``: what Django itself costs.

A minimal Django project in one module: no middleware, no apps, one view at
the vote's URL (``POST /c/<token>/vote``) that reads the same JSON body, does
ONE upsert into a throwaway table (``bench_probe``) and answers 200 with a
cookie for a voter who has none, as the real endpoint does. ``bench_votes.py``
runs it under the same gunicorn settings and client load as the real endpoint,
in the same run, and prints ours as a ratio of it: on a loaded machine the
ratio means more than either figure.

``PROBE_DATABASE_URL`` names the database (PostgreSQL, or a SQLite file).
``python bench/vote_probe.py create`` creates the table.
"""

from __future__ import annotations

import json
import os
import secrets
import sys

import dj_database_url
import django
from django.conf import settings

_database = dj_database_url.parse(os.environ["PROBE_DATABASE_URL"], conn_max_age=600)
if _database["ENGINE"] == "django.db.backends.sqlite3":
    _database["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
settings.configure(
    DEBUG=False,
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    DATABASES={"default": _database},
    SECRET_KEY=secrets.token_hex(32),
    USE_TZ=True,
)
django.setup()

from django.core.wsgi import get_wsgi_application
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path

UPSERT = (
    "INSERT INTO bench_probe (ballot, statement, value) VALUES (%s, %s, %s) "
    "ON CONFLICT (ballot, statement) DO UPDATE SET value = excluded.value"
)


def vote(request: HttpRequest, token: str) -> HttpResponse:
    if request.method != "POST":
        return HttpResponse(status=405)
    body = json.loads(request.body)
    ballot = request.COOKIES.get("bc_ballot") or secrets.token_urlsafe(32)
    with connection.cursor() as cursor:
        cursor.execute(UPSERT, [ballot, str(body["statement"]), 1])
    response = JsonResponse({"statement": body["statement"], "vote": body["vote"]})
    if "bc_ballot" not in request.COOKIES:
        response.set_cookie("bc_ballot", ballot, httponly=True, samesite="Lax")
    return response


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


urlpatterns = [path("c/<str:token>/vote", vote), path("healthz", healthz)]
application = get_wsgi_application()

if __name__ == "__main__" and sys.argv[1:] == ["create"]:
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_probe (ballot varchar(64) NOT NULL, "
            "statement varchar(64) NOT NULL, value integer NOT NULL, "
            "PRIMARY KEY (ballot, statement))"
        )
