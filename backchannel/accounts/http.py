"""The requests the views receive, typed with what the middleware and the
authentication add: the checker then knows ``request.user`` (and the API's
``request.auth``) is Backchannel's :class:`~backchannel.accounts.models.User`.

These are annotations only: Django and django-ninja still pass an ordinary
``HttpRequest``; the classes say what is true of it by the time the view runs.
"""

from __future__ import annotations

from django.http import HttpRequest

from backchannel.accounts.models import User


class WebRequest(HttpRequest):
    """The request of a logged-in HTML page (``login_required``, which every
    ``core.web.html_view`` applies): ``user`` is an authenticated ``User``."""

    user: User


class ApiRequest(HttpRequest):
    """The request of a JSON API operation behind the bearer token
    (``backchannel.api.TokenAuth``): ``auth`` is the token's ``User``, and
    ``user`` the same login."""

    auth: User
    user: User
