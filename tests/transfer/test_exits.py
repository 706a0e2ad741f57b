"""The identification gate on every path by which text leaves the workspace.

Each path gets a text that names a participant of the process and must refuse
it, showing the findings; the same path lets a clean text through. The paths:
an output's download on the web (Markdown, DOCX, PDF), its export through the
API and the CLI, its release, a transfer of an idea version (API), the
joint text's plain-text export, and a translation's export (web and CLI; the
same function serves notes, idea versions, joint texts and outputs).

Not gated, by design (see the README, "Outputs and the gate"): encrypted
backups and the process export (``backchannel export``) move a whole workspace
between servers under the master key, not an output; the consultation's Pol.is
export carries statements already shown to the public voters; operator reads
(``backchannel record``, ``ideas``) print to the server's own terminal.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from backchannel.accounts.services import api_token_create
from backchannel.ideas.services import idea_create, joint_text_create
from backchannel.transfer.models import Output, Transfer
from tests.transfer.factories import CLEAN_BODY, NAME, make_output, named_seat
from tests.web.test_destroy import reauthenticated
from tests.world import World

NAMED = f"{NAME} proposed a joint gauge station at the border."


@dataclass
class Outcome:
    passed: bool
    shown: str  # what the path showed: the findings when refused


def _web(world: World, role: str = "facilitator") -> Client:
    client = Client()
    client.force_login(world.users[role])
    return reauthenticated(client)


def web_download(fmt: str) -> Callable[[World, str, Path], Outcome]:
    def run(world: World, text: str, tmp: Path) -> Outcome:
        output = make_output(world.access("facilitator"), body=text)
        url = reverse("transfer:output-export", args=[output.pk]) + f"?format={fmt}"
        response = _web(world).get(url)
        if response.status_code == 200:
            assert "attachment" in response["Content-Disposition"]
            return Outcome(True, "")
        assert response.status_code == 409
        return Outcome(False, response.content.decode())

    return run


def api_export(world: World, text: str, tmp: Path) -> Outcome:
    output = make_output(world.access("facilitator"), body=text)
    token = api_token_create(user=world.users["rapporteur"])[1]
    response = Client().get(
        f"/api/outputs/{output.pk}/export?format=docx",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    if response.status_code == 200:
        return Outcome(True, "")
    assert response.status_code == 409
    return Outcome(False, json.dumps(response.json(), ensure_ascii=False))


def cli_export(world: World, text: str, tmp: Path, capsys=None) -> Outcome:
    output = make_output(world.access("facilitator"), body=text)
    target = tmp / "memo.pdf"
    import io

    err = io.StringIO()
    try:
        call_command(
            "output",
            "export",
            str(output.pk),
            "--as",
            world.users["convener"].username,
            "--format",
            "pdf",
            "--output",
            str(target),
            stderr=err,
        )
    except SystemExit as exc:
        assert exc.code == 1
        assert not target.exists()
        return Outcome(False, err.getvalue())
    assert target.read_bytes().startswith(b"%PDF-")
    return Outcome(True, "")


def web_release(world: World, text: str, tmp: Path) -> Outcome:
    output = make_output(world.access("facilitator"), body=text)
    url = reverse("transfer:output-release-action", args=[output.pk, "release"])
    response = _web(world, "convener").post(url)
    output.refresh_from_db()
    if response.status_code == 302:
        assert output.released
        return Outcome(True, "")
    assert response.status_code == 409
    assert not output.released
    return Outcome(False, response.content.decode())


def api_transfer_of_an_idea_version(world: World, text: str, tmp: Path) -> Outcome:
    idea = idea_create(
        access=world.access(), title="Gauge station", text=text, status="floated"
    )
    version = idea.versions.get(number=1)
    token = api_token_create(user=world.users["facilitator"])[1]
    body = {
        "idea_version_id": str(version.pk),
        "recipient": "Ostrel's water ministry",
        "channel": "meeting",
        "transferred_on": "2026-04-01",
    }
    response = Client().post(
        f"/api/processes/{world.process.pk}/transfers",
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    if response.status_code == 201:
        return Outcome(True, "")
    assert response.status_code == 409
    assert not Transfer.objects.filter(idea_version=version).exists()
    return Outcome(False, json.dumps(response.json(), ensure_ascii=False))


def web_joint_text_export(
    world: World, text: str, tmp: Path, role: str = "rapporteur"
) -> Outcome:
    joint_text = joint_text_create(
        access=world.access(),
        title="Joint statement",
        language="en",
        sections=[{"heading": "Data", "body": text}],
    )
    client = Client()
    client.force_login(world.users[role])
    response = client.get(reverse("ideas:joint-text-export", args=[joint_text.pk]))
    if response.status_code == 200:
        return Outcome(True, "")
    assert response.status_code == 409
    return Outcome(False, response.content.decode())


def _translation(world: World, kind: str, text: str):
    from backchannel.translations.registry import KINDS
    from backchannel.translations.services import translation_add

    if kind == "output":
        source = make_output(world.access("facilitator"), body=CLEAN_BODY)
    else:
        joint_text = joint_text_create(
            access=world.access(),
            title="Joint statement",
            language="en",
            sections=[{"heading": "Data", "body": CLEAN_BODY}],
        )
        source = joint_text.versions.get()
    return translation_add(
        access=world.access("facilitator"),
        kind=KINDS[kind],
        source=source,
        language="fr",
        text=text,
    )


def web_translation_export(
    kind: str, role: str
) -> Callable[[World, str, Path], Outcome]:
    def run(world: World, text: str, tmp: Path) -> Outcome:
        translation = _translation(world, kind, text)
        client = Client()
        client.force_login(world.users[role])
        url = reverse("translations:translation-export", args=[translation.pk])
        response = client.get(url)
        if response.status_code == 200:
            assert "attachment" in response["Content-Disposition"]
            return Outcome(True, "")
        assert response.status_code == 409
        return Outcome(False, response.content.decode())

    return run


def cli_translation_export(world: World, text: str, tmp: Path) -> Outcome:
    import io

    translation = _translation(world, "output", text)
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(
            "translation", "export", str(translation.pk), stdout=out, stderr=err
        )
    except SystemExit as exc:
        assert exc.code == 1
        assert not out.getvalue()
        return Outcome(False, err.getvalue())
    assert "Not authoritative" in out.getvalue()
    return Outcome(True, "")


PATHS = {
    "web download md": web_download("md"),
    "web download docx": web_download("docx"),
    "web download pdf": web_download("pdf"),
    "api export": api_export,
    "cli export": cli_export,
    "web release": web_release,
    "api transfer of an idea version": api_transfer_of_an_idea_version,
    "web joint text export": web_joint_text_export,
    "web translation export of an output": web_translation_export(
        "output", "rapporteur"
    ),
    "web translation export of a joint text": web_translation_export(
        "joint_text_version", "facilitator"
    ),
    "cli translation export": cli_translation_export,
}


@pytest.mark.parametrize("path", PATHS, ids=list(PATHS))
def test_every_exit_refuses_a_participants_name_and_shows_the_findings(
    world: World, tmp_path: Path, path: str
) -> None:
    named_seat(world)
    outcome = PATHS[path](world, NAMED, tmp_path)
    assert not outcome.passed
    assert NAME in outcome.shown  # the finding, named where it was found
    assert "a participant" in outcome.shown  # with its suggested redaction


@pytest.mark.parametrize("path", PATHS, ids=list(PATHS))
def test_every_exit_lets_a_clean_text_through(
    world: World, tmp_path: Path, path: str
) -> None:
    named_seat(world)
    assert PATHS[path](world, CLEAN_BODY, tmp_path).passed


@pytest.mark.parametrize("role", ["participant", "interpreter"])
def test_readers_who_cannot_compose_get_no_findings(
    world: World, tmp_path: Path, role: str
) -> None:
    """A participant's or an interpreter's blocked export says why, not what:
    which phrase matches whom, of what kind, would be a roster lookup."""
    named_seat(world)
    outcome = web_joint_text_export(world, NAMED, tmp_path, role=role)
    assert not outcome.passed
    assert "ask a facilitator" in outcome.shown
    assert NAME not in outcome.shown
    assert "finding" not in outcome.shown and "a participant's name" not in (
        outcome.shown
    )
    assert web_joint_text_export(world, CLEAN_BODY, tmp_path, role=role).passed


@pytest.mark.parametrize("role", ["participant", "interpreter"])
def test_readers_of_a_translation_who_cannot_compose_get_no_findings(
    world: World, tmp_path: Path, role: str
) -> None:
    """As the joint text's export: a suggestion such as "[a participant from
    North]" would tell a reader the side of whoever a phrase matched."""
    named_seat(world)
    export = web_translation_export("joint_text_version", role)
    outcome = export(world, NAMED, tmp_path)
    assert not outcome.passed
    assert "ask a facilitator" in outcome.shown
    assert "[a participant" not in outcome.shown and "finding" not in outcome.shown
    assert export(world, CLEAN_BODY, tmp_path).passed


