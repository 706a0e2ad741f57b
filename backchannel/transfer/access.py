"""Who may compose outputs, release them, keep the ledger and see carriers.

- **Compose** (create and edit drafts, insert notes and idea versions, run the
  gate, download): those who keep the record, i.e. managers (organisation
  conveners, conveners, facilitators) and rapporteurs. Participants, observers
  and interpreters do not see drafts or outputs: an output answers them 404, as
  a random id does; a page or list they may not read too (interfaces answer
  every refused read with the 404).
- **Release, override the gate, keep the transfer ledger and uptake**:
  managers only.
- **Carriers** (which seat carried a transfer) are seen and set by conveners
  only (the organisation's conveners and the process's convener), on the web,
  the API and the CLI alike: a facilitator sees a transfer without its carrier.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from backchannel.core.errors import NotFound, PermissionDenied
from backchannel.processes.access import ORG_CONVENER, ProcessAccess, access_in_process
from backchannel.transfer.models import Output, Transfer

CONVENERS = frozenset({ORG_CONVENER, "convener"})


def can_compose(access: ProcessAccess) -> bool:
    return access.can_record


def sees_carrier(access: ProcessAccess) -> bool:
    return access.role in CONVENERS


def require_compose(access: ProcessAccess) -> None:
    if not can_compose(access):
        raise PermissionDenied(
            _(
                "Your role in this process (%(role)s) does not compose outputs: ask "
                "a facilitator, the convener or the rapporteur."
            )
            % {"role": access.role}
        )


def access_output_by_id(
    actor: Any, output_id: Any, *, manage: bool = False
) -> tuple[Output, ProcessAccess]:
    output, access = access_in_process(actor, Output, output_id, what="output")
    if not can_compose(access):
        # Participants, observers and interpreters never see an output: for
        # them it does not exist, whatever they ask of it (issue 22, 5).
        raise NotFound("output")
    if manage:
        access.require_manage()
    return output, access


def access_transfer_by_id(
    actor: Any, transfer_id: Any, *, manage: bool = True
) -> tuple[Transfer, ProcessAccess]:
    transfer, access = access_in_process(actor, Transfer, transfer_id, what="transfer")
    if not access.can_manage:  # the ledger is the managers': others see nothing
        raise NotFound("transfer")
    return transfer, access
