"""How a person of an imported file or roster is recognised in the
organisation's people registry: the same name and, when both sides know
emails, one email in common. Used by process import (``portability.importer``)
and by bulk seating (``participants.seating``).
"""

from __future__ import annotations

from typing import Any

from backchannel.accounts.models import Organisation
from backchannel.core.errors import ValidationFailed
from backchannel.participants.models import Person


def _person_key(name: str) -> str:
    """How the registry recognises a person: the name, case and spacing aside."""
    return " ".join(str(name).split()).casefold()


def _emails(contact: Any) -> set[str]:
    emails = (contact or {}).get("emails") or []
    return {str(e).strip().casefold() for e in emails if str(e).strip()}


def registry_index(organisation: Organisation) -> dict[str, list[Person]]:
    """The organisation's people registry by :func:`_person_key` of their name."""
    index: dict[str, list[Person]] = {}
    for person in Person.objects.filter(organisation=organisation):
        index.setdefault(_person_key(person.name), []).append(person)
    return index


def registry_match(index: dict[str, list[Person]], pe: dict[str, Any]) -> Person | None:
    """The registry's person for a participant of the file: the same name and,
    when both sides know emails, one email in common. None for a new person;
    a refusal when several people of the registry fit."""
    candidates = index.get(_person_key(pe["name"]), [])
    wanted = _emails(pe.get("contact"))
    if wanted:
        candidates = [
            p
            for p in candidates
            if not _emails(p.contact) or _emails(p.contact) & wanted
        ]
    if len(candidates) > 1:
        raise ValidationFailed(
            {
                "name": [
                    f"{len(candidates)} people of the organisation's registry are "
                    f"called {pe['name']!r} and no email tells them apart: give this "
                    "participant an email the right one has, or merge them in the "
                    "registry, then import again."
                ]
            }
        )
    return candidates[0] if candidates else None
