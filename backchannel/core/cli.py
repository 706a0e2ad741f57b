"""What every command shares: finding an object by its id or a unique start of it.

Commands import from here (and from services), never from one another.
"""

from __future__ import annotations

import getpass
import string
import sys
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol, TypeVar

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError, CommandParser
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from backchannel.core import uploads
from backchannel.core.errors import (
    NotFound,
    PermissionDenied,
    ValidationFailed,
    thing_name,
)

M = TypeVar("M", bound=models.Model)


class Coded(Protocol):
    """A seat, as far as finding it by its pseudonym code goes."""

    @property
    def pseudonym(self) -> object: ...


S = TypeVar("S", bound=Coded)

MIN_PREFIX = 6
# A reference the command could not resolve is a usage error, as argparse's.
USAGE = 2


def _live(model: type[models.Model]) -> dict[str, Any]:
    """Objects of a destroyed (crypto-shredded) process are gone for the CLI too."""
    names = {f.name for f in model._meta.get_fields()}
    if model._meta.label == "processes.Process":
        return {"data_key__destroyed_on__isnull": True}
    if "process" in names:
        return {"process__data_key__destroyed_on__isnull": True}
    return {}


class NotAnId(CommandError):
    """The reference is not (the start of) an id."""


class NoMatch(CommandError):
    """No object has an id that starts so."""


class Ambiguous(CommandError):
    """Several objects have ids that start so."""


def _wanted(ref: str, what: str) -> str:
    wanted = (ref or "").strip().lower().replace("-", "")
    if len(wanted) < MIN_PREFIX or any(c not in string.hexdigits for c in wanted):
        raise NotAnId(
            _(
                "%(ref)s is not a %(what)s id: give the id (e.g. 3f2c9a6e-…) or at "
                "least its first %(count)s characters."
            )
            % {"ref": repr(ref), "what": thing_name(what), "count": MIN_PREFIX},
            returncode=USAGE,
        )
    return wanted


def _matches(
    rows: models.QuerySet[Any], wanted: str, *, destroyed: bool = False
) -> list[Any]:
    if not destroyed:
        rows = rows.filter(**_live(rows.model))
    ids = rows.values_list("pk", flat=True)
    return [pk for pk in ids if pk.hex.startswith(wanted)]


def _one(found: list[tuple[models.QuerySet[Any], Any]], ref: str, what: str) -> Any:
    if not found:
        raise NoMatch(
            _(
                "No %(what)s has the id %(ref)s: copy the id from the address of "
                "its page (or from the API)."
            )
            % {"what": thing_name(what), "ref": repr(ref)},
            returncode=USAGE,
        )
    if len(found) > 1:
        raise Ambiguous(
            # "%(what)ss": English makes the plural so; other languages put
            # the kind in brackets ("… de 2 identifiants (invitation)")
            _("%(ref)s starts the ids of %(count)s %(what)ss: give more of the id.")
            % {"ref": repr(ref), "count": len(found), "what": thing_name(what)},
            returncode=USAGE,
        )
    rows, pk = found[0]
    return rows.get(pk=pk)


def resolve_by_prefix(
    model: type[M],
    ref: str,
    *,
    queryset: models.QuerySet[M] | None = None,
    what: str = "",
    destroyed: bool = False,
) -> M:
    """The one ``model`` object whose id is, or starts with, ``ref`` (any case,
    dashes optional, at least 6 hex digits), among ``queryset`` (by default every
    object), leaving out what a destroyed process held unless ``destroyed``.

    Raises a ``CommandError`` (exit code 2) naming the problem and the fix:
    ``NotAnId``, ``NoMatch`` or ``Ambiguous``.
    """
    what = what or str(model._meta.verbose_name)
    rows = queryset if queryset is not None else model._default_manager.all()
    wanted = _wanted(ref, what)
    found: M = _one(
        [(rows, pk) for pk in _matches(rows, wanted, destroyed=destroyed)], ref, what
    )
    return found


def resolve_one_of(querysets: list[models.QuerySet[Any]], ref: str, what: str) -> Any:
    """``resolve_by_prefix`` over several kinds at once (e.g. a meeting or a
    process): an id that starts objects of two kinds is ambiguous too."""
    wanted = _wanted(ref, what)
    return _one(
        [(rows, pk) for rows in querysets for pk in _matches(rows, wanted)], ref, what
    )


# -- logins: USERNAME and a password, asked or piped in


def add_login_arguments(parser: CommandParser) -> None:
    """USERNAME and ``--password-stdin``, as :func:`read_password` reads them."""
    parser.add_argument("username", metavar="USERNAME")
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of standard input",
    )


