"""The gate page speaks the output's language: kinds and suggested redactions
translated, each cell bidi-isolated; one row per span; managers are pointed
to where the two-manager override is requested."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from backchannel.transfer.models import Output
from tests.transfer.factories import NAME, make_output, named_seat
from tests.world import World

ROW = re.compile(r"<tr>\s*<td>.*?</tr>", re.S)
CELL = re.compile(r'<bdi lang="(\w+)" dir="auto">([^<]*)</bdi>')


def test_a_french_output_gets_french_kinds_and_redactions(
    client: Client, world: World
) -> None:
    named_seat(world)
    output = make_output(
        world.access(), body=f"{NAME} a proposé une station commune.", language="fr"
    )
    client.force_login(world.users["convener"])
    html = client.get(
        reverse("transfer:output-gate", args=[output.pk])
    ).content.decode()
    rows = ROW.findall(html)
    assert len(rows) == 1  # one span, one row
    cells = CELL.findall(rows[0])
    assert [lang for lang, _ in cells] == ["fr", "fr", "fr"]
    assert cells[0][1] == NAME and cells[1][1] == "nom"
    assert cells[2][1].startswith("[un participant")
    assert "[a participant" not in html and ">name<" not in html
    # the override is requested on the release page: the gate page links there
    release = reverse("transfer:output-release", args=[output.pk])
    assert f'href="{release}#override"' in html
    # the redaction writes the French suggestion into the text
    client.post(reverse("transfer:output-redact", args=[output.pk]), {"all": "1"})
    body = str(Output.objects.get(pk=output.pk).body)
    assert NAME not in body and "[un participant" in body
