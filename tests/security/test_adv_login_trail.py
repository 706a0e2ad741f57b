"""Adversary (database thief): who tried to log in, and when, to the second.

README: "There is no last-login timestamp; content and audit dates are kept to
the day", and a thief with the database gets "login names" and day dates. The
failed-login throttle lives in the database cache (``backchannel_cache``) keyed
by ``sha256("<host>:<login name>")``: login names are in clear in
``accounts_user``, so the thief hashes each one and finds whose row it is; the
row's expiry is the attempt's time plus 300 s, to the second (and the
per-address row written in the same second holds the time itself, as a float).
"""

from __future__ import annotations

import hashlib

from django.db import connection
from django.test import Client
from django.urls import reverse

from backchannel.accounts.models import User
from tests.world import PASSWORD, World


def test_the_cache_does_not_name_who_logged_in_and_when(world: World) -> None:
    client = Client()
    response = client.post(
        reverse("login"), {"login": "participant", "password": PASSWORD}
    )
    assert response.status_code == 302
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key, expires FROM backchannel_cache")
        rows = cursor.fetchall()
    named = []
    for user in User.objects.all():  # what a thief reads in clear
        for host in ("testserver", "localhost", "127.0.0.1"):
            digest = hashlib.sha256(f"{host}:{user.username}".encode()).hexdigest()
            named += [
                (user.username, key, expires) for key, expires in rows if digest in key
            ]
    assert named == [], f"the database says who logged in, and when: {named}"
