"""django-allauth adapters: no sign-up, no client addresses, encrypted MFA secrets."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import time

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.http import HttpRequest

from backchannel.core import crypto
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
        raw = request.META.get("REMOTE_ADDR", "") or "unknown"
        day = time.strftime("%Y%m%d", time.gmtime())
        key = f"{settings.SECRET_KEY}|throttle|{day}".encode()
        return "c" + hmac.new(key, raw.encode(), hashlib.sha256).hexdigest()[:24]

    def get_http_user_agent(self, request: HttpRequest) -> str:
        return "unspecified"


def _mfa_key() -> bytes:
    """An AES key for MFA secrets, derived from the master key (never stored)."""
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"backchannel-mfa-secrets"
    ).derive(crypto.master_key().key)


class MFAAdapter(DefaultMFAAdapter):
    """TOTP secrets and recovery seeds are stored encrypted, not in the clear."""

    def encrypt(self, text: str) -> str:
        nonce = os.urandom(12)
        blob = nonce + AESGCM(_mfa_key()).encrypt(nonce, text.encode(), b"mfa")
        return "bc1:" + base64.b64encode(blob).decode()

    def decrypt(self, encrypted_text: str) -> str:
        if not encrypted_text.startswith("bc1:"):
            raise DecryptionError("An MFA secret is not in Backchannel's format.")
        blob = base64.b64decode(encrypted_text[4:])
        try:
            return AESGCM(_mfa_key()).decrypt(blob[:12], blob[12:], b"mfa").decode()
        except InvalidTag:
            raise DecryptionError(
                "An MFA secret does not decrypt with the configured master key."
            ) from None
