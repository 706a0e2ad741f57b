"""django-allauth adapters: no sign-up, no client addresses, encrypted MFA secrets."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import time
from typing import Any

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.http import HttpRequest

from backchannel.core import crypto
from backchannel.core.clients import client_pseudonym
from backchannel.core.errors import DecryptionError


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Accounts are created by conveners or operators, never by visitors.
        return False

    def get_client_ip(self, request: HttpRequest) -> str:
        """A keyed, daily-rotating pseudonym of the client address.

        Throttling needs to tell clients apart for a few minutes; nothing needs
        the address itself, so none is ever stored, not even in the cache.
        """
        return client_pseudonym(request)

    def get_http_user_agent(self, request: HttpRequest) -> str:
        return "unspecified"

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        """allauth asks for the password again before a second factor is set
        up, even seconds after it was typed: a convener sent from the login
        page (or an invitee from the join page) to set up their first factor
        met "Confirm access" first. Setting up the first factor within the
        re-authentication window of a password login asks nothing more;
        changing or removing a factor once there is one still asks."""
        required = super().is_reauthentication_required(app=app, **kwargs)
        request = context.request
        if not required or app != "allauth.mfa" or request is None:
            return required
        from allauth.mfa.utils import is_mfa_enabled

        user = request.user
        if not user.is_authenticated or is_mfa_enabled(user):
            return True
        window = account_settings.REAUTHENTICATION_TIMEOUT
        return not any(
            record.get("method") == "password"
            and time.time() - float(record.get("at", 0)) < window
            for record in get_authentication_records(request, user)
        )

    def _get_login_attempts_cache_key(
        self, request: HttpRequest, **credentials: Any
    ) -> str:
        """A keyed pseudonym of ``<site>:<login name>`` for the failed-login throttle.

        allauth keys its row by a plain sha256 of the login name, which anyone
        holding the list of login names (in clear in the database) can
        recompute: the cache would say who tried to log in, and when. Under a
        server secret, the thief cannot tell whose row it is.

        Nor does the row depend on the host name the request gave (allauth's
        starts with it, port included): every name and server of a deployment
        counts one user's failures together, so switching between them
        (``localhost``, the public name, one app server's port and another's)
        gains no attempts (tests/scale/test_two_servers.py).
        """
        raw = credentials.get("email", credentials.get("username", "")).lower()
        key = f"{settings.SECRET_KEY}|login-throttle".encode()
        return "l" + hmac.new(key, raw.encode(), hashlib.sha256).hexdigest()


MFA_PURPOSE = b"backchannel-mfa-secrets"


def _mfa_key(master: crypto.MasterKey | None = None) -> bytes:
    """An AES key for MFA secrets, derived from a master key (never stored)."""
    return crypto.derived_key(master or crypto.master_key(), MFA_PURPOSE)


def mfa_encrypt(text: str, master: crypto.MasterKey | None = None) -> str:
    """``bc2:<master key id>:<base64(nonce + ciphertext)>``: the id says which
    master key to derive from, so a rotation can re-encrypt and readers can use
    a previous key meanwhile."""
    master = master or crypto.master_key()
    nonce = os.urandom(12)
    blob = nonce + AESGCM(_mfa_key(master)).encrypt(nonce, text.encode(), b"mfa")
    return f"bc2:{master.key_id}:" + base64.b64encode(blob).decode()


def _open(blob: bytes, master: crypto.MasterKey) -> str | None:
    try:
        return AESGCM(_mfa_key(master)).decrypt(blob[:12], blob[12:], b"mfa").decode()
    except (InvalidTag, ValueError):
        return None


def mfa_decrypt(encrypted_text: str) -> str:
    if encrypted_text.startswith("bc2:"):
        key_id, _, body = encrypted_text[4:].partition(":")
        masters = [crypto.master_for(key_id)]
    elif encrypted_text.startswith("bc1:"):
        # Before key ids were stored: the current key, then the previous ones.
        body = encrypted_text[4:]
        masters = [crypto.master_key(), *crypto.previous_master_keys().values()]
    else:
        raise DecryptionError("An MFA secret is not in Backchannel's format.")
    try:
        blob = base64.b64decode(body, validate=True)
    except ValueError:
        raise DecryptionError("An MFA secret is damaged (not base64).") from None
    for master in masters:
        text = _open(blob, master)
        if text is not None:
            return text
    raise DecryptionError(
        "An MFA secret does not decrypt with BACKCHANNEL_MASTER_KEY nor any key in "
        "BACKCHANNEL_PREVIOUS_MASTER_KEYS: list the key it was made under there and "
        "run `backchannel keys rotate`."
    )


def mfa_is_current(encrypted_text: str) -> bool:
    return encrypted_text.startswith(f"bc2:{crypto.master_key().key_id}:")


class MFAAdapter(DefaultMFAAdapter):
    """TOTP secrets and recovery seeds are stored encrypted, not in the clear."""

    def encrypt(self, text: str) -> str:
        return mfa_encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return mfa_decrypt(encrypted_text)
