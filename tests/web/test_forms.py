"""Invalid input comes back as the form, HTTP 422, with each error next to its field."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client
from django.urls import reverse

from backchannel.core.web import attach_errors
from backchannel.processes.models import Process, Side
from tests.web.conftest import WebWorld, as_role


def _post(
    client: Client, web: WebWorld, name: str, args: list[Any], data: dict[str, Any]
) -> str:
    as_role(client, web.world, "org_convener")
    response = client.post(reverse(name, args=args), data)
    assert response.status_code == 422, response.status_code
    return response.content.decode()


def _error_of(html: str, field_id: str) -> str:
    """The error text linked to a field, checking the field points at it."""
    error = re.search(
        rf'<ul class="errorlist" id="{field_id}_error">(.*?)</ul>', html, re.S
    )
    assert error, f"no error shown for {field_id}"
    field = re.search(rf'<(?:input|select|textarea)[^>]*id="{field_id}"[^>]*>', html)
    assert field, f"no field {field_id}"
    assert f"{field_id}_error" in field.group(0)  # aria-describedby
    assert 'aria-invalid="true"' in field.group(0)
    return re.sub(r"<[^>]+>", "", error.group(1))


PROCESS = {
    "track": "1.5",
    "stage": "preventive",
    "approach": "problem_solving",
    "status": "planning",
    "record_rule": "chatham_house",
}


def test_a_process_with_one_side_is_refused_next_to_the_sides(
    client: Client, web: WebWorld
) -> None:
    before = Process.objects.count()
    html = _post(
        client,
        web,
        "processes:process-create",
        [],
        {
            "organisation": web.world.org.pk,
            "title": "Solo talks",
            "sides": "Only us",
            **PROCESS,
        },
    )
    assert "at least two named sides" in _error_of(html, "id_sides")
    assert "Solo talks" in html  # what was typed is kept
    assert Process.objects.count() == before


def test_a_process_without_a_title_is_refused_next_to_the_title(
    client: Client, web: WebWorld
) -> None:
    html = _post(
        client,
        web,
        "processes:process-create",
        [],
        {"organisation": web.world.org.pk, "title": "", "sides": "A\nB", **PROCESS},
    )
    assert "required" in _error_of(html, "id_title")


def test_a_phase_ending_before_it_starts_is_refused_next_to_the_end_date(
    client: Client, web: WebWorld
) -> None:
    html = _post(
        client,
        web,
        "processes:phase-create",
        [web.ours.process],
        {
            "title": "Backwards",
            "stage": "negotiation",
            "starts_on": "2026-05-01",
            "ends_on": "2026-04-01",
        },
    )
    assert "cannot end before it starts" in _error_of(html, "id_ends_on")


def test_an_indicator_whose_target_is_its_baseline_is_refused_next_to_the_target(
    client: Client, web: WebWorld
) -> None:
    html = _post(
        client,
        web,
        "processes:indicator-edit",
        [web.ours.indicator],
        {"name": "Flat", "baseline": "3", "target": "3"},
    )
    assert "must differ from the baseline" in _error_of(html, "id_target")


def test_a_duplicate_side_name_is_refused_next_to_the_name(
    client: Client, web: WebWorld
) -> None:
    html = _post(
        client, web, "processes:side-create", [web.ours.process], {"name": "south"}
    )
    assert "Another side has this name" in _error_of(html, "id_name")


def test_the_last_two_sides_cannot_be_deleted_and_the_page_says_why(
    client: Client, web: WebWorld
) -> None:
    side = Side.objects.filter(process_id=web.ours.process).order_by("-position")[0]
    html = _post(client, web, "processes:side-delete", [side.pk], {})
    assert "keeps at least two sides" in html
    assert Side.objects.filter(pk=side.pk).exists()


def test_a_bad_email_is_refused_next_to_the_emails(
    client: Client, web: WebWorld
) -> None:
    html = _post(
        client,
        web,
        "participants:person-create",
        [web.ours.organisation],
        {
            "name": "Mira Oskar",
            "gender": "woman",
            "capacity": "expert",
            "level": "broader",
            "emails": "mira at example",
        },
    )
    assert "is not an email address" in _error_of(html, "id_emails")


def test_a_participant_without_a_side_is_refused_next_to_the_side(
    client: Client, web: WebWorld
) -> None:
    html = _post(
        client,
        web,
        "participants:seat-edit",
        [web.ours.seat],
        {"role": "participant", "side": "", "pseudonym": ""},
    )
    assert "sits on a side" in _error_of(html, "id_side")


def test_a_segment_without_a_record_rule_is_refused_on_its_row(
    client: Client, web: WebWorld
) -> None:
    html = _post(
        client,
        web,
        "meetings:meeting-create",
        [web.ours.process],
        {
            "title": "Round two",
            "date": "2026-06-01",
            "segments-TOTAL_FORMS": "2",
            "segments-INITIAL_FORMS": "0",
            "segments-0-title": "Opening",
            "segments-0-record_rule": "on_record",
            "segments-1-title": "Closed part",
            "segments-1-record_rule": "",
        },
    )
    assert _error_of(html, "id_segments-1-record_rule")
    assert "id_segments-0-record_rule_error" not in html


def test_an_over_long_agenda_item_is_refused_naming_its_line(
    client: Client, web: WebWorld
) -> None:
    html = _post(
        client,
        web,
        "meetings:meeting-edit",
        [web.ours.meeting],
        {
            "title": "First round",
            "date": "2026-02-10",
            "agenda": "Welcome\n" + "x" * 400,
            "segments-TOTAL_FORMS": "0",
            "segments-INITIAL_FORMS": "0",
        },
    )
    assert "Line 2:" in _error_of(html, "id_agenda")


def test_service_errors_about_list_items_land_on_their_field_naming_the_line() -> None:
    from backchannel.meetings.forms import MeetingForm

    form = MeetingForm({"title": "T", "date": "2026-01-01"}, phases=[], seats=[])
    assert form.is_valid()
    rest = attach_errors(
        form, {"agenda[2].title": ["Too long."], "elsewhere": ["Odd."]}
    )
    assert form.errors["agenda"] == ["Line 3: Too long."]
    assert form.non_field_errors() == ["Odd."]
    assert rest == {"elsewhere": ["Odd."]}
