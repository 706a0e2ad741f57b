"""API: outputs (compose, gate, redact, export) and the transfer ledger.

Releasing an output, and both keys of a gate override, ask for a recent login
(re-authentication), which an API token cannot give: they are on the web only.
An export the gate stops answers 409 with the findings.
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from backchannel.accounts.http import ApiRequest
from backchannel.core.errors import ValidationFailed
from backchannel.core.schemas import (
    READ,
    WRITE,
    ErrorOut,
    Id,
    ValidationErrorOut,
    deletion,
)
from backchannel.ideas.models import IdeaVersion
from backchannel.participants.models import Seat
from backchannel.processes.access import access_process_by_id
from backchannel.processes.models import Objective
from backchannel.transfer import services
from backchannel.transfer.access import (
    access_output_by_id,
    access_transfer_by_id,
    require_compose,
)
from backchannel.transfer.models import Output
from backchannel.transfer.schemas import (
    GateBlockedOut,
    GateOut,
    InsertIn,
    OutputIn,
    OutputOut,
    OutputPatch,
    OutputSummaryOut,
    RedactIn,
    TransferIn,
    TransferOut,
    UptakeIn,
    gate_out,
    output_out,
    output_summary_out,
    transfer_out,
)
from backchannel.transfer.selectors import (
    carrier_of,
    output_list_for,
    transfer_rows_for,
)

router = Router(tags=["outputs and transfers"])

# Reads by role: rapporteurs and managers compose; others seated get 403.
READ_ROLE = {**READ, 403: ErrorOut}
READ_QUERY = {**READ_ROLE, 422: ValidationErrorOut}


def _output_out(access: Any, output: Output) -> OutputOut:
    report = services.output_gate(access=access, output=output)
    return output_out(output, report, services.output_text(output))


@router.get(
    "/processes/{id}/outputs", response={200: list[OutputSummaryOut], **READ_ROLE}
)
def output_list(request: ApiRequest, id: Id) -> list[OutputSummaryOut]:
    access = access_process_by_id(request.auth, id)
    return [output_summary_out(o) for o in output_list_for(access)]


@router.post("/processes/{id}/outputs", response={201: OutputOut, **WRITE})
def output_create(request: ApiRequest, id: Id, payload: OutputIn) -> Status[OutputOut]:
    """A draft output (managers and rapporteurs)."""
    access = access_process_by_id(request.auth, id)
    require_compose(access)
    output = services.output_create(access=access, **payload.model_dump())
    return Status(201, _output_out(access, output))


@router.get("/outputs/{id}", response={200: OutputOut, **READ_ROLE})
def output_detail(request: ApiRequest, id: Id) -> OutputOut:
    output, access = access_output_by_id(request.auth, id)
    return _output_out(access, output)


@router.patch("/outputs/{id}", response={200: OutputOut, **WRITE})
def output_update(request: ApiRequest, id: Id, payload: OutputPatch) -> OutputOut:
    output, access = access_output_by_id(request.auth, id)
    services.output_update(
        access=access, output=output, **payload.model_dump(exclude_unset=True)
    )
    return _output_out(access, output)


deletion(
    router, "/outputs/{id}", access_output_by_id, services.output_delete, manage=True
)


@router.post("/outputs/{id}/insert", response={201: OutputOut, **WRITE})
def output_insert(request: ApiRequest, id: Id, payload: InsertIn) -> Status[OutputOut]:
    """Append notes (text only) and idea versions as quotations, keeping their links."""
    output, access = access_output_by_id(request.auth, id)
    services.output_insert(
        access=access,
        output=output,
        note_ids=payload.note_ids,
        version_ids=payload.version_ids,
    )
    return Status(201, _output_out(access, output))


@router.get("/outputs/{id}/gate", response={200: GateOut, **READ_ROLE})
def output_gate(request: ApiRequest, id: Id) -> GateOut:
    """The identification gate's findings, with spans and suggested redactions."""
    output, access = access_output_by_id(request.auth, id)
    return gate_out(services.output_gate(access=access, output=output))


