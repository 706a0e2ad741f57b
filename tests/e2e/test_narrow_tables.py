"""At 390 px a wide table scrolls inside its own box: the roster, the gate's
findings and the evaluation tables never make the whole page scroll sideways
(issue 16's walk: 867, 440 and 556 px)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = 390


def test_wide_tables_scroll_in_their_own_box_on_a_phone(
    page: Any, app_url: str, e2e_login: Any
) -> None:
    from backchannel.demo import load_demo
    from backchannel.participants.models import Seat
    from backchannel.processes.access import access_process_by_id
    from backchannel.processes.models import Process
    from tests.transfer.factories import make_output

    load_demo()
    process = next(p for p in Process.objects.all() if "Kessa Basin" in str(p.title))
    seat = Seat.objects.filter(process=process, role="participant").first()
    from backchannel.accounts.models import User

    convener = User.objects.get(username="demo-convener")
    output = make_output(
        access_process_by_id(convener, process.pk),
        body=f"**{seat.person.name}** of the river board proposed a joint station.",
    )
    e2e_login("demo-convener", "demo-convener-2026")
    page.set_viewport_size({"width": PHONE, "height": 844})
    for path, table in (
        (f"/processes/{process.pk}/roster/", "table.roster"),
        (f"/outputs/{output.pk}/gate/", "table.gate-findings"),
        (f"/processes/{process.pk}/evaluation/", "table"),
    ):
        page.goto(app_url + path)
        expect(page.locator(table).first).to_be_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE, f"{path} is {width} px wide at {PHONE} px"