def test_the_web_highlights_each_finding_and_offers_its_redaction(
    world: World,
) -> None:
    named_seat(world)
    output = make_output(world.access("facilitator"), body=NAMED)
    client = _web(world, "rapporteur")
    html = client.get(reverse("transfer:output-gate", args=[output.pk])).content
    page = html.decode()
    assert '<mark class="finding finding--name"' in page
    assert f">{NAME}</mark>" in page
    assert "Apply suggested redaction" in page
    assert "Apply all suggested redactions" in page
    # One click: the finding's own redaction.
    report_id = page.split('name="finding" value="')[1].split('"')[0]
    response = client.post(
        reverse("transfer:output-redact", args=[output.pk]), {"finding": report_id}
    )
    assert response.status_code == 302
    output.refresh_from_db()
    assert NAME not in str(output.body)
    assert "a participant" in str(output.body)
    assert (
        "gate-clean"
        in client.get(
            reverse("transfer:output-gate", args=[output.pk])
        ).content.decode()
    )


def test_apply_all_redacts_every_finding(world: World) -> None:
    named_seat(world)
    body = f"{NAMED}\n\nMs Dvořáková later wrote from zofia.dvorakova@example.org."
    output = make_output(world.access("facilitator"), body=body)
    client = _web(world, "facilitator")
    client.post(reverse("transfer:output-redact", args=[output.pk]), {"all": "1"})
    output = Output.objects.get(pk=output.pk)
    assert "Dvo" not in str(output.body) and "dvorakova" not in str(output.body)
