"""API: who you are, and in which organisations."""

from __future__ import annotations

from ninja import Router

from backchannel.accounts.http import ApiRequest
from backchannel.accounts.schemas import (
    AuditLogOut,
    MeOut,
    MePatch,
    audit_log_out,
    me_out,
)
from backchannel.accounts.selectors import (
    access_audit_log,
    audit_list_for,
    membership_list_for,
)
from backchannel.accounts.services import user_set_language
from backchannel.core.audit_recent import audit_verify_recent
from backchannel.core.schemas import ErrorOut, ValidationErrorOut

router = Router(tags=["accounts"])


@router.get("/me", response={200: MeOut, 401: ErrorOut})
def me(request: ApiRequest) -> MeOut:
    """Your username and your organisations with your role in each."""
    return me_out(request.auth, membership_list_for(request.auth))


@router.patch(
    "/me",
    response={200: MeOut, 400: ErrorOut, 401: ErrorOut, 422: ValidationErrorOut},
)
def me_update(request: ApiRequest, payload: MePatch) -> MeOut:
    """Set your interface language (empty: follow the browser's Accept-Language)."""
    user = user_set_language(user=request.auth, language=payload.language)
    return me_out(user, membership_list_for(user))


@router.get(
    "/organisations/{organisation_id}/audit",
    response={200: AuditLogOut, 401: ErrorOut, 404: ErrorOut},
)
def audit_log(request: ApiRequest, organisation_id: str) -> AuditLogOut:
    """The organisation's latest audit entries (conveners only): ids, never content."""
    organisation = access_audit_log(request.auth, organisation_id)
    return audit_log_out(audit_list_for(organisation), audit_verify_recent().broken)
