"""Export and import the recorded content of a process (the kinds of ``kinds.py``).

Export: every kind in order; each row becomes an item of its fields, other
objects named by their keys; items are sorted on their exported values, then
keyed (``note-1``, ``note-2`` …), so a second export of an imported process
gives the same document. Encrypted fields are written decrypted: the file is
the process.

Import restores the rows as they were (statuses, versions, released outputs,
closed rounds, dates) rather than replaying each app's workflow, which would
refuse to recreate history (a closed round takes no answers). The file has
been validated whole by then; ``importer.process_import`` runs this inside its
transaction, so a row the database still refuses rolls everything back.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any, cast

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DatabaseError, models
from pydantic import BaseModel

from backchannel.consultations.models import Ballot, Consultation, Statement, Vote
from backchannel.consultations.services import new_token
from backchannel.core.errors import ValidationFailed
from backchannel.core.fields import EncryptedJSONField
from backchannel.portability.kinds import (
    KINDS,
    MODEL_KEYS,
    REF,
    Kind,
    carried_fields,
    file_name,
)
from backchannel.processes.models import Process

Keys = dict[str, dict[Any, str]]


# --------------------------------------------------------------------- export


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _to_keys(value: Any, known: dict[str, str]) -> Any:
    """A JSON value with the ids of exported objects replaced by their keys."""
    if isinstance(value, str):
        return REF + known[value] if value in known else value
    if isinstance(value, list):
        return [_to_keys(v, known) for v in value]
    if isinstance(value, dict):
        return {
            (REF + known[k] if k in known else k): _to_keys(v, known)
            for k, v in value.items()
        }
    return value


def _item(
    row: models.Model, kind: Kind, keys: Keys, known: dict[str, str]
) -> dict[str, Any]:
    item: dict[str, Any] = {}
    for f in carried_fields(kind):
        name = file_name(f)
        if f.many_to_many:
            target = keys[MODEL_KEYS[f.related_model]]
            item[name] = sorted(
                target[o.pk] for o in getattr(row, f.name).all() if o.pk in target
            )
        elif f.is_relation:
            pk = getattr(row, f.attname)
            item[name] = keys[MODEL_KEYS[f.related_model]].get(pk)
        elif f.name in kind.json_refs:
            item[name] = _to_keys(getattr(row, f.name), known)
        else:
            value = getattr(row, f.attname)
            item[name] = _plain(value) if not isinstance(value, str) else str(value)
    return item


def _order(item: dict[str, Any], kind: Kind, identities: list[str]) -> str:
    shown = {k: v for k, v in item.items() if k not in identities}
    if kind.sort:
        shown = {k: shown.get(k) for k in kind.sort}
    return json.dumps(shown, sort_keys=True, default=str)


def export_content(process: Process, keys: Keys) -> dict[str, Any]:
    """Every kind's items; ``keys`` (model pk → key per kind) grows as kinds
    are keyed, for the kinds below to name them."""
    known = {
        str(pk): key for kind_keys in keys.values() for pk, key in kind_keys.items()
    }
    out: dict[str, Any] = {}
    for kind in KINDS:
        fields = carried_fields(kind)
        rows = kind.model._default_manager.filter(**{kind.scope: process})
        m2m = [f.name for f in fields if f.many_to_many]
        if m2m:
            rows = rows.prefetch_related(*m2m)
        identities = [file_name(f) for f in fields if isinstance(f, models.UUIDField)]
        items = [(row, _item(row, kind, keys, known)) for row in rows]
        items.sort(key=lambda pair: _order(pair[1], kind, identities))
        kind_keys: dict[Any, str] = {}
        named: dict[str, dict[str, str]] = {name: {} for name in identities}
        listed = []
        for i, (row, item) in enumerate(items, 1):
            key = f"{kind.key}-{i}"
            kind_keys[row.pk] = key
            known[str(row.pk)] = key
            for name in identities:  # the same identity, the same local name
                seen = named[name]
                item[name] = seen.setdefault(
                    item[name], f"{kind.key}-{name}-{len(seen) + 1}"
                )
            listed.append({"key": key, **item})
        keys[kind.key] = kind_keys
        out[kind.name] = listed
    out["ballots"] = _ballots(process, keys)
    return out


def _ballots(process: Process, keys: Keys) -> list[dict[str, Any]]:
    statements = keys["statement"]
    consultations = keys["consultation"]
    votes: dict[Any, dict[str, int]] = {}
    for ballot_id, statement_id, value in Vote.objects.filter(
        ballot__consultation__process=process
    ).values_list("ballot_id", "statement_id", "value"):
        votes.setdefault(ballot_id, {})[statements[statement_id]] = value
    wrote: dict[Any, list[str]] = {}
    for statement_id, author_id in Statement.objects.filter(
        consultation__process=process, author__isnull=False
    ).values_list("id", "author_id"):
        wrote.setdefault(author_id, []).append(statements[statement_id])
    docs = []
    for ballot_id, consultation_id in Ballot.objects.filter(
        consultation__process=process
    ).values_list("id", "consultation_id"):
        docs.append(
            {
                "consultation": consultations[consultation_id],
                "votes": dict(sorted(votes.get(ballot_id, {}).items())),
                "wrote": sorted(wrote.get(ballot_id, [])),
            }
        )
    docs.sort(key=lambda d: json.dumps(d, sort_keys=True))
    return [{"key": f"ballot-{i}", **doc} for i, doc in enumerate(docs, 1)]


# --------------------------------------------------------------------- import


def _json(value: Any) -> Any:
    """A validated JSON field as plain JSON again."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, list):
        return [_json(v) for v in value]
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    return value


