"""Seating in bulk (issue 16.3): a roster CSV checked, previewed, then seated."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from backchannel.accounts.services import api_token_create
from backchannel.core.errors import NotFound, PermissionDenied, ValidationFailed
from backchannel.participants import services
from backchannel.participants.models import Invitation, Person, Seat
from backchannel.participants.seating import (
    check_roster_text,
    read_roster_bytes,
    roster_plan,
    roster_seat,
)
from backchannel.processes.access import access_process_by_id
from tests.world import World

pytestmark = pytest.mark.django_db

GOOD = (
    "name,side,role,capacity,gender,level,email,phone,affiliation,title\n"
    "Amira Haddad,North,participant,expert,woman,key_person,amira@example.org,"
    "+41 22 123 45 67,River Institute,Director\n"
    "Boris Lenz,south,Participant,Non-governmental expert,man,broader,,,,\n"
    "Chen Wei,,observer,,,,,,,\n"
)


def _counts() -> tuple[int, int]:
    return Person.objects.count(), Seat.objects.count()


def test_a_good_roster_adds_people_and_seats_them(world: World) -> None:
    access = world.access("facilitator")
    plan = roster_plan(access=access, text=GOOD)
    assert plan.problems == []
    assert [r.action for r in plan.rows] == ["create", "create", "create"]
    people, seats = _counts()
    made = roster_seat(access=access, text=GOOD)
    assert _counts() == (people + 3, seats + 3)
    amira = made[0]
    assert amira.side.name == "North" and amira.role == "participant"
    assert amira.person.capacity == "expert" and amira.person.level == "key_person"
    assert amira.person.contact["emails"] == ["amira@example.org"]
    assert [a.organisation_name for a in amira.person.affiliations.all()] == [
        "River Institute"
    ]
    assert made[1].side.name == "South" and made[1].person.gender == "man"
    chen = made[2].person
    assert (chen.capacity, chen.gender, chen.level) == (
        "other",
        "undisclosed",
        "broader",
    )


def test_a_person_already_in_the_registry_is_matched_not_duplicated(
    world: World,
) -> None:
    access = world.access("org_convener")
    known = services.person_create(
        actor=world.users["org_convener"],
        organisation=world.org,
        name="Amira Haddad",
        gender="woman",
        capacity="quasi_official",
        level="broader",
        contact={"emails": ["amira@example.org"]},
    )
    plan = roster_plan(access=access, text=GOOD)
    assert plan.rows[0].person == known and plan.rows[0].action == "match"
    assert plan.rows[0].differs == ["capacity", "level"]
    people, _ = _counts()
    seats = roster_seat(access=access, text=GOOD)
    assert Person.objects.count() == people + 2
    assert seats[0].person == known
    known.refresh_from_db()
    assert known.capacity == "quasi_official"  # the registry's details stay


def test_a_different_email_is_a_different_person(world: World) -> None:
    services.person_create(
        actor=world.users["org_convener"],
        organisation=world.org,
        name="Amira Haddad",
        gender="woman",
        capacity="expert",
        level="broader",
        contact={"emails": ["other@example.org"]},
    )
    plan = roster_plan(access=world.access(), text=GOOD)
    assert plan.rows[0].action == "create"


def test_bad_rows_write_nothing_and_every_problem_names_its_line(
    world: World,
) -> None:
    text = (
        "name,side,role,capacity,gender,level,email\n"
        "Amira Haddad,North,participant,expert,woman,key_person,amira@example.org\n"
        "Boris Lenz,Atlantis,participant,,,,\n"
        '=HYPERLINK("http://x"),North,participant,,,,\n'
        "Dana Roe,North,chief,,,,not-an-email\n"
        "Eve Stone,,participant,,,,\n"
        "Person Participant,North,participant,,,,\n"
        "Amira  haddad,North,participant,,,,amira@example.org\n"
        "Fay,North,participant,,,\n"
    )
    before = _counts()
    plan = roster_plan(access=world.access(), text=text)
    where = {(p.line, p.column) for p in plan.problems}
    assert where == {
        (3, "side"),
        (4, "name"),
        (5, "role"),
        (5, "email"),
        (6, "side"),
        (7, "name"),  # already seated
        (8, "name"),  # the same person as line 2
        (9, ""),  # a missing field
    }, plan.problems
    formula = next(p for p in plan.problems if p.line == 4)
    assert "formula" in formula.message
    with pytest.raises(ValidationFailed) as caught:
        roster_seat(access=world.access(), text=text)
    assert "line 3, side" in caught.value.errors
    assert "line 9" in caught.value.errors
    assert _counts() == before


def test_a_formula_in_an_email_or_phone_cell_is_refused(world: World) -> None:
    text = (
        "name,side,role,email,phone\n"
        "Amira Haddad,North,participant,=HYPERLINK(1)@x.org,\n"
        "Boris Lenz,North,participant,,-1+cmd|x!A0\n"
        "Chen Wei,North,participant,chen@example.org,+41 22 123 45 67\n"
    )
    plan = roster_plan(access=world.access(), text=text)
    assert {(p.line, p.column) for p in plan.problems} == {(2, "email"), (3, "phone")}
    assert all("formula" in p.message for p in plan.problems)


def test_an_escaped_formula_cell_is_text(world: World) -> None:
    text = "name,side,role\n'=Odd Name,North,participant\n"
    plan = roster_plan(access=world.access(), text=text)
    assert plan.problems == [] and plan.rows[0].name == "=Odd Name"


def test_header_problems_are_listed_before_any_row(world: World) -> None:
    plan = roster_plan(access=world.access(), text="nom,side,side\nX,North\n")
    assert {(p.line, p.column) for p in plan.problems} == {
        (1, "nom"),
        (1, "side"),
        (1, "name"),
        (1, "role"),
    }
    plan = roster_plan(access=world.access(), text="")
    assert plan.problems and "header" in plan.problems[0].message


def test_oversize_and_encoding_go_through_the_shared_checks(
    world: World, settings: object
) -> None:
    settings.BACKCHANNEL_MAX_UPLOAD_BYTES = 100  # type: ignore[attr-defined]
    with pytest.raises(ValidationFailed, match="larger than the limit"):
        read_roster_bytes(GOOD.encode())
    with pytest.raises(ValidationFailed, match="larger than the limit"):
        check_roster_text(GOOD)
    settings.BACKCHANNEL_MAX_UPLOAD_BYTES = 1 << 20  # type: ignore[attr-defined]
    with pytest.raises(ValidationFailed, match="not UTF-8"):
        read_roster_bytes("name,side,role\nJosé,North,participant\n".encode("latin-1"))
    with pytest.raises(ValidationFailed, match="UTF-16"):
        read_roster_bytes(GOOD.encode("utf-16"))
    assert read_roster_bytes(b"\xef\xbb\xbf" + GOOD.encode()) == GOOD


def test_only_managers_of_the_process_seat_in_bulk(world: World) -> None:
    before = _counts()
    for role in ("participant", "rapporteur", "observer"):
        with pytest.raises(PermissionDenied):
            roster_plan(access=world.access(role), text=GOOD)
        with pytest.raises(PermissionDenied):
            roster_seat(access=world.access(role), text=GOOD)
    # A facilitator of another process cannot reach this one at all.
    with pytest.raises(NotFound):
        access_process_by_id(
            world.users["facilitator"], world.other_process.pk, manage=True
        )
    assert _counts() == before


# -- the web page, the API and the CLI: the same service


def _web(world: World, role: str = "facilitator") -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def test_web_paste_preview_confirm_and_invite(world: World) -> None:
    client = _web(world)
    url = reverse("participants:seat-import", args=[world.process.pk])
    roster = client.get(reverse("participants:seat-list", args=[world.process.pk]))
    assert url.encode() in roster.content
    before = _counts()
    preview = client.post(url, {"roster": GOOD})
    assert preview.status_code == 200
    assert b'id="roster-preview"' in preview.content
    assert b"Amira Haddad" in preview.content and b"Key person" in preview.content
    assert _counts() == before  # the preview writes nothing
    done = client.post(url, {"roster": GOOD, "confirm": "1"})
    assert done.status_code == 200
    assert _counts() == (before[0] + 3, before[1] + 3)
    invite = reverse("participants:invitation-bulk", args=[world.process.pk])
    assert invite.encode() in done.content
    seat_ids = re.findall(rb'name="seat" value="([0-9a-f-]+)"', done.content)
    assert len(seat_ids) == 3
    handover = client.post(
        invite, {"seat": [s.decode() for s in seat_ids]}, follow=True
    )
    assert handover.status_code == 200
    assert handover.content.count(b'class="invitation-link"') == 3
    assert (
        Invitation.objects.filter(seat_id__in=[s.decode() for s in seat_ids]).count()
        == 3
    )


def test_web_upload_with_problems_lists_them_and_writes_nothing(world: World) -> None:
    client = _web(world)
    url = reverse("participants:seat-import", args=[world.process.pk])
    before = _counts()
    bad = "name,side,role\nAmira Haddad,Atlantis,participant\n=1+1,North,observer\n"
    reply = client.post(
        url, {"roster": "", "file": SimpleUploadedFile("r.csv", bad.encode())}
    )
    assert reply.status_code == 422
    assert b"line 2, column side" in reply.content
    assert b"line 3, column name" in reply.content
    latin = SimpleUploadedFile(
        "r.csv", "name,side,role\nJosé,North,observer\n".encode("latin-1")
    )
    reply = client.post(url, {"roster": "", "file": latin})
    assert reply.status_code == 422 and b"not UTF-8" in reply.content
    # a confirm with a roster changed to a bad one is checked again
    reply = client.post(url, {"roster": bad, "confirm": "1"})
    assert reply.status_code == 422
    assert _counts() == before


def test_web_a_facilitator_of_another_process_gets_404(world: World) -> None:
    client = _web(world)
    url = reverse("participants:seat-import", args=[world.other_process.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"roster": GOOD, "confirm": "1"}).status_code == 404
    rival = reverse("participants:seat-import", args=[world.rival_process.pk])
    assert client.post(rival, {"roster": GOOD, "confirm": "1"}).status_code == 404
    assert not Seat.objects.filter(
        process=world.other_process, role="observer"
    ).exists()


def test_person_page_offers_seat_in_a_process_and_the_seat_form_links_back(
    world: World,
) -> None:
    person = services.person_create(
        actor=world.users["org_convener"],
        organisation=world.org,
        name="Lone Lina",
        gender="woman",
        capacity="expert",
        level="broader",
    )
    client = _web(world, "org_convener")
    page = client.get(reverse("participants:person-edit", args=[person.pk]))
    link = reverse("participants:seat-create", args=[world.process.pk])
    assert f"{link}?person={person.pk}".encode() in page.content
    form = client.get(f"{link}?person={person.pk}")
    assert f'value="{person.pk}" selected'.encode() in form.content
    registry = reverse("participants:person-create", args=[world.org.pk])
    assert registry.encode() in form.content
    # a facilitator is offered only the process they manage
    page = _web(world).get(reverse("participants:person-edit", args=[person.pk]))
    other = reverse("participants:seat-create", args=[world.other_process.pk])
    assert link.encode() in page.content and other.encode() not in page.content


def _api(world: World, role: str, body: dict, process=None) -> tuple[int, dict]:
    _, token = api_token_create(user=world.users[role])
    process = process or world.process
    reply = Client().post(
        f"/api/processes/{process.pk}/roster-import",
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    return reply.status_code, reply.json()


def test_api_dry_run_then_import(world: World) -> None:
    before = _counts()
    status, out = _api(world, "facilitator", {"csv": GOOD, "dry_run": True})
    assert status == 200, out
    assert out["dry_run"] and out["created"] == 3 and out["matched"] == 0
    assert out["rows"][0]["side"] == "North" and out["rows"][0]["seat_id"] is None
    assert out["rows"][1]["capacity"] == "expert"
    assert _counts() == before
    status, out = _api(world, "facilitator", {"csv": GOOD})
    assert status == 201, out
    assert all(row["seat_id"] for row in out["rows"])
    assert _counts() == (before[0] + 3, before[1] + 3)
    # the same roster again: everyone matched, and already seated
    status, out = _api(world, "facilitator", {"csv": GOOD, "dry_run": True})
    assert status == 422
    assert "line 2, name" in out["errors"] or "line 2, name" in json.dumps(out)


def test_api_refuses_bad_rows_and_other_processes(world: World) -> None:
    before = _counts()
    status, out = _api(
        world, "convener", {"csv": "name,side,role\n123,North,participant\n"}
    )
    assert status == 422 and "line 2" in json.dumps(out)
    status, _ = _api(world, "facilitator", {"csv": GOOD}, world.other_process)
    assert status == 404
    status, _ = _api(world, "participant", {"csv": GOOD})
    assert status == 403
    assert _counts() == before


def test_cli_dry_run_then_import(world: World, tmp_path) -> None:
    path = tmp_path / "roster.csv"
    path.write_text(GOOD, encoding="utf-8")
    before = _counts()
    out, err = io.StringIO(), io.StringIO()
    args = ["seat", "import", str(world.process.pk), str(path), "--as", "facilitator"]
    call_command(*args, "--dry-run", stdout=out, stderr=err)
    assert "line 2\tnew\tAmira Haddad\tNorth\tparticipant" in out.getvalue()
    assert "nothing was written" in err.getvalue()
    assert _counts() == before
    call_command(*args, stdout=io.StringIO(), stderr=err)
    assert _counts() == (before[0] + 3, before[1] + 3)
    assert "invite create" in err.getvalue()


def test_cli_bad_input_names_the_line_and_writes_nothing(
    world: World, tmp_path
) -> None:
    before = _counts()
    bad = tmp_path / "bad.csv"
    bad.write_text("name,side,role\nAmira,Atlantis,participant\n", encoding="utf-8")
    with pytest.raises(CommandError, match="line 2, column side"):
        call_command(
            "seat", "import", str(world.process.pk), str(bad), "--as", "facilitator"
        )
    latin = tmp_path / "latin.csv"
    latin.write_bytes("name,side,role\nJosé,North,observer\n".encode("latin-1"))
    with pytest.raises(CommandError, match="not UTF-8"):
        call_command(
            "seat", "import", str(world.process.pk), str(latin), "--as", "facilitator"
        )
    good = tmp_path / "good.csv"
    good.write_text(GOOD, encoding="utf-8")
    with pytest.raises(CommandError, match="No such process"):
        call_command(
            "seat",
            "import",
            str(world.other_process.pk),
            str(good),
            "--as",
            "facilitator",
        )
    with pytest.raises(CommandError, match="Cannot read"):
        call_command(
            "seat",
            "import",
            str(world.process.pk),
            "/missing/r.csv",
            "--as",
            "facilitator",
        )
    assert _counts() == before


NATURAL = (
    "name,side,role,capacity,gender,level\n"
    "Amira Haddad,North,Participant,Civil society,Female,Senior\n"
    "Boris Lenz,South,PARTICIPANT,official,Male,broader constituency\n"
    "Chen Wei,South,participant,non-governmental EXPERT,non-binary,Key Person\n"
)


def test_natural_entries_are_taken_as_the_codes_they_mean(world: World) -> None:
    plan = roster_plan(access=world.access("facilitator"), text=NATURAL)
    assert plan.problems == []
    assert [(r.capacity, r.gender, r.level) for r in plan.rows] == [
        ("civil_society", "woman", "key_person"),
        ("official_personal", "man", "broader"),
        ("expert", "non_binary", "key_person"),
    ]


def test_labels_in_the_users_language_are_accepted(world: World) -> None:
    from django.utils import translation

    text = (
        "name,side,role,capacity,gender,level\n"
        "Amira Haddad,North,participant,expert,Femme,broader\n"
    )
    with translation.override("fr"):
        plan = roster_plan(access=world.access("facilitator"), text=text)
    assert plan.problems == []
    assert plan.rows[0].gender == "woman"


def test_a_bad_value_is_refused_with_every_accepted_value(world: World) -> None:
    text = (
        "name,side,role,capacity,gender,level\n"
        "Amira Haddad,North,participant,expert,woman,broader\n"
        "Boris Lenz,South,participant,expert,F,Mid-level\n"
    )
    plan = roster_plan(access=world.access("facilitator"), text=text)
    by_column = {p.column: str(p) for p in plan.problems}
    assert set(by_column) == {"gender", "level"}
    assert by_column["gender"].startswith("line 3, column gender: 'F'")
    assert (
        "use one of woman (Woman), man (Man), non_binary (Non-binary), "
        "undisclosed (Prefers not to say)" in by_column["gender"]
    )
    assert (
        "key_person (Key person), broader (Broader constituency)"
        in (by_column["level"])
    )


def test_the_bulk_page_lists_the_accepted_values(world: World) -> None:
    client = Client()
    client.force_login(world.users["facilitator"])
    url = reverse("participants:seat-import", args=[world.process.pk])
    page = client.get(url).content.decode()
    for value in (
        "civil_society (Civil-society leader)",
        "non_binary (Non-binary)",
        "key_person (Key person)",
        "interpreter (Interpreter)",
    ):
        assert value in page


def test_the_api_and_cli_take_natural_entries_and_list_values_on_a_bad_one(
    world: World, tmp_path
) -> None:
    status, out = _api(world, "facilitator", {"csv": NATURAL, "dry_run": True})
    assert status == 200, out
    bad = NATURAL.replace("Female", "F")
    status, out = _api(world, "facilitator", {"csv": bad, "dry_run": True})
    assert status == 422
    assert "use one of woman (Woman), man (Man)" in json.dumps(out)
    path = tmp_path / "bad.csv"
    path.write_text(bad, encoding="utf-8")
    args = ["seat", "import", str(world.process.pk), str(path), "--as", "facilitator"]
    with pytest.raises(CommandError, match=r"'F'.*use one of woman \(Woman\)"):
        call_command(*args, stdout=io.StringIO(), stderr=io.StringIO())
