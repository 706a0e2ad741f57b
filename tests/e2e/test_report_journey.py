"""The process report in the browser: a facilitator opens it from the process's
tabs, every chart renders as an SVG with its title (and with its colours: the
Content-Security-Policy blocks nothing), and the PDF downloads."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from backchannel.demo import DemoInfo

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.no_db_difference,
]

CHARTS = {
    "chart-indicators": "Indicator progress",
    "chart-composition": "Participants by side and gender",
    "chart-airtime": "Airtime and seats by side",
    "chart-convergence": "Idea convergence across versions",
    "chart-ecosystem": "The ecosystem of processes",
    "chart-trust": "Trust across rounds, by side",
    "chart-density": "Cross-side relationships",
}


def test_the_demo_report_renders_its_charts_and_downloads_as_pdf(
    page: Any, app_url: str, e2e_login: Any, demo: DemoInfo
) -> None:
    blocked: list[str] = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    e2e_login("demo-facilitator", "demo-facilitator-2026")
    page.get_by_role("link", name=re.compile("Kessa Basin")).first.click()
    page.get_by_role("link", name="Report", exact=True).click()
    expect(page.get_by_role("heading", name="Process report")).to_be_visible()

    for figure_id, title in CHARTS.items():
        svg = page.locator(f"#{figure_id} svg")
        expect(svg).to_be_visible()
        expect(svg.locator("title")).to_have_text(title)
        expect(
            page.get_by_role("img", name=re.compile(re.escape(title)))
        ).to_be_visible()
        box = svg.bounding_box()
        assert box is not None and box["width"] > 200 and box["height"] > 80
        # Bars and lines keep their colours (presentation attributes, no style):
        # some fill or stroke is a colour, not black, white or grey.
        colours = svg.evaluate(
            "el => [...el.querySelectorAll('path,rect,use')]"
            ".flatMap(p => [getComputedStyle(p).fill, getComputedStyle(p).stroke])"
            ".filter(c => /^rgb\\((\\d+), (\\d+), (\\d+)\\)$/.test(c))"
            ".filter(c => { const [r, g, b] = c.match(/\\d+/g).map(Number);"
            " return Math.max(r, g, b) - Math.min(r, g, b) > 40; }).length"
        )
        assert colours > 0, figure_id
    expect(page.locator("#report-ideas .suppressed").first).to_have_text("fewer than 3")
    assert blocked == []

    link = page.get_by_role("link", name="Download PDF")
    response = page.request.get(app_url + link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body()[:5] == b"%PDF-"
