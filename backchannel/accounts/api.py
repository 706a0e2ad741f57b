"""API: who you are, and in which organisations."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from backchannel.accounts.schemas import MeOut, me_out
from backchannel.accounts.selectors import membership_list_for
from backchannel.core.schemas import ErrorOut

router = Router(tags=["accounts"])


@router.get("/me", response={200: MeOut, 401: ErrorOut})
def me(request: HttpRequest) -> MeOut:
    """Your username and your organisations with your role in each."""
    return me_out(request.auth, membership_list_for(request.auth))