@router.post("/outputs/{id}/redact", response={201: OutputOut, **WRITE})
def output_redact(request: ApiRequest, id: Id, payload: RedactIn) -> Status[OutputOut]:
    output, access = access_output_by_id(request.auth, id)
    services.output_redact(
        access=access, output=output, finding_ids=payload.finding_ids
    )
    return Status(201, _output_out(access, output))


class ExportQuery(Schema):
    format: Literal["md", "docx", "pdf"] = "md"


@router.get(
    "/outputs/{id}/export",
    response={200: None, 409: GateBlockedOut, **READ_QUERY},
)
def output_export(
    request: ApiRequest, id: Id, query: Query[ExportQuery]
) -> HttpResponse:
    """The output as a file (``format``: md, docx or pdf), without document
    metadata. 409 with the findings when the gate stops it."""
    output, access = access_output_by_id(request.auth, id)
    data, content_type, name = services.output_export(
        access=access, output=output, fmt=query.format
    )
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# -- the ledger


@router.get("/processes/{id}/transfers", response={200: list[TransferOut], **READ_ROLE})
def transfer_list(request: ApiRequest, id: Id) -> list[TransferOut]:
    """The transfer ledger (managers). ``carrier`` only for conveners."""
    access = access_process_by_id(request.auth, id, manage=True)
    return [
        transfer_out(row.transfer, row.carrier) for row in transfer_rows_for(access)
    ]


@router.post(
    "/processes/{id}/transfers",
    response={201: TransferOut, 409: GateBlockedOut, **WRITE},
)
def transfer_create(
    request: ApiRequest, id: Id, payload: TransferIn
) -> Status[TransferOut]:
    access = access_process_by_id(request.auth, id, manage=True)
    data = payload.model_dump()
    output_id = data.pop("output_id")
    version_id = data.pop("idea_version_id")
    carrier_id = data.pop("carrier_id")
    output = idea_version = carrier = None
    if output_id is not None:
        output = Output.objects.filter(process=access.process, pk=output_id).first()
        if output is None:
            raise ValidationFailed(
                {"output_id": [_("Choose an output of this process.")]}
            )
    if version_id is not None:
        idea_version = (
            IdeaVersion.objects.filter(idea__process=access.process, pk=version_id)
            .select_related("idea")
            .first()
        )
        if idea_version is None:
            raise ValidationFailed(
                {"idea_version_id": [_("Choose an idea version of this process.")]}
            )
    if carrier_id is not None:
        carrier = Seat.objects.filter(process=access.process, pk=carrier_id).first()
        if carrier is None:
            raise ValidationFailed(
                {"carrier_id": [_("Choose a seat of this process.")]}
            )
    data["classification"] = data["classification"] or ""
    try:
        transfer = services.transfer_create(
            access=access,
            output=output,
            idea_version=idea_version,
            carrier=carrier,
            **data,
        )
    except ValidationFailed as exc:
        renames = {
            "output": "output_id",
            "idea_version": "idea_version_id",
            "carrier": "carrier_id",
        }
        raise ValidationFailed(
            {renames.get(k, k): v for k, v in exc.errors.items()}
        ) from None
    return Status(201, transfer_out(transfer, carrier_of(access, transfer)))


deletion(router, "/transfers/{id}", access_transfer_by_id, services.transfer_delete)


@router.post("/transfers/{id}/uptake", response={201: TransferOut, **WRITE})
def uptake_create(
    request: ApiRequest, id: Id, payload: UptakeIn
) -> Status[TransferOut]:
    """Record what became of a transfer, linked to objectives of the process."""
    transfer, access = access_transfer_by_id(request.auth, id)
    data = payload.model_dump()
    ids = data.pop("objective_ids")
    objectives = list(Objective.objects.filter(process=access.process, pk__in=ids))
    if len(objectives) != len(set(ids)):
        raise ValidationFailed(
            {"objective_ids": [_("Choose objectives of this process.")]}
        )
    services.uptake_create(
        access=access, transfer=transfer, objectives=objectives, **data
    )
    return Status(201, transfer_out(transfer, carrier_of(access, transfer)))
