"""Accounts: users, organisations, memberships, API tokens."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from backchannel.accounts.models import (
    ApiToken,
    Membership,
    Organisation,
    OrgRole,
    User,
)
from backchannel.core.audit import audit_record
from backchannel.core.errors import ValidationFailed
from backchannel.core.services import data_key_create
from backchannel.core.validation import clean


@transaction.atomic
def user_create(*, username: str, password: str, actor: User | None = None) -> User:
    username = username.strip()
    errors: dict[str, list[str]] = {}
    if not username:
        errors["username"] = [gettext("Choose a username (it may be a pseudonym).")]
    elif User.objects.filter(username__iexact=username).exists():
        errors["username"] = [
            gettext("The username %(username)r is taken: choose another.")
            % {"username": username}
        ]
    try:
        validate_password(password, User(username=username))
    except ValidationError as exc:
        errors["password"] = list(exc.messages)
    if errors:
        raise ValidationFailed(errors)
    user = User(username=username)
    user.set_password(password)
    clean(user, exclude=["password"])
    user.save()
    audit_record(actor=actor, verb="user.create", target=user)
    return user


@transaction.atomic
def password_reset(*, username: str, password: str, actor: User | None = None) -> User:
    """Set a new password for a user who lost theirs. No email is sent or
    needed: the operator runs ``backchannel resetpassword`` on the server.

    Every session of the user ends (Django checks a hash of the password on
    each request) and their API tokens are revoked: whoever knew the old
    password may have made some. The second factor stays as it was."""
    user = User.objects.select_for_update().filter(username__iexact=username).first()
    if user is None:
        raise ValidationFailed(
            {
                "username": [
                    gettext("No user is called %(username)r.") % {"username": username}
                ]
            }
        )
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationFailed({"password": list(exc.messages)}) from None
    user.set_password(password)
    user.save(update_fields=["password"])
    ApiToken.objects.filter(user=user).delete()
    audit_record(actor=actor, verb="user.password_reset", target=user)
    return user


def language_codes() -> list[str]:
    """The interface languages a user may choose (settings.LANGUAGES)."""
    return [code for code, _name in settings.LANGUAGES]


def user_set_language(*, user: User, language: str) -> User:
    """Save the user's interface language; blank follows the browser."""
    language = (language or "").strip().lower()
    if language and language not in language_codes():
        raise ValidationFailed(
            {
                "language": [
                    _("Unknown language %(code)s: choose one of %(codes)s.")
                    % {"code": language, "codes": ", ".join(language_codes())}
                ]
            }
        )
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return user


@transaction.atomic
def organisation_create(
    *, name: str, slug: str = "", actor: User | None = None
) -> Organisation:
    org = Organisation(name=name.strip(), slug=slug or slugify(name)[:60])
    org.data_key = data_key_create()
    clean(org, exclude=["data_key"])
    org.save()
    audit_record(
        actor=actor, verb="organisation.create", target=org, organisation_id=org.pk
    )
    return org


@transaction.atomic
def membership_set(
    *, organisation: Organisation, user: User, role: str, actor: User | None = None
) -> Membership:
    membership, _ = Membership.objects.get_or_create(
        user=user, organisation=organisation, defaults={"role": role}
    )
    membership.role = role
    clean(membership)
    membership.save(update_fields=["role"])
    audit_record(
        actor=actor,
        verb="membership.set",
        target=membership,
        organisation_id=organisation.pk,
    )
    return membership


def is_org_convener(user: User, organisation_id: object) -> bool:
    return Membership.objects.filter(
        user=user, organisation_id=organisation_id, role=OrgRole.CONVENER
    ).exists()


@transaction.atomic
def api_token_create(*, user: User, label: str = "") -> tuple[ApiToken, str]:
    """Return the token record and the plaintext token, shown once."""
    plaintext = "bc_" + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        label=label,
        prefix=plaintext[:10],
        token_hash=ApiToken.hash(plaintext),
    )
    clean(token)
    token.save()
    if not user.api_enabled:
        # Holding a token is using the API: the navigation shows its page.
        user.api_enabled = True
        user.save(update_fields=["api_enabled"])
    audit_record(actor=user, verb="api_token.create", target=token)
    return token, plaintext


def api_token_user(plaintext: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=ApiToken.hash(plaintext), user__is_active=True)
        .first()
    )
    return token.user if token else None


@transaction.atomic
def user_set_api_access(*, user: User, enabled: bool) -> User:
    """Turn the JSON API on or off for one's own account. Turning it off
    revokes (deletes) every token the user holds, so none keeps working."""
    if not enabled:
        ApiToken.objects.filter(user=user).delete()
    user.api_enabled = enabled
    user.save(update_fields=["api_enabled"])
    audit_record(
        actor=user,
        verb="api_access.on" if enabled else "api_access.off",
        target=user,
    )
    return user
