"""A person's login, with no clear link between the registry and the users table.

A person of the registry holds their login in two forms, neither of which a
copy of the database can join on (``tests/security/test_adv5_login_seat_join.py``):

* ``Person.login_index``: a keyed blind index of the login's id, HMAC-SHA256
  under a key derived (HKDF) from the master key for this purpose alone. The
  running server computes it to find "the person of this login" (and so the
  seats that give it access, ``Seat.objects.held_by``); without the master key
  it cannot be computed, nor brute-forced from the list of user ids. Unique
  within the organisation, like the foreign key it replaces.
* ``Person.login``: the login's id and name sealed (AES-256-GCM) under the
  organisation's data key, for the reverse direction: which login a person has
  (the organisation's conveners see it, the managers see who took up a seat).

Every read and write of the link goes through this module: web, API, CLI,
demo and tests alike. Rotating the master key recomputes the indexes
(:func:`login_indexes_rotate`, called by ``backchannel keys rotate``); until
then a login is looked up under the previous keys too.
"""

from __future__ import annotations

import uuid

from backchannel.accounts.models import Organisation, User
from backchannel.core.fields import LoginRef
from backchannel.participants.blindindex import (
    LOGIN_INDEX_PURPOSE,
    login_index,
    login_indexes,
)
from backchannel.participants.models import Person

__all__ = [
    "LOGIN_FIELDS",
    "LOGIN_INDEX_PURPOSE",
    "is_login_of",
    "link_login",
    "login_index",
    "login_indexes",
    "login_indexes_rotate",
    "login_name",
    "login_of",
    "login_user",
    "person_for_user",
    "same_login",
    "unlink_login",
    "user_of",
]


def is_login_of(person: Person, user: User) -> bool:
    """Whether ``user`` is the login linked to ``person``."""
    return person.login_index is not None and person.login_index in login_indexes(user)


def person_for_user(
    user: User, organisation: Organisation | uuid.UUID | str
) -> Person | None:
    """The person of the organisation's registry linked to ``user``, if any
    (``organisation``: the organisation or its id)."""
    indexes = login_indexes(user)
    if not indexes:
        return None
    organisation_id = (
        organisation.pk if isinstance(organisation, Organisation) else organisation
    )
    return Person.objects.filter(
        organisation_id=organisation_id, login_index__in=indexes
    ).first()


def link_login(person: Person, user: User) -> None:
    """Link ``user`` to ``person`` (index and seal); the caller saves with
    ``update_fields=LOGIN_FIELDS`` inside its transaction."""
    person.login_index = login_index(user.pk)
    person.login = user


def unlink_login(person: Person) -> None:
    """Remove the person's login; the caller saves ``LOGIN_FIELDS``."""
    person.login_index = None
    person.login = None


#: The columns :func:`link_login` and :func:`unlink_login` change.
LOGIN_FIELDS = ["login_index", "login"]


def login_of(person: Person) -> LoginRef | None:
    """Which login the person has (its id and name), opened with the
    organisation's key; None when none is linked."""
    if not person.has_login:
        return None
    ref = person.login
    if ref is None or isinstance(ref, LoginRef):
        return ref
    # Linked in this request (a user assigned, not yet read back).
    return LoginRef(ref.pk, ref.username)


def login_name(person: Person) -> str:
    """The username of the person's login, or "" when none is linked."""
    ref = login_of(person)
    return ref.username if ref is not None else ""


def login_user(person: Person) -> User | None:
    """The person's login as a user row (one query), or None."""
    ref = login_of(person)
    return None if ref is None else User.objects.filter(pk=ref.pk).first()


def user_of(ref: LoginRef | None) -> User | None:
    """The user row a sealed login names (one query), or None."""
    return None if ref is None else User.objects.filter(pk=ref.pk).first()


def same_login(ref: LoginRef | None, user: object) -> bool:
    """Whether a sealed login is ``user`` (False for none, or the operator)."""
    return ref is not None and ref.pk == getattr(user, "pk", None)


def login_indexes_rotate() -> tuple[int, int]:
    """Recompute every index under the current master key (``keys rotate``).
    Returns how many changed and how many already were current."""
    changed = current = 0
    for person in Person.objects.filter(login_index__isnull=False).iterator():
        ref = login_of(person)
        if ref is None:
            continue
        fresh = login_index(ref.pk)
        if fresh == person.login_index:
            current += 1
            continue
        Person.objects.filter(pk=person.pk).update(login_index=fresh)
        changed += 1
    return changed, current
