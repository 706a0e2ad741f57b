"""API shapes of outputs, gate reports, transfers and uptake.

A transfer's ``carrier`` is built only for conveners (``transfer.access``):
for everyone else the field is absent, not null.
"""

from __future__ import annotations

import datetime as dt
import uuid

from ninja import Field, Schema

from backchannel.core.findings import per_span
from backchannel.core.schemas import In, Out
from backchannel.gate import Finding, GateReport
from backchannel.transfer.models import (
    Audience,
    Channel,
    Output,
    OutputClassification,
    OutputKind,
    OutputStatus,
    Transfer,
    Uptake,
    UptakeKind,
)

# -- input


class OutputIn(In):
    kind: OutputKind
    audience: Audience
    classification: OutputClassification = OutputClassification.CONFIDENTIAL
    title: str
    body: str = ""
    language: str = Field(
        default="en",
        max_length=35,
        description="BCP 47 code of the language it is written in (a joint "
        "statement's language of record).",
    )


class OutputPatch(In):
    kind: OutputKind | None = None
    audience: Audience | None = None
    classification: OutputClassification | None = None
    title: str | None = None
    body: str | None = None
    language: str | None = Field(default=None, max_length=35)


class InsertIn(In):
    note_ids: list[uuid.UUID] = Field(
        default_factory=list,
        description="Notes of this process: their text is appended as a quotation, "
        "never their speaker.",
    )
    version_ids: list[uuid.UUID] = Field(
        default_factory=list, description="Idea versions of this process."
    )


class RedactIn(In):
    finding_ids: list[str] | None = Field(
        None,
        description="The findings (ids from the gate report) whose suggested "
        "redaction to apply; null or absent applies them all.",
    )


class TransferIn(In):
    output_id: uuid.UUID | None = Field(None, description="A released output.")
    idea_version_id: uuid.UUID | None = Field(
        None, description="Or an idea version: its text passes the gate."
    )
    recipient: str = Field(description="A role, not necessarily a name.")
    channel: Channel
    transferred_on: dt.date
    carrier_id: uuid.UUID | None = Field(
        None, description="The seat that carried it: conveners only (else 403)."
    )
    classification: OutputClassification | None = None
    consent_obtained: bool = False
    note: str = ""


class UptakeIn(In):
    kind: UptakeKind
    observed_on: dt.date
    objective_ids: list[uuid.UUID] = Field(default_factory=list)
    note: str = ""


# -- output


class SourceOut(Schema):
    type: str
    id: str
    label: str


class FindingOut(Schema):
    id: str
    kind: str
    start: int = Field(description="Character offset (code points) in the text.")
    end: int
    text: str
    suggestion: str


class GateOut(Schema):
    clean: bool
    digest: str
    findings: list[FindingOut]


class GateBlockedOut(Schema):
    detail: str
    findings: list[FindingOut]


class OutputSummaryOut(Schema):
    id: uuid.UUID
    title: str
    kind: OutputKind
    audience: Audience
    classification: OutputClassification
    language: str
    status: OutputStatus
    created_on: dt.date
    released_on: dt.date | None


class OutputOut(OutputSummaryOut):
    process_id: uuid.UUID
    body: str
    sources: list[SourceOut]
    released_hash: str
    gate: GateOut


class UptakeOut(Schema):
    id: uuid.UUID
    kind: UptakeKind
    observed_on: dt.date
    note: str
    objective_ids: list[uuid.UUID]


class CarrierOut(Schema):
    seat_id: uuid.UUID
    pseudonym: str
    side_id: uuid.UUID | None


class TransferOut(Out):
    WITHHELD = frozenset({"carrier"})

    id: uuid.UUID
    process_id: uuid.UUID
    output_id: uuid.UUID | None
    idea_version_id: uuid.UUID | None
    recipient: str
    channel: Channel
    transferred_on: dt.date
    classification: OutputClassification
    consent_obtained: bool
    artefact_hash: str
    note: str
    carrier: CarrierOut | None = Field(
        None, description="Conveners only, when recorded; absent otherwise."
    )
    uptake: list[UptakeOut]


def finding_out(f: Finding) -> FindingOut:
    return FindingOut(
        id=f.id,
        kind=f.kind,
        start=f.start,
        end=f.end,
        text=f.text,
        suggestion=f.suggestion,
    )


def gate_out(report: GateReport) -> GateOut:
    return GateOut(
        clean=report.clean,
        digest=report.digest,
        findings=[finding_out(f) for f in per_span(report.findings)],
    )


def output_summary_out(o: Output) -> OutputSummaryOut:
    return OutputSummaryOut(
        id=o.pk,
        title=str(o.title),
        kind=OutputKind(o.kind),
        audience=Audience(o.audience),
        classification=OutputClassification(o.classification),
        language=o.language,
        status=OutputStatus(o.status),
        created_on=o.created_on,
        released_on=o.released_on,
    )


def output_out(o: Output, report: GateReport, text: str) -> OutputOut:
    return OutputOut(
        **output_summary_out(o).model_dump(),
        process_id=o.process_id,
        body=text if o.released else str(o.body),
        sources=[SourceOut(**s) for s in (o.sources or [])],
        released_hash=o.released_hash,
        gate=gate_out(report),
    )


def uptake_out(u: Uptake) -> UptakeOut:
    return UptakeOut(
        id=u.pk,
        kind=UptakeKind(u.kind),
        observed_on=u.observed_on,
        note=str(u.note),
        objective_ids=[o.pk for o in u.objectives.all()],
    )


def transfer_out(t: Transfer, carrier: object | None) -> TransferOut:
    seat = carrier
    return TransferOut(
        id=t.pk,
        process_id=t.process_id,
        output_id=t.output_id,
        idea_version_id=t.idea_version_id,
        recipient=str(t.recipient),
        channel=Channel(t.channel),
        transferred_on=t.transferred_on,
        classification=OutputClassification(t.classification),
        consent_obtained=t.consent_obtained,
        artefact_hash=t.artefact_hash,
        note=str(t.note),
        carrier=CarrierOut(
            seat_id=seat.pk,  # type: ignore[attr-defined]
            pseudonym=str(seat.pseudonym),  # type: ignore[attr-defined]
            side_id=seat.side_id,  # type: ignore[attr-defined]
        )
        if seat is not None
        else None,
        uptake=[uptake_out(u) for u in t.uptakes.all()],
    )
