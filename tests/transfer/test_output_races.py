"""A copy of an output read before a concurrent release (another request,
another manager) cannot write it back to draft: every write locks the row,
reloads it and checks it is still a draft."""

from __future__ import annotations

import pytest

from backchannel.core.errors import ValidationFailed
from backchannel.transfer import services
from backchannel.transfer.models import Output
from tests.transfer.factories import make_output
from tests.world import World


def _released_behind_a_stale_copy(world: World) -> tuple[Output, Output]:
    output = make_output(world.access("facilitator"))
    stale = Output.objects.get(pk=output.pk)
    services.output_release(access=world.access(), output=output)
    assert stale.status == "draft"
    return output, stale


@pytest.mark.parametrize(
    "write",
    [
        lambda w, o: services.output_update(
            access=w.access("facilitator"), output=o, body="Rewritten."
        ),
        lambda w, o: services.output_insert(access=w.access("facilitator"), output=o),
        lambda w, o: services.output_redact(access=w.access("facilitator"), output=o),
        lambda w, o: services.output_delete(access=w.access(), output=o),
    ],
    ids=["update", "insert", "redact", "delete"],
)
def test_a_stale_draft_copy_cannot_undo_a_release(world: World, write) -> None:
    released, stale = _released_behind_a_stale_copy(world)
    with pytest.raises(ValidationFailed, match="released and is frozen"):
        write(world, stale)
    fresh = Output.objects.get(pk=released.pk)
    assert fresh.status == "released"
    assert str(fresh.body) == str(released.body)
    assert fresh.released_hash == released.released_hash


def test_a_stale_copy_of_a_draft_writes_on_the_latest_text(world: World) -> None:
    output = make_output(world.access("facilitator"), body="First.")
    stale = Output.objects.get(pk=output.pk)
    services.output_update(
        access=world.access("facilitator"), output=output, title="New title"
    )
    services.output_update(
        access=world.access("facilitator"), output=stale, body="Second."
    )
    fresh = Output.objects.get(pk=output.pk)
    assert (str(fresh.title), str(fresh.body)) == ("New title", "Second.")