def _from_keys(value: Any, made: dict[str, str]) -> Any:
    """Undo ``_to_keys``: a key of the file becomes the new object's id."""
    if isinstance(value, str):
        if value.startswith(REF) and value[len(REF) :] in made:
            return made[value[len(REF) :]]
        return value
    if isinstance(value, list):
        return [_from_keys(v, made) for v in value]
    if isinstance(value, dict):
        return {_from_keys(k, made): _from_keys(v, made) for k, v in value.items()}
    return value


def import_content(
    doc: Any, process: Process, made: dict[str, dict[str, models.Model]]
) -> None:
    """Create every content row of a validated document in ``process``.

    ``made`` holds the design and roster objects already created, per key kind
    (``side``, ``participant``, ``meeting``, ``segment`` …); it grows with the
    content, for the kinds below to refer to.
    """
    ids = {key: str(obj.pk) for objs in made.values() for key, obj in objs.items()}
    for kind in KINDS:
        fields = carried_fields(kind)
        created: dict[str, models.Model] = {}
        identities: dict[str, uuid.UUID] = {}
        for i, item in enumerate(getattr(doc, kind.name)):
            path = f"$.{kind.name}[{i}]"
            row = kind.model()
            if any(f.name == "process" for f in kind.model._meta.concrete_fields):
                row.process = process  # type: ignore[attr-defined]
            links: dict[str, list[models.Model]] = {}
            kept: dict[str, Any] = {}
            for f in fields:
                value = getattr(item, file_name(f))
                if f.many_to_many:
                    target = made[MODEL_KEYS[f.related_model]]
                    links[f.name] = [target[k] for k in value]
                elif f.is_relation:
                    target = made[MODEL_KEYS[f.related_model]]
                    setattr(row, f.name, target[value] if value else None)
                elif isinstance(f, models.UUIDField):
                    setattr(row, f.name, identities.setdefault(value, uuid.uuid4()))
                elif isinstance(f, models.JSONField | EncryptedJSONField):
                    value = _json(value)
                    if f.name in kind.json_refs:
                        value = _from_keys(value, ids)
                    setattr(row, f.name, value)
                elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                    if value is not None:
                        kept[f.name] = value
                elif value is not None or f.null:
                    setattr(row, f.name, value)
            if isinstance(row, Consultation):
                row.token = new_token()
                row.token_hash = Consultation.hash(row.token)
            _save(row, path)
            for name, objs in links.items():
                getattr(row, name).set(objs)
            if kept:  # dates the model sets itself on save: restored after
                kind.model._default_manager.filter(pk=row.pk).update(**kept)
            created[item.key] = row
            ids[item.key] = str(row.pk)
        made[kind.key] = created
    _import_ballots(doc, made)


def _import_ballots(doc: Any, made: dict[str, dict[str, models.Model]]) -> None:
    """Ballots in bulk (a consultation has thousands): new ids, since the old
    ones were a hash of a cookie of the old deployment."""
    statements = made["statement"]
    consultations = cast(dict[str, Consultation], made["consultation"])
    ballots = [
        Ballot(id=uuid.uuid4(), consultation=consultations[item.consultation])
        for item in doc.ballots
    ]
    Ballot.objects.bulk_create(ballots, batch_size=1000)
    statement_ids = {key: statement.pk for key, statement in statements.items()}
    votes = [  # by id: tens of thousands of rows, no related objects to check
        Vote(ballot_id=ballot.pk, statement_id=statement_ids[key], value=value)
        for ballot, item in zip(ballots, doc.ballots, strict=True)
        for key, value in item.votes.items()
    ]
    Vote.objects.bulk_create(votes, batch_size=1000)
    for ballot, item in zip(ballots, doc.ballots, strict=True):
        for key in item.wrote:
            Statement.objects.filter(pk=statements[key].pk).update(author=ballot)


def _save(row: models.Model, path: str) -> None:
    """Save a row after checking the model's own constraints (each refusal in
    the model's words, at the item's path)."""
    try:
        row.validate_constraints()
    except DjangoValidationError as exc:
        raise ValidationFailed(
            {
                path: [
                    f"{message} Correct this item, or export the process again."
                    for message in exc.messages
                ]
            }
        ) from None
    try:
        row.save()
    except DatabaseError as exc:  # a constraint, a number out of range
        raise ValidationFailed(
            {
                path: [
                    "the database refused this item as inconsistent with the rest "
                    f"of the file ({str(exc).splitlines()[0][:160]}): correct it, "
                    "or export the process again."
                ]
            }
        ) from None
