from __future__ import annotations

from django.test import Client
from django.urls import reverse

from backchannel.core.models import AuditEvent
from tests.world import World


def test_conveners_read_their_organisations_audit_log_without_content(
    world: World, client: Client
) -> None:
    client.force_login(world.users["org_convener"])
    response = client.get(reverse("accounts:audit-list", args=[world.org.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "process.create" in html and "The hash chain is intact." in html
    assert "Lakeshore" not in html  # ids and verbs only, never titles
    # Another organisation's entries are not there.
    rival_seqs = AuditEvent.objects.filter(organisation_id=world.rival.pk).values_list(
        "verb", flat=True
    )
    assert rival_seqs and "Rival" not in html


def test_nobody_else_reads_the_audit_log(world: World, client: Client) -> None:
    for role in ("convener", "facilitator", "participant", "staff", "outsider"):
        client.force_login(world.users[role])
        assert (
            client.get(reverse("accounts:audit-list", args=[world.org.pk])).status_code
            == 404
        )


def test_a_tampered_log_is_flagged_on_the_page(world: World, client: Client) -> None:
    AuditEvent.objects.filter(seq=3).update(verb="user.innocent")
    client.force_login(world.users["org_convener"])
    html = client.get(
        reverse("accounts:audit-list", args=[world.org.pk])
    ).content.decode()
    assert "broken at entry 3" in html
