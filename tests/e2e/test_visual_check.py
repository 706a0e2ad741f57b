"""Every main page, in English, French and Arabic, in a real browser: a
screenshot of each, every chart's SVG parsed whole (no decimal comma in a
coordinate: "Expected length, '130,0'"), and every table inside its box
(it fits its wrapper, or sits in a box declared to scroll sideways).

One browser, one world, one login: the pages are visited in turn. The
screenshots (whole pages) go to var/screenshots/pages/; with
UPDATE_SCREENSHOTS=1 three of them, one screen each, refresh the README's
(docs/screenshots/).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import expect

if TYPE_CHECKING:
    from backchannel.demo import DemoInfo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
PAGES_DIR = ROOT / "var" / "screenshots" / "pages"
README_DIR = ROOT / "docs" / "screenshots"
#: (page, language) → the README's file, refreshed with UPDATE_SCREENSHOTS=1
README_SHOTS = {
    ("evaluation", "fr"): "evaluation-fr.png",
    ("report", "ar"): "report-ar.png",
    ("results", "en"): "consultation-results.png",
}
LANGUAGES = (("en", "ltr"), ("fr", "ltr"), ("ar", "rtl"))

# In the page: each chart's SVG, serialised and parsed again as XML, and
# every geometry attribute read as a number. Then each visible table and the
# box holding it.
CHECK = """
() => {
  const problems = [];
  const geometry = ["x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r",
                    "width", "height", "stroke-width", "font-size"];
  const number = /^-?(\\d+\\.?\\d*|\\.\\d+)(e[-+]?\\d+)?(px|%)?$/i;
  const svgs = [...document.querySelectorAll("svg.chart__svg")];
  for (const [i, svg] of svgs.entries()) {
    const text = new XMLSerializer().serializeToString(svg);
    const parsed = new DOMParser().parseFromString(text, "image/svg+xml");
    if (parsed.querySelector("parsererror")) problems.push(`chart ${i}: not XML`);
    for (const el of svg.querySelectorAll("*")) {
      for (const name of geometry) {
        const value = el.getAttribute(name);
        if (value !== null && !number.test(value.trim()))
          problems.push(`chart ${i}: ${el.tagName} ${name}="${value}"`);
      }
      for (const name of ["d", "transform", "viewBox", "points"]) {
        const value = el.getAttribute(name);
        if (value && /\\d,\\d/.test(value))
          problems.push(`chart ${i}: ${el.tagName} ${name} has a decimal comma`);
      }
    }
  }
  const scrolls = (el) => ["auto", "scroll"].includes(getComputedStyle(el).overflowX);
  for (const table of document.querySelectorAll("table")) {
    if (!table.offsetParent) continue;  // folded in a closed <details>
    let box = table.parentElement, declared = false;
    for (let el = box; el && el !== document.body; el = el.parentElement) {
      if (scrolls(el)) { declared = true; break; }
    }
    if (!declared && box.scrollWidth > box.clientWidth + 1) {
      const name = table.className || table.querySelector("caption, th")?.textContent;
      problems.push(`table "${(name || "").trim().slice(0, 40)}": ` +
                    `${box.scrollWidth} px in a ${box.clientWidth} px box`);
    }
  }
  const page = document.documentElement;
  if (page.scrollWidth > window.innerWidth + 1)
    problems.push(`page ${page.scrollWidth} px wide in ${window.innerWidth} px`);
  return {charts: svgs.length, problems};
}
"""


def _pages(demo: DemoInfo) -> dict[str, str]:
    from django.db.models import Count

    from backchannel.consultations.models import Consultation
    from backchannel.ideas.models import Idea
    from backchannel.meetings.models import Meeting

    process = demo.process
    meeting = Meeting.objects.filter(process=process).order_by("date").first()
    # the idea with the most versions: its page draws their convergence
    idea = (
        Idea.objects.filter(process=process)
        .annotate(count=Count("versions"))
        .order_by("-count")
        .first()
    )
    consultation = Consultation.objects.filter(process=process).first()
    assert meeting and idea and consultation
    return {
        "dashboard": f"/processes/{process.pk}/",
        "meetings": f"/processes/{process.pk}/meetings/",
        "notes": f"/meetings/{meeting.pk}/record/",
        "ideas": f"/processes/{process.pk}/ideas/",
        "idea": f"/ideas/{idea.pk}/",
        "evaluation": f"/processes/{process.pk}/evaluation/",
        "outputs": f"/processes/{process.pk}/outputs/",
        "transfers": f"/processes/{process.pk}/transfers/",
        "results": f"/consultations/{consultation.pk}/results/",
        "report": f"/processes/{process.pk}/report/",
    }


def test_every_main_page_in_three_languages_draws_its_charts_and_fits_its_tables(
    page: Any, app_url: str, e2e_login: Any, demo: DemoInfo
) -> None:
    pages = _pages(demo)
    errors: list[str] = []
    page.on(
        "console",
        lambda message: (
            errors.append(message.text) if message.type == "error" else None
        ),
    )
    e2e_login("demo-convener", "demo-convener-2026")
    page.set_viewport_size({"width": 1280, "height": 900})
    PAGES_DIR.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    drawn: dict[str, int] = {}
    for language, direction in LANGUAGES:
        page.set_extra_http_headers({"Accept-Language": language})
        for name, path in pages.items():
            errors.clear()
            response = page.goto(app_url + path)
            assert response is not None and response.status == 200, (name, language)
            expect(page.locator("html")).to_have_attribute("lang", language)
            expect(page.locator("html")).to_have_attribute("dir", direction)
            found = page.evaluate(CHECK)
            drawn[name] = max(drawn.get(name, 0), found["charts"])
            problems += [f"{language} {name}: {p}" for p in found["problems"]]
            # the browser's own complaints about an attribute it could not read
            problems += [
                f"{language} {name}: console: {e}"
                for e in errors
                if re.search(r"attribute|Expected", e)
            ]
            shot = PAGES_DIR / f"{name}-{language}.png"
            page.screenshot(path=str(shot), full_page=True)
            if (
                os.environ.get("UPDATE_SCREENSHOTS") == "1"
                and (name, language) in README_SHOTS
            ):
                # the README's: one screen, scrolled to the page's first chart
                chart = page.locator("svg.chart__svg").first
                chart.scroll_into_view_if_needed()
                page.evaluate("window.scrollBy(0, -120)")
                page.screenshot(
                    path=str(README_DIR / README_SHOTS[name, language]),
                    full_page=False,
                )
    assert not problems, "\n".join(problems)
    # the pages that hold charts drew them (a check of no chart proves nothing)
    for name in ("evaluation", "idea", "results", "report", "dashboard"):
        assert drawn[name] >= 1, f"{name}: no chart drawn"
