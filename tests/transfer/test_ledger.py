"""The transfer ledger: carriers seen by conveners only (web, API and CLI
alike), uptake linked to objectives, and the dashboard's transfers per side."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from backchannel.accounts.services import api_token_create
from backchannel.core.errors import PermissionDenied, ValidationFailed
from backchannel.transfer import services
from backchannel.transfer.models import Transfer
from tests.records.factories import seat_people
from tests.transfer.factories import TODAY, make_output
from tests.world import World


def _released(world: World):
    access = world.access("facilitator")
    output = make_output(access)
    return services.output_release(access=access, output=output)


def _carried(world: World, carrier, **extra) -> Transfer:
    return services.transfer_create(
        access=world.access("convener"),
        output=extra.pop("output", None) or _released(world),
        recipient="Deputy minister's office",
        channel="confidential_briefing",
        transferred_on=TODAY,
        carrier=carrier,
        consent_obtained=True,
        **extra,
    )


def test_a_transfer_records_the_released_artefact_and_its_hash(world: World) -> None:
    output = _released(world)
    transfer = _carried(world, world.seats["participant"], output=output)
    assert transfer.artefact_hash == output.released_hash
    assert transfer.classification == output.classification
    draft = make_output(world.access("facilitator"))
    with pytest.raises(ValidationFailed):
        _carried(world, None, output=draft)


def test_only_conveners_record_a_carrier(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.transfer_create(
            access=world.access("facilitator"),
            output=_released(world),
            recipient="Envoy",
            channel="meeting",
            transferred_on=TODAY,
            carrier=world.seats["participant"],
        )


@pytest.mark.parametrize(
    ("role", "sees"),
    [("org_convener", True), ("convener", True), ("facilitator", False)],
)
def test_the_carrier_is_seen_by_conveners_only_on_web_api_and_cli(
    world: World, role: str, sees: bool
) -> None:
    carrier = world.seats["participant"]
    code = str(carrier.pseudonym)
    _carried(world, carrier)
    # web
    client = Client()
    client.force_login(world.users[role])
    html = client.get(
        reverse("transfer:transfer-list", args=[world.process.pk])
    ).content.decode()
    assert "Deputy minister" in html
    assert (code in html) == sees
    assert ("Carrier" in html) == sees
    # API
    token = api_token_create(user=world.users[role])[1]
    rows = (
        Client()
        .get(
            f"/api/processes/{world.process.pk}/transfers",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )
        .json()
    )
    assert ("carrier" in rows[0]) == sees
    if sees:
        assert rows[0]["carrier"]["pseudonym"] == code
    # CLI
    for fmt in ("text", "json"):
        out = io.StringIO()
        call_command(
            "output",
            "ledger",
            str(world.process.pk),
            "--as",
            world.users[role].username,
            "--format",
            fmt,
            stdout=out,
        )
        assert (code in out.getvalue()) == sees, fmt
    assert '"carrier"' not in json.dumps(rows) or sees


def test_participants_do_not_see_the_ledger(world: World) -> None:
    client = Client()
    client.force_login(world.users["participant"])
    url = reverse("transfer:transfer-list", args=[world.process.pk])
    # The 404 of a random id, not a 403 that says the ledger is there.
    assert client.get(url).status_code == 404


def test_uptake_links_to_objectives_of_the_process(world: World) -> None:
    transfer = _carried(world, None)
    uptake = services.uptake_create(
        access=world.access("facilitator"),
        transfer=transfer,
        kind="language_adopted",
        observed_on=TODAY,
        objectives=[world.objective],
    )
    assert list(uptake.objectives.all()) == [world.objective]
    assert list(world.objective.uptakes.all()) == [uptake]


def _dashboard(world: World, role: str) -> str:
    client = Client()
    client.force_login(world.users[role])
    url = reverse("processes:process-detail", args=[world.process.pk])
    return client.get(url).content.decode()


def test_the_dashboard_warns_when_transfers_flow_through_one_side_only(
    world: World,
) -> None:
    north_seats = seat_people(world, 0, 3, prefix="Carrier")
    for seat in north_seats[:2]:
        _carried(world, seat)
    html = _dashboard(world, "convener")
    assert 'id="transfer-warning"' in html and "North" in html
    south = seat_people(world, 1, 1, prefix="Southern")[0]
    _carried(world, south)
    assert 'id="transfer-warning"' not in _dashboard(world, "convener")


def test_transfers_per_side_are_for_managers_and_small_sides_are_withheld(
    world: World,
) -> None:
    seat_people(world, 0, 3, prefix="Carrier")
    south = seat_people(world, 1, 1, prefix="Southern")[0]  # South: 1 seat
    _carried(world, south)
    convener = _dashboard(world, "convener")
    facilitator = _dashboard(world, "facilitator")
    assert "Transfers per side" in convener and "Transfers per side" in facilitator
    assert "withheld" not in convener
    assert "withheld: fewer than 3 seats" in facilitator  # South would name its carrier
    assert "1 transfer in the ledger" in convener
    # Total and "carrier not recorded" would give South's count by subtraction.
    assert "transfer in the ledger" not in facilitator
    assert "total withheld" in facilitator
    for role in ("rapporteur", "participant"):
        assert "Transfers per side" not in _dashboard(world, role)


def test_no_subtraction_and_no_warning_naming_a_withheld_side(world: World) -> None:
    from backchannel.transfer.selectors import transfer_flow_for

    seat_people(world, 0, 3, prefix="Carrier")
    south = seat_people(world, 1, 1, prefix="Southern")[0]  # South: 1 seat
    _carried(world, south)
    _carried(world, south)
    _carried(world, None)
    convener = transfer_flow_for(world.access("convener"))
    assert convener is not None
    assert (convener.total, convener.without_carrier) == (3, 1)
    assert "South" in convener.warning
    flow = transfer_flow_for(world.access("facilitator"))
    assert flow is not None
    assert [s.count for s in flow.sides] == [0, None]
    assert flow.total is None and flow.without_carrier is None
    assert flow.warning == ""
    html = _dashboard(world, "facilitator")
    assert 'id="transfer-warning"' not in html
    assert "Transfers per side" in html and "No transfers recorded yet" not in html


def test_deleting_a_transferred_idea_keeps_the_ledger_line(world: World) -> None:
    from backchannel.ideas.services import idea_delete
    from tests.ideas.factories import float_idea

    idea = float_idea(world.access())
    transfer = services.transfer_create(
        access=world.access("facilitator"),
        idea_version=idea.versions.get(number=1),
        recipient="Track 1 working group",
        channel="meeting",
        transferred_on=TODAY,
    )
    idea_delete(access=world.access(), idea=idea)
    transfer.refresh_from_db()
    assert transfer.idea_version is None and len(transfer.artefact_hash) == 64
    client = Client()
    client.force_login(world.users["facilitator"])
    html = client.get(reverse("transfer:transfer-list", args=[world.process.pk]))
    assert b"an idea since deleted" in html.content
