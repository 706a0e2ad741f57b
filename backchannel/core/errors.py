"""Errors shared by services, views, the API and the CLI.

Services raise these; each interface maps them to its own output in one place
(HTTP status, API error body, ``CommandError``).
"""

from __future__ import annotations

from django.utils.translation import gettext, ngettext


class BackchannelError(Exception):
    """Base class: ``message`` names the problem and the fix."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(BackchannelError):
    """The object does not exist *or* the actor may not see it.

    Both cases answer the same so that ids cannot be probed.
    """

    def __init__(self, what: str = "object") -> None:
        super().__init__(f"No such {what}, or you do not have access to it.")


class PermissionDenied(BackchannelError):
    """The actor can see the object but their role does not allow the action."""


class PledgeRequired(PermissionDenied):
    """An interpreter has not accepted the process's confidentiality pledge:
    they see nothing of it (web pages send them to the pledge)."""

    def __init__(self, process_id: object) -> None:
        self.process_id = process_id
        super().__init__(
            gettext(
                "Interpreters see nothing of a process before accepting its "
                "confidentiality pledge: open /processes/%(id)s/pledge/ and "
                "accept it."
            )
            % {"id": process_id}
        )


class ValidationFailed(BackchannelError):
    """Input is invalid. ``errors`` maps a field (or JSON path) to messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        self.errors = errors
        super().__init__("; ".join(self.lines()) or "Invalid input.")

    def lines(self) -> list[str]:
        """Each problem as ``"<field or path>: <message>"``, in order."""
        return [f"{path}: {msg}" for path, msgs in self.errors.items() for msg in msgs]


class DecryptionError(BackchannelError):
    """A stored value could not be decrypted (wrong key, tampered or moved)."""


class KeyDestroyed(DecryptionError):
    """The data key of this process was destroyed (crypto-shredded)."""


class GateBlocked(BackchannelError):
    """The identification gate found something in a text about to leave.

    ``report`` is the :class:`backchannel.gate.GateReport`; each
    interface shows its findings (web: highlighted spans, API: 409 with the
    findings, CLI: one line each and exit 1).
    """

    def __init__(self, report: object, message: str = "") -> None:
        self.report = report
        count = len(getattr(report, "findings", ()))
        super().__init__(
            message
            or ngettext(
                "The identification gate found %(count)d passage that could "
                "identify a participant: redact it (or have two managers confirm an "
                "override) before this text leaves the workspace.",
                "The identification gate found %(count)d passages that could "
                "identify a participant: redact them (or have two managers confirm "
                "an override) before this text leaves the workspace.",
                count,
            )
            % {"count": count}
        )
