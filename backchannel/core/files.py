"""Files the command line writes for an operator: exports, backups, reports,
inventories, audit checkpoints. One way to write them (issue 22, 6):

- created readable by their owner only (mode 0600, whatever the umask), with
  ``O_EXCL`` (an existing file is never overwritten, nor its looser mode kept)
  and ``O_NOFOLLOW`` (a symlink planted at the path is never followed);
- an existing file is replaced only with ``force=True`` (``--force``), and
  then by a fresh 0600 file renamed over it (a symlink is replaced, not
  followed);
- written whole: a failure half-way removes what was written;
- every refusal is a :class:`FileRefused` naming the path, the problem and the
  fix, which the commands print as one line.
"""

from __future__ import annotations

import errno
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from backchannel.core.errors import BackchannelError

PRIVATE = 0o600
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)


class FileRefused(BackchannelError):
    """A file could not be written where asked; the message says how to fix it."""


def refusal(path: Path, exc: OSError, *, force_option: str = "--force") -> FileRefused:
    """The one-line message for an ``OSError`` met writing ``path``."""
    parent = path.parent if str(path.parent) else Path(".")
    code = exc.errno
    if not parent.is_dir():
        problem = f"the directory {parent} does not exist"
        fix = f"create it (mkdir -p {parent}) or choose another path"
    elif path.is_symlink() or code == errno.ELOOP:
        problem = "it is a symbolic link, which is never followed"
        fix = f"remove the link, choose another path, or add {force_option} to replace the link itself"
    elif code == errno.EEXIST:
        problem = "a file is already there"
        fix = f"choose another path, or add {force_option} to replace it"
    elif code in (errno.EACCES, errno.EPERM, errno.EROFS):
        problem = f"{parent} is not writable by this user"
        fix = "choose a directory you can write to"
    elif code == errno.EISDIR or path.is_dir():
        problem = "it is a directory"
        fix = "give a file name inside it"
    elif code == errno.ENOSPC:
        problem = "the disk is full"
        fix = "free some space or write elsewhere"
    else:
        problem = exc.strerror or str(exc)
        fix = "choose another path"
    return FileRefused(f"Cannot write {path}: {problem}; {fix}.")


@contextmanager
def private_file(path: Path | str, *, force: bool = False) -> Iterator[BinaryIO]:
    """Open ``path`` for writing as a new 0600 file; yields a binary handle.

    Without ``force`` an existing path (file, symlink, anything) is refused.
    With ``force`` a temporary 0600 file in the same directory replaces it once
    written whole. On any failure nothing is left at ``path`` that was not
    there before."""
    path = Path(path)
    if path.is_dir():
        raise refusal(path, OSError(errno.EISDIR, "Is a directory"))
    if force and (path.exists() or path.is_symlink()):
        target = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    else:
        target = path
    try:
        fd = os.open(target, _CREATE, PRIVATE)
    except OSError as exc:
        raise refusal(path, exc) from None
    try:
        os.fchmod(fd, PRIVATE)
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if target != path:
            os.replace(target, path)
    except OSError as exc:
        target.unlink(missing_ok=True)
        raise refusal(path, exc) from None
    except BaseException:
        target.unlink(missing_ok=True)
        raise


def check_target(path: Path | str, *, force: bool = False) -> None:
    """Refuse early, before long work, what :func:`private_file` would refuse
    (it checks again when it writes)."""
    path = Path(path)
    if not path.parent.is_dir():
        raise refusal(path, OSError(errno.ENOENT, "No such file or directory"))
    if path.is_dir():
        raise refusal(path, OSError(errno.EISDIR, "Is a directory"))
    if not force and (path.exists() or path.is_symlink()):
        raise refusal(path, OSError(errno.EEXIST, "File exists"))


def write_private(path: Path | str, content: bytes, *, force: bool = False) -> None:
    """Write ``content`` to a new 0600 file at ``path`` (see :func:`private_file`)."""
    with private_file(path, force=force) as handle:
        handle.write(content)


def add_force_argument(parser: object) -> None:
    """``--force``: replace an existing output file (never by default)."""
    parser.add_argument(  # type: ignore[attr-defined]
        "--force",
        action="store_true",
        help="replace the output file if it exists (it is never replaced otherwise)",
    )
