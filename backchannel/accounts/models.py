"""Users, organisations (tenants), memberships and API tokens."""

from __future__ import annotations

import hashlib
from typing import ClassVar

from django.contrib.auth.models import (
    AbstractBaseUser,
    BaseUserManager,
    PermissionsMixin,
)
from django.db import models
from django.utils.translation import gettext_lazy as _

from backchannel.core.models import BaseModel, C, DataKey


class UserManager(BaseUserManager["User"]):
    def create_user(self, username: str, password: str | None = None) -> User:
        user = self.model(username=username)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, username: str, password: str | None = None) -> User:
        user = self.create_user(username, password)
        user.is_superuser = True
        user.save(update_fields=["is_superuser"])
        return user


class User(AbstractBaseUser, PermissionsMixin, BaseModel):
    """A login. The username is a handle the holder chooses (it may be a pseudonym);
    real names live encrypted in the people registry, not here."""

    username = models.CharField(
        max_length=150,
        unique=True,
        error_messages={"unique": _("This username is taken: choose another.")},
    )
    is_active = models.BooleanField(default=True)
    # The interface language chosen by the user (a code of settings.LANGUAGES);
    # blank follows the browser's Accept-Language.
    language = models.CharField(max_length=16, blank=True, default="")
    # Whether the holder uses the JSON API (turned on in their security page, or
    # by creating a token): only then does the navigation offer "API tokens" to
    # someone who is not a member of an organisation.
    api_enabled = models.BooleanField(default=False)
    # No last-login timestamp: it is a metadata trail we do not keep.
    last_login = None

    objects = UserManager()

    USERNAME_FIELD = "username"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    data_classification: ClassVar[dict[str, str]] = {
        "id": C.INTERNAL,
        "username": C.INTERNAL,
        "password": C.SECRET,
        "is_active": C.INTERNAL,
        "language": C.INTERNAL,
        "api_enabled": C.INTERNAL,
        "is_superuser": C.INTERNAL,
        "groups": C.INTERNAL,
        "user_permissions": C.INTERNAL,
    }

    def __str__(self) -> str:
        return self.username


class Organisation(BaseModel):
    """A convening organisation: the tenant. Its name is public (conveners are)."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=60, unique=True)
    data_key = models.ForeignKey(DataKey, on_delete=models.PROTECT, related_name="+")

    data_classification: ClassVar[dict[str, str]] = {
        "id": C.INTERNAL,
        "name": C.PUBLIC,
        "slug": C.PUBLIC,
        "data_key": C.INTERNAL,
    }

    def __str__(self) -> str:
        return self.name


class OrgRole(models.TextChoices):
    CONVENER = "convener", _("Convener (sees every process of the organisation)")
    STAFF = "staff", _("Staff (sees processes where they hold a seat)")


class Membership(BaseModel):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        max_length=16, choices=OrgRole.choices, default=OrgRole.STAFF
    )

    data_classification: ClassVar[dict[str, str]] = {
        "id": C.INTERNAL,
        "user": C.INTERNAL,
        "organisation": C.INTERNAL,
        "role": C.INTERNAL,
    }

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                name="one_membership",
                violation_error_message=_(
                    "This login is already a member of the organisation: change "
                    "its role instead."
                ),
            )
        ]


class ApiToken(BaseModel):
    """A bearer token for the JSON API; only its SHA-256 is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    label = models.CharField(max_length=100, blank=True)
    prefix = models.CharField(max_length=12)
    token_hash = models.CharField(max_length=64, unique=True)
    created_on = models.DateField(auto_now_add=True)

    data_classification: ClassVar[dict[str, str]] = {
        "id": C.INTERNAL,
        "user": C.INTERNAL,
        "label": C.INTERNAL,
        "prefix": C.INTERNAL,
        "token_hash": C.SECRET,
        "created_on": C.INTERNAL,
    }

    @staticmethod
    def hash(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()


class HashedSession(models.Model):
    """A login session as the database sees it (``backchannel.accounts.sessions``).

    The row is keyed by a SHA-256 hash of the cookie, never the cookie itself,
    and its data is encrypted under a key derived from the cookie: a copy of the
    database (with or without the master key) neither logs anyone in nor reads
    what a session holds. The expiry is rounded up to the day (the exact expiry
    travels encrypted), so the table keeps no login times to the second.
    """

    key_hash = models.CharField(max_length=64, primary_key=True)
    data = models.TextField()
    expires_on = models.DateTimeField(db_index=True)

    data_classification: ClassVar[dict[str, str]] = {
        "key_hash": C.SECRET,
        "data": C.SECRET,
        "expires_on": C.INTERNAL,
    }

    class Meta:
        db_table = "accounts_session"


class SetupToken(BaseModel):
    """The one-time token that opens the first-run page of a deployment with no
    user yet (``backchannel setup-token``); only its SHA-256 is stored, it
    expires, and using it deletes it."""

    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()

    data_classification: ClassVar[dict[str, str]] = {
        "id": C.INTERNAL,
        "token_hash": C.SECRET,
        "expires_at": C.INTERNAL,
    }

    @staticmethod
    def hash(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()
