"""A person's login link on the JSON API: the person page's rule
(``participants.links``), through the same services."""

from __future__ import annotations

from backchannel.participants.models import Person, Seat
from tests.api.conftest import Api


def test_a_convener_reads_then_unlinks_a_login(api: Api) -> None:
    world = api.world
    person = world.people["participant"]
    path = f"/api/people/{person.pk}/login"
    link = api.get("org_convener", path)
    assert link.status == 200
    assert link.body["linked"] is True
    assert link.body["username"] == world.users["participant"].username
    assert link.body["process_title"] == str(world.process.title)
    assert link.body["since"] is not None

    assert api.call("org_convener", "DELETE", path).status == 204
    assert Person.objects.get(pk=person.pk).login_index is None
    assert Seat.objects.get(pk=world.seats["participant"].pk).left_on is not None
    assert api.get("org_convener", path).body == {
        "linked": False,
        "username": None,
        "since": None,
        "process_title": "",
    }
    again = api.call("org_convener", "DELETE", path)
    assert again.status == 422
    assert "no login linked" in again.body["errors"]["__all__"][0]


def test_a_facilitator_is_refused_with_the_rule_named(api: Api) -> None:
    person = api.world.people["participant"]
    path = f"/api/people/{person.pk}/login"
    assert api.get("facilitator", path).status == 404
    refused = api.call("facilitator", "DELETE", path)
    assert refused.status == 403
    assert "Only a convener of the organisation" in refused.body["detail"]
    assert Person.objects.get(pk=person.pk).login_index is not None