def read_password(options: dict[str, Any], command: str) -> str:
    """The password from standard input (``--password-stdin``) or asked twice."""
    if options["password_stdin"]:
        stream = options.get("stdin") or sys.stdin
        password = stream.readline().rstrip("\r\n")
        if not password:
            raise CommandError(
                _("No password on standard input: pipe it in, e.g. %(example)s.")
                % {"example": _password_example(command)}
            )
        return password
    password = _ask("Password: ", command)
    if password != _ask("Password (again): ", command):
        raise CommandError(_("The passwords do not match: run the command again."))
    if not password:
        raise CommandError(_("The password is empty: run the command again."))
    return password


def _ask(prompt: str, command: str) -> str:
    """Ask on the terminal; without one, refuse (never read a password from a
    pipe that was not announced with --password-stdin)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", getpass.GetPassWarning)
            return getpass.getpass(prompt)
    except (getpass.GetPassWarning, EOFError, OSError):
        raise CommandError(
            _(
                "No terminal to ask for the password: pipe it in instead, e.g. "
                "%(example)s."
            )
            % {"example": _password_example(command)}
        ) from None


def _password_example(command: str) -> str:
    return (
        f"`printf '%s\\n' \"$PASSWORD\" | backchannel {command} NAME --password-stdin`"
    )


def error_lines(errors: dict[str, list[str]]) -> str:
    return "\n".join(
        f"  {field}: {msg}" for field, msgs in errors.items() for msg in msgs
    )


# -- acting as a manager of a process: ``--as USERNAME``


def add_as_argument(*parsers: CommandParser, help: str | None = None) -> None:
    """``--as USERNAME``, required: the login on whose behalf a command acts
    (``help``: what ``--as`` shows, e.g. the role it must name)."""
    for parser in parsers:
        parser.add_argument(
            "--as", dest="as_user", required=True, metavar="USERNAME", help=help
        )


def acting_user(username: str) -> Any:
    """The active user named with ``--as``, or a ``CommandError`` saying so."""
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(
            _(
                "No active user %(username)s: name a convener or facilitator of "
                "the process with --as."
            )
            % {"username": repr(username)}
        )
    return user


MANAGER = gettext_lazy("a convener or facilitator of the process")


@contextmanager
def acting_as(
    user: Any, *, refused: str | None, role: object = MANAGER
) -> Iterator[None]:
    """A command's service calls on behalf of ``user`` (``--as``), their refusals
    turned into a ``CommandError`` that names the fix: a ``ValidationFailed``
    under ``refused`` (e.g. "x.csv was refused; nobody was seated"), one line per
    problem (``refused`` None: its message alone); a refused access names the
    acting user and the ``role`` that ``--as`` must name."""
    try:
        yield
    except ValidationFailed as exc:
        if refused is None:
            raise CommandError(exc.message) from None
        raise CommandError(
            f"{refused}:\n" + "\n".join(f"  {line}" for line in exc.lines())
        ) from None
    except (NotFound, PermissionDenied) as exc:
        raise CommandError(
            _("%(problem)s (acting as %(username)s: --as names %(role)s)")
            % {"problem": exc.message, "username": user.username, "role": role}
        ) from None


def seats_by_code(seats: Iterable[S], codes: Iterable[str]) -> list[S]:
    """The seats with the given pseudonym codes (any case), in that order, or a
    ``CommandError`` naming the unknown codes and the codes there are."""
    by_code = {str(s.pseudonym).upper(): s for s in seats}
    wanted = [c.strip().upper() for c in codes]
    unknown = [c.strip() for c in codes if c.strip().upper() not in by_code]
    if unknown:
        raise CommandError(
            ngettext(
                "No seat has the code %(codes)s in this process: the codes are "
                "%(known)s.",
                "No seat has the codes %(codes)s in this process: the codes are "
                "%(known)s.",
                len(unknown),
            )
            % {
                "codes": ", ".join(unknown),
                "known": ", ".join(sorted(by_code)) or _("none yet"),
            }
        )
    return [by_code[c] for c in wanted]


# -- input files: a path, or - for standard input


def read_input(name: str, *, nothing: str) -> str:
    """The text of the file ``name`` (``-``: standard input) within the upload
    limit, or a ``CommandError`` naming the problem and ending with ``nothing``
    (what was therefore not done, e.g. "Nobody was seated.")."""
    label = _("standard input") if name == "-" else name
    try:
        return uploads.read_text(
            name, limit=uploads.limit("MAX_UPLOAD_BYTES"), label=label
        )
    except OSError as exc:
        raise CommandError(
            _("Cannot read %(name)s: %(problem)s. Check the path.")
            % {"name": name, "problem": exc.strerror}
        ) from None
    except uploads.InputRefused as exc:
        raise CommandError(f"{exc} {nothing}") from None
