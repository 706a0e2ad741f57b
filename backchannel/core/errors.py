"""Errors shared by services, views, the API and the CLI.

Services raise these; each interface maps them to its own output in one place
(HTTP status, API error body, ``CommandError``).
"""

from __future__ import annotations

from django.utils.translation import gettext, ngettext, pgettext_lazy


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
        self.what = what
        super().__init__(
            gettext("No such %(what)s, or you do not have access to it.")
            % {"what": thing_name(what)}
        )


#: What a "not found" or a command's id names: the code's English word
#: (``NotFound("seat")``, ``find(..., "meeting")``) in the reader's language.
THINGS = {
    "affiliation": pgettext_lazy("a kind of object", "affiliation"),
    "airtime": pgettext_lazy("a kind of object", "airtime"),
    "consultation": pgettext_lazy("a kind of object", "consultation"),
    "ecosystem link": pgettext_lazy("a kind of object", "ecosystem link"),
    "external process": pgettext_lazy("a kind of object", "external process"),
    "feedback": pgettext_lazy("a kind of object", "feedback"),
    "idea": pgettext_lazy("a kind of object", "idea"),
    "indicator": pgettext_lazy("a kind of object", "indicator"),
    "invitation": pgettext_lazy("a kind of object", "invitation"),
    "joint text": pgettext_lazy("a kind of object", "joint text"),
    "kind of text": pgettext_lazy("a kind of object", "kind of text"),
    "link": pgettext_lazy("a kind of object", "link"),
    "meeting": pgettext_lazy("a kind of object", "meeting"),
    "note": pgettext_lazy("a kind of object", "note"),
    "object": pgettext_lazy("a kind of object", "object"),
    "objective": pgettext_lazy("a kind of object", "objective"),
    "organisation": pgettext_lazy("a kind of object", "organisation"),
    "outcome": pgettext_lazy("a kind of object", "outcome"),
    "output": pgettext_lazy("a kind of object", "output"),
    "person": pgettext_lazy("a kind of object", "person"),
    "phase": pgettext_lazy("a kind of object", "phase"),
    "process": pgettext_lazy("a kind of object", "process"),
    "results": pgettext_lazy("a kind of object", "results"),
    "risk": pgettext_lazy("a kind of object", "risk"),
    "round": pgettext_lazy("a kind of object", "round"),
    "seat": pgettext_lazy("a kind of object", "seat"),
    "section": pgettext_lazy("a kind of object", "section"),
    "segment": pgettext_lazy("a kind of object", "segment"),
    "side": pgettext_lazy("a kind of object", "side"),
    "statement": pgettext_lazy("a kind of object", "statement"),
    "transfer": pgettext_lazy("a kind of object", "transfer"),
    "translation": pgettext_lazy("a kind of object", "translation"),
    "version": pgettext_lazy("a kind of object", "version"),
}


def thing_name(what: str) -> str:
    """``what`` in the reader's language (as it is when no word is known)."""
    name = THINGS.get(what)
    return what if name is None else str(name)


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
