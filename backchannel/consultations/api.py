"""API: consultations of a process, their statements and moderation, and the
analysis (queued for the background worker) with its results.

Voting is not here: voters have no API token, and vote through the public
link (``POST /c/<token>/vote``).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from ninja import Router, Status

from backchannel.accounts.http import ApiRequest
from backchannel.consultations import services
from backchannel.consultations.access import (
    access_consultation_by_id,
    access_statement_by_id,
)
from backchannel.consultations.models import Consultation, StatementStatus
from backchannel.consultations.schemas import (
    ConsultationIn,
    ConsultationOut,
    ConsultationPatch,
    ImportOut,
    ModerationIn,
    PolisImportIn,
    ResultsOut,
    RunOut,
    StatementOut,
    StatementsIn,
    consultation_out,
    run_out,
    statement_out,
)
from backchannel.consultations.selectors import (
    Results,
    consultation_list_for,
    results_for,
    runs_for,
    statement_list_for,
    vote_counts_for,
)
from backchannel.consultations.views import public_url
from backchannel.core.schemas import READ, WRITE, Id, deletion
from backchannel.processes.access import ProcessAccess, access_process_by_id

router = Router(tags=["consultations"])


def _out(
    request: ApiRequest, access: ProcessAccess, consultation: Consultation
) -> ConsultationOut:
    url = public_url(request, consultation) if access.can_manage else ""
    return consultation_out(access, consultation, url)


def _results_json(results: Results | None) -> dict[str, Any] | None:
    if results is None:
        return None
    return {
        **results.data,
        "groups": results.groups,
        "consensus": results.consensus,
        "divisive": results.divisive,
    }


@router.get(
    "/processes/{id}/consultations",
    response={200: list[ConsultationOut], **READ},
)
def consultation_list(request: ApiRequest, id: Id) -> list[ConsultationOut]:
    """The consultations of a process (drafts: for its managers only)."""
    access = access_process_by_id(request.auth, id)
    return [_out(request, access, c) for c in consultation_list_for(access)]


@router.post(
    "/processes/{id}/consultations",
    response={201: ConsultationOut, **WRITE},
)
def consultation_create(
    request: ApiRequest, id: Id, payload: ConsultationIn
) -> Status[ConsultationOut]:
    """Create a consultation with its seed statements; its public link is made."""
    access = access_process_by_id(request.auth, id, manage=True)
    consultation = services.consultation_create(access=access, **payload.model_dump())
    return Status(201, _out(request, access, consultation))


@router.get("/consultations/{id}", response={200: ConsultationOut, **READ})
def consultation_detail(request: ApiRequest, id: Id) -> ConsultationOut:
    consultation, access = access_consultation_by_id(request.auth, id)
    return _out(request, access, consultation)


@router.patch("/consultations/{id}", response={200: ConsultationOut, **WRITE})
def consultation_update(
    request: ApiRequest, id: Id, payload: ConsultationPatch
) -> ConsultationOut:
    """Open, close, rename; switch proposals or public results on and off."""
    consultation, access = access_consultation_by_id(request.auth, id, manage=True)
    changes = payload.model_dump(exclude_unset=True)
    services.consultation_update(access=access, consultation=consultation, **changes)
    return _out(request, access, consultation)


deletion(
    router,
    "/consultations/{id}",
    access_consultation_by_id,
    services.consultation_delete,
    doc="Delete a consultation with its statements, votes and results.",
    manage=True,
)


@router.get(
    "/consultations/{id}/statements",
    response={200: list[StatementOut], **READ},
)
def statement_list(request: ApiRequest, id: Id) -> list[StatementOut]:
    """Statements with their vote counts: all of them for the process's managers
    (the moderation queue), the accepted ones for other roles."""
    consultation, access = access_consultation_by_id(request.auth, id)
    status = None if access.can_manage else StatementStatus.ACCEPTED
    counts = vote_counts_for(consultation)
    return [
        statement_out(s, counts.get(s.pk, {}))
        for s in statement_list_for(consultation, status=status)
    ]


@router.post(
    "/consultations/{id}/statements",
    response={201: list[StatementOut], **WRITE},
)
def statement_add(
    request: ApiRequest, id: Id, payload: StatementsIn
) -> Status[list[StatementOut]]:
    """Add seed statements (accepted at once)."""
    consultation, access = access_consultation_by_id(request.auth, id, manage=True)
    added = services.statement_add(
        access=access, consultation=consultation, texts=payload.texts
    )
    return Status(201, [statement_out(s, {}) for s in added])


@router.post(
    "/consultations/{id}/polis-import",
    response={201: ImportOut, **WRITE},
)
def consultation_import(
    request: ApiRequest, id: Id, payload: PolisImportIn
) -> Status[ImportOut]:
    """Continue a Pol.is conversation here: its export into this empty
    consultation (statements with their moderation, each participant's votes
    under a new ballot). Checked whole first: a 422 lists every problem with
    its file and line, and nothing is written."""
    consultation, access = access_consultation_by_id(request.auth, id, manage=True)
    summary = services.consultation_import(
        access=access,
        consultation=consultation,
        files=[(name, text.encode()) for name, text in payload.files.items()],
    )
    return Status(201, ImportOut(**dataclasses.asdict(summary)))


@router.patch(
    "/consultation-statements/{id}",
    response={200: StatementOut, **WRITE},
)
def statement_moderate(
    request: ApiRequest, id: Id, payload: ModerationIn
) -> StatementOut:
    """Moderate a statement: accept, reject, or put back to pending."""
    statement, access = access_statement_by_id(request.auth, id, manage=True)
    services.statement_moderate(
        access=access, statement=statement, status=payload.status
    )
    counts: dict[int, int] = vote_counts_for(statement.consultation).get(
        statement.pk, {}
    )
    return statement_out(statement, counts)


@router.post(
    "/consultations/{id}/analyses",
    response={201: RunOut, **WRITE},
)
def analysis_request(request: ApiRequest, id: Id) -> Status[RunOut]:
    """Queue an analysis for the background worker (a waiting one is reused);
    follow its status at ``GET /api/consultations/{id}/results``."""
    consultation, access = access_consultation_by_id(request.auth, id, manage=True)
    run = services.analysis_request(access=access, consultation=consultation)
    return Status(201, run_out(run))  # type: ignore[arg-type]


@router.get("/consultations/{id}/results", response={200: ResultsOut, **READ})
def consultation_results(request: ApiRequest, id: Id) -> ResultsOut:
    """The newest analysis run's status, and the newest finished run's results."""
    consultation, _ = access_consultation_by_id(request.auth, id)
    latest, done = runs_for(consultation)
    return ResultsOut(
        latest=run_out(latest),
        results_run=run_out(done),
        results=_results_json(results_for(done)),
    )
