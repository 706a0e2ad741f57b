"""Accounts: users, organisations, memberships, API tokens."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from backchannel.accounts.adapter import mfa_decrypt, mfa_encrypt, mfa_is_current
from backchannel.accounts.models import (
    ApiToken,
    Membership,
    Organisation,
    OrgRole,
    SetupToken,
    User,
)
from backchannel.core.audit import audit_process, audit_record
from backchannel.core.errors import PermissionDenied, ValidationFailed
from backchannel.core.services import data_key_create
from backchannel.core.validation import clean, integrity_as


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    actor: User | None = None,
    within: Any = None,
) -> User:
    """A new login. ``within``: the process whose invitation it is created to
    accept; the entry is then that process's, the new login sealed under its
    key (a clear ``user.create`` next to the acceptance would tie the login to
    the process after its destruction)."""
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
    with integrity_as(
        "username",
        gettext("The username %(username)r is taken: choose another.")
        % {"username": username},
    ):
        user.save()
    if within is not None:
        audit_process(actor, within, "user.create", user)
    else:
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
def organisation_rename(
    *,
    organisation: Organisation,
    name: str = "",
    slug: str = "",
    actor: User | None = None,
) -> Organisation:
    """A new name and/or slug (the slug is how the CLI names it)."""
    if not name.strip() and not slug.strip():
        raise ValidationFailed(
            {"name": [gettext("Give a new name, a new slug, or both.")]}
        )
    if name.strip():
        organisation.name = name.strip()
    if slug.strip():
        organisation.slug = slug.strip()
    clean(organisation, exclude=["data_key"])
    organisation.save(update_fields=["name", "slug"])
    audit_record(
        actor=actor,
        verb="organisation.rename",
        target=organisation,
        organisation_id=organisation.pk,
    )
    return organisation


SETUP_TOKEN_LIFETIME = dt.timedelta(hours=1)


@transaction.atomic
def setup_token_create(
    *, lifetime: dt.timedelta = SETUP_TOKEN_LIFETIME
) -> tuple[str, dt.datetime]:
    """A one-time token for the first-run page, on a deployment with no user
    yet. Any earlier token stops working. Returns the plaintext (shown once;
    only its hash is stored) and when it expires."""
    if User.objects.exists():
        raise ValidationFailed(
            {
                "__all__": [
                    gettext(
                        "This deployment already has users, so the first-run page is "
                        "closed: create logins with `backchannel createuser`."
                    )
                ]
            }
        )
    SetupToken.objects.all().delete()
    plaintext = secrets.token_urlsafe(32)
    token = SetupToken(
        token_hash=SetupToken.hash(plaintext), expires_at=timezone.now() + lifetime
    )
    clean(token)
    token.save()
    audit_record(actor=None, verb="setup_token.create", target=token)
    return plaintext, token.expires_at


def setup_token_is_open(plaintext: str) -> bool:
    """The first-run page opens only with a live token and while no user exists."""
    if not plaintext or User.objects.exists():
        return False
    return SetupToken.objects.filter(
        token_hash=SetupToken.hash(plaintext), expires_at__gt=timezone.now()
    ).exists()


@transaction.atomic
def first_run_setup(
    *,
    token: str,
    organisation_name: str,
    organisation_slug: str,
    username: str,
    password: str,
) -> tuple[Organisation, User]:
    """The first organisation and its convener, once, with the setup token.

    The token is used up whatever happens next; a refused form does not use
    it, so the operator can correct and resend."""
    row = (
        SetupToken.objects.select_for_update()
        .filter(token_hash=SetupToken.hash(token or ""), expires_at__gt=timezone.now())
        .first()
    )
    if row is None or User.objects.exists():
        raise SetupClosed()
    errors: dict[str, list[str]] = {}
    organisation = user = None
    try:
        with transaction.atomic():
            organisation = organisation_create(
                name=organisation_name, slug=organisation_slug
            )
    except ValidationFailed as exc:
        errors.update({f"organisation_{k}": v for k, v in exc.errors.items()})
    try:
        with transaction.atomic():
            user = user_create(username=username, password=password)
    except ValidationFailed as exc:
        errors.update(exc.errors)
    if errors:
        raise ValidationFailed(errors)
    assert organisation is not None and user is not None  # noqa: S101
    membership_set(organisation=organisation, user=user, role=OrgRole.CONVENER)
    SetupToken.objects.all().delete()
    audit_record(
        actor=user,
        verb="deployment.setup",
        target=organisation,
        organisation_id=organisation.pk,
    )
    return organisation, user


class SetupClosed(Exception):
    """No live setup token, or the deployment already has users: the first-run
    page answers 404, as any page that does not exist."""


@transaction.atomic
def membership_set(
    *, organisation: Organisation, user: User, role: str, actor: User | None = None
) -> Membership:
    """Make ``user`` a member of ``organisation`` with ``role``.

    Only the operator (``actor`` None: the command line, the first-run setup)
    makes anyone a convener of an organisation, or changes a convener's role.
    A convener who could make another login a convener would hold both keys
    of the two-person rule (a convener of the organisation confirms any
    request), so no login may, whatever route a later page or endpoint takes."""
    if actor is not None:
        current = Membership.objects.filter(user=user, organisation=organisation)
        if role == OrgRole.CONVENER or current.filter(role=OrgRole.CONVENER).exists():
            raise PermissionDenied(
                gettext(
                    "Only the operator makes someone a convener of an organisation, "
                    "or changes a convener's role: a convener who could make "
                    "another would hold both keys of the two-person rule. Ask the "
                    "operator to run `backchannel createuser USERNAME "
                    "--organisation SLUG --role convener`."
                )
            )
    with integrity_as(
        "user",
        gettext(
            "This login is already a member of the organisation: change its role "
            "instead."
        ),
    ):
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


def is_org_convener(user: User, organisation_id: uuid.UUID | str) -> bool:
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


def _reencrypt(value: object) -> tuple[object, bool]:
    """An MFA data value with every secret in it under the current master key."""
    if isinstance(value, str) and value.startswith(("bc1:", "bc2:")):
        if mfa_is_current(value):
            return value, False
        return mfa_encrypt(mfa_decrypt(value)), True
    if isinstance(value, list):
        items = [_reencrypt(v) for v in value]
        return [v for v, _ in items], any(c for _, c in items)
    if isinstance(value, dict):
        pairs = {k: _reencrypt(v) for k, v in value.items()}
        return {k: v for k, (v, _) in pairs.items()}, any(c for _, c in pairs.values())
    return value, False


def mfa_secrets_rotate() -> tuple[int, int]:
    """Re-encrypt every second factor's secrets (TOTP secrets, recovery-code
    seeds and migrated codes) under the current master key, one authenticator
    per short transaction. Returns (re-encrypted, already current)."""
    # allauth.mfa's models: accounts.adapter (imported above) is loaded by allauth
    # while its own apps load, before models may be imported.
    from allauth.mfa.models import Authenticator

    changed = current = 0
    for pk in list(Authenticator.objects.values_list("pk", flat=True)):
        with transaction.atomic():
            authenticator = (
                Authenticator.objects.select_for_update().filter(pk=pk).first()
            )
            if authenticator is None:
                continue
            data, touched = _reencrypt(authenticator.data)
            if not touched:
                current += 1
                continue
            authenticator.data = data
            authenticator.save(update_fields=["data"])
            changed += 1
    return changed, current


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
