"""At 390 px a wide table scrolls inside its own box: the roster, the gate's
findings and the evaluation tables never make the whole page scroll sideways
(issue 16's walk: 867, 440 and 556 px)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import expect

if TYPE_CHECKING:
    from backchannel.demo import DemoInfo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = 390


def test_wide_tables_scroll_in_their_own_box_on_a_phone(
    page: Any, app_url: str, e2e_login: Any, demo: DemoInfo
) -> None:
    from backchannel.participants.models import Seat
    from backchannel.processes.access import access_process_by_id
    from backchannel.processes.models import Process
    from tests.transfer.factories import make_output

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
        # the first visible table: each chart's data table sits folded in a
        # <details> beside it
        (f"/processes/{process.pk}/evaluation/", "table >> visible=true"),
    ):
        page.goto(app_url + path)
        expect(page.locator(table).first).to_be_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE, f"{path} is {width} px wide at {PHONE} px"


def test_ideas_and_roster_fit_a_phone_in_french_and_arabic(
    page: Any, app_url: str, e2e_login: Any, demo: DemoInfo
) -> None:
    """The ideas list made the page 614 px wide in French (a grid item grows
    to its table's width); the roster was a 1,000 px table of tall rows. Now
    neither page scrolls sideways, and the roster is a list of compact
    entries that does not scroll in its box either."""
    from backchannel.processes.models import Process

    process = next(p for p in Process.objects.all() if "Kessa Basin" in str(p.title))
    e2e_login("demo-convener", "demo-convener-2026")
    page.set_viewport_size({"width": PHONE, "height": 844})
    for language, direction in (("fr", "ltr"), ("ar", "rtl")):
        page.set_extra_http_headers({"Accept-Language": language})
        for path, table in (
            (f"/processes/{process.pk}/ideas/", "table.ideas"),
            (f"/processes/{process.pk}/roster/", "table.roster"),
        ):
            page.goto(app_url + path)
            expect(page.locator("html")).to_have_attribute("lang", language)
            expect(page.locator("html")).to_have_attribute("dir", direction)
            expect(page.locator(table)).to_be_visible()
            width, viewport = page.evaluate(
                "[document.documentElement.scrollWidth, window.innerWidth]"
            )
            assert width <= viewport, f"{language} {path}: {width} px at {viewport}"
        box = page.evaluate(
            "(() => { const b = document.querySelector('table.roster').parentElement;"
            " return [b.scrollWidth, b.clientWidth]; })()"
        )
        assert box[0] <= box[1], f"{language} roster scrolls in its box: {box}"
        expect(page.locator("table.roster thead")).to_have_css("position", "absolute")
        row = page.locator("table.roster tbody tr").first
        name = row.locator(".roster__name")
        role = row.locator(".roster__role")
        # The name on the first line, the role on the next, one entry's height small.
        assert role.bounding_box()["y"] > name.bounding_box()["y"]
        assert row.bounding_box()["height"] < 220


def test_the_roster_import_with_errors_fits_a_phone(
    page: Any, app_url: str, e2e_login: Any
) -> None:
    """After a roster with errors, the columns' header line (one 65-character
    word) made the page 584 px wide at 390 px, in English, French and Arabic:
    it now wraps after its commas."""
    from backchannel.demo import load_demo
    from backchannel.processes.models import Process

    load_demo()
    process = next(p for p in Process.objects.all() if "Kessa Basin" in str(p.title))
    e2e_login("demo-convener", "demo-convener-2026")
    page.set_viewport_size({"width": PHONE, "height": 844})
    for language in ("en", "fr", "ar"):
        page.set_extra_http_headers({"Accept-Language": language})
        page.goto(app_url + f"/processes/{process.pk}/roster/import/")
        page.fill("#id_roster", "name,side,role,gender\nAda Lovelace,Nowhere,pilot,F\n")
        page.locator("#roster-form button[type=submit]").click()
        expect(page.locator("#roster-columns")).to_have_attribute("open", "")
        expect(page.locator(".roster-header")).to_be_visible()
        width, viewport = page.evaluate(
            "[document.documentElement.scrollWidth, window.innerWidth]"
        )
        assert width <= viewport, f"{language}: {width} px at {viewport}"


def test_the_language_menu_shows_its_whole_choice_on_a_phone(
    page: Any, app_url: str, e2e_login: Any
) -> None:
    """At 390 px in French the header's language menu read "Comme mon navi":
    the list was capped at 10rem. Its chosen text now fits inside it."""
    from backchannel.demo import load_demo

    load_demo()
    e2e_login("demo-convener", "demo-convener-2026")
    page.set_viewport_size({"width": PHONE, "height": 844})
    for language in ("fr", "ru", "ar"):
        page.set_extra_http_headers({"Accept-Language": language})
        page.goto(app_url + "/processes/")
        expect(page.locator("html")).to_have_attribute("lang", language)
        text, inner, page_width, viewport = page.evaluate(
            """(() => {
                const s = document.querySelector('#language-select');
                const c = document.createElement('canvas').getContext('2d');
                c.font = getComputedStyle(s).font;
                const style = getComputedStyle(s);
                const inner = s.clientWidth - parseFloat(style.paddingLeft)
                    - parseFloat(style.paddingRight);
                return [c.measureText(s.options[s.selectedIndex].text).width, inner,
                        document.documentElement.scrollWidth, window.innerWidth];
            })()"""
        )
        # The drop-down arrow takes some of the inner width: leave it 12 px.
        assert text + 12 <= inner, f"{language}: {text} px of text in {inner} px"
        assert page_width <= viewport, f"{language}: {page_width} px at {viewport}"
