"""Reads of the harvested outcomes, with the objectives and transfers they
serve.

Every function takes the process and, from the web, the API or the CLI, the
actor's ``access``: when it is given, the actor must manage the process
(participants, rapporteurs, observers and interpreters get
``PermissionDenied``, see ``access.check_manage``); ``access=None`` is for
trusted callers (the process report, the CLI run by the operator). Every
return value is a frozen dataclass holding only aggregates."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.db.models import Prefetch

from backchannel.core import l10n
from backchannel.evaluation.access import check_manage
from backchannel.evaluation.models import Outcome
from backchannel.processes.access import ProcessAccess
from backchannel.processes.models import Objective, Process
from backchannel.transfer.models import Transfer


@dataclass(frozen=True)
class ObjectiveRef:
    id: uuid.UUID
    text: str


@dataclass(frozen=True)
class TransferRef:
    """A ledger line named by date, channel and classification: never the
    recipient, the carrier or the note."""

    id: uuid.UUID
    transferred_on: dt.date
    channel: str
    channel_label: str
    classification: str

    @property
    def label(self) -> str:
        return f"{l10n.day(self.transferred_on)} · {self.channel_label}"


def transfer_ref(t: Transfer) -> TransferRef:
    return TransferRef(
        t.pk,
        t.transferred_on,
        t.channel,
        str(t.get_channel_display()),
        t.classification,
    )


def transfer_refs(process: Process) -> tuple[TransferRef, ...]:
    """The process's ledger lines, oldest first, for linking outcomes."""
    rows = Transfer.objects.filter(process=process).order_by("transferred_on", "id")
    return tuple(transfer_ref(t) for t in rows)


@dataclass(frozen=True)
class OutcomeView:
    id: uuid.UUID
    social_actor: str
    change: str
    observed_on: dt.date
    significance: str
    contribution: str
    evidence: str
    verified_by: str
    objectives: tuple[ObjectiveRef, ...]
    transfers: tuple[TransferRef, ...]
    rpp_reach: str  # "" when not placed
    rpp_level: str


def outcomes(
    process: Process, *, access: ProcessAccess | None = None
) -> tuple[OutcomeView, ...]:
    """The harvested outcomes, oldest first, with the objectives they serve."""
    check_manage(process, access)
    rows = Outcome.objects.filter(process=process).prefetch_related(
        Prefetch("objectives", queryset=Objective.objects.order_by("position")),
        Prefetch(
            "transfers",
            queryset=Transfer.objects.order_by("transferred_on", "id"),
        ),
    )
    return tuple(
        OutcomeView(
            o.pk,
            str(o.social_actor),
            str(o.change),
            o.observed_on,
            str(o.significance),
            str(o.contribution),
            str(o.evidence),
            str(o.verified_by),
            tuple(ObjectiveRef(obj.pk, str(obj.text)) for obj in o.objectives.all()),
            tuple(transfer_ref(t) for t in o.transfers.all()),
            o.rpp_reach,
            o.rpp_level,
        )
        for o in rows
    )
