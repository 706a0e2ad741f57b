"""The main journey by keyboard alone (Tab, Shift+Tab, Enter, Space; never the
mouse): log in, open a process, a meeting, its record, write and save a note,
log out. Focus is visible all along, and the first tab stop skips to the
content."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from backchannel.records.models import Note
from tests.world import PASSWORD, World

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.no_db_difference,
]

SAID = "Both sides would accept a neutral body for the gauging stations"
FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return {name: "", tag: "body", label: "", outline: "none"};
  const name = (e.getAttribute("aria-label") || e.innerText || e.value || "").trim();
  const style = getComputedStyle(e);
  return {
    name: name, tag: e.tagName.toLowerCase(), id: e.id,
    label: e.labels && e.labels.length ? e.labels[0].innerText.trim() : "",
    outline: style.outlineStyle === "none" ? "none" : style.outlineWidth,
    visible: e.matches(":focus-visible"),
  };
}"""


def focused(page: Any) -> dict[str, Any]:
    return dict(page.evaluate(FOCUSED))


def tab_to(page: Any, pattern: str, *, key: str = "Tab", limit: int = 60) -> None:
    """Press Tab until the focused element's name or label matches; each focus
    on the way must be visible."""
    wanted = re.compile(pattern)
    seen = []
    for _ in range(limit):
        page.keyboard.press(key)
        now = focused(page)
        seen.append(now.get("name") or now.get("label"))
        if now["tag"] in {"a", "button", "input", "select", "textarea"}:
            assert now["visible"] and now["outline"] != "none", (
                f"focus is invisible on {now}"
            )
        if wanted.search(now["name"]) or wanted.search(now.get("label", "")):
            return
    raise AssertionError(f"no tab stop named {pattern!r} among {seen}")


def follow(page: Any, key: str = "Enter") -> None:
    """Activate the focused link or button with the keyboard; wait for the page."""
    with page.expect_navigation():
        page.keyboard.press(key)


def test_the_stylesheet_shows_focus(page: Any, app_url: str) -> None:
    page.goto(f"{app_url}/login/")
    rules = page.evaluate(
        """() => [...document.styleSheets].flatMap(s => [...s.cssRules])
          .filter(r => r.selectorText && r.selectorText.includes(":focus-visible"))
          .map(r => r.style.getPropertyValue("outline"))"""
    )
    assert any(re.search(r"\d+px solid", r) for r in rules), rules


def test_the_first_tab_stop_skips_to_the_main_content(page: Any, app_url: str) -> None:
    page.goto(f"{app_url}/login/")
    page.keyboard.press("Tab")
    first = focused(page)
    assert first["name"] == "Skip to main content"
    assert first["outline"] != "none"
    expect(page.get_by_role("link", name="Skip to main content")).to_be_in_viewport()
    page.keyboard.press("Enter")
    assert focused(page)["tag"] == "main"
    # The next stop is the first field of the page, not the header's links.
    page.keyboard.press("Tab")
    assert focused(page)["label"] == "Username"


def test_a_rapporteur_writes_a_note_by_keyboard_alone(
    page: Any, app_url: str, world: World
) -> None:
    page.goto(f"{app_url}/login/")
    tab_to(page, "^Username$")
    page.keyboard.type("rapporteur")
    tab_to(page, "^Password$")
    page.keyboard.type(PASSWORD)
    # Back and forth: Shift+Tab returns to the user name.
    tab_to(page, "^Username$", key="Shift+Tab", limit=3)
    tab_to(page, "^Password$", limit=3)
    follow(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("process"))

    tab_to(page, "^Lakeshore Water Dialogue$")
    follow(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Lakeshore Water Dialogue"
    )
    tab_to(page, "^First round")
    follow(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("First round")
    tab_to(page, "^Record and airtime$")
    follow(page)
    tab_to(page, "^Add a note")
    follow(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a note")

    tab_to(page, "^Note")
    page.keyboard.type(SAID)
    tab_to(page, "^Save note$")
    follow(page, "Space")
    expect(page.get_by_text(SAID)).to_be_visible()
    assert Note.objects.filter(segment__meeting=world.meeting).count() == 1

    tab_to(page, "^Log out")
    follow(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")


def test_errors_take_the_focus_and_lead_to_their_fields(
    page: Any, app_url: str, e2e_login: Any, world: World
) -> None:
    e2e_login("facilitator", PASSWORD)
    page.goto(f"{app_url}/processes/{world.process.pk}/ideas/new/")
    tab_to(page, "^Title")
    tab_to(page, "^Save")
    follow(page)
    # autofocus moves the focus once the page has loaded: wait for it (on a
    # loaded machine the check can otherwise run first and see the body)
    page.wait_for_function(
        "document.activeElement && document.activeElement !== document.body",
        timeout=10_000,
    )
    summary = focused(page)
    assert summary["tag"] == "div" and "could not be saved" in summary["name"], summary
    page.keyboard.press("Tab")
    link = focused(page)
    assert link["tag"] == "a", link
    page.keyboard.press("Enter")
    field = page.evaluate(
        """() => ({invalid: document.activeElement.getAttribute("aria-invalid"),
                   label: document.activeElement.labels[0].innerText})"""
    )
    assert field["invalid"] == "true"
    assert field["label"] in link["name"]
