"""The report on the web and in the API: the same service, the same
suppression, the same gate, the same readers."""

from __future__ import annotations

import re

import pypdfium2
import pytest
from django.test import Client
from django.urls import reverse

from backchannel.accounts.services import api_token_create
from backchannel.processes.services import objective_update
from tests.world import World


def _pdf_text(data: bytes) -> str:
    document = pypdfium2.PdfDocument(data)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def _api(client: Client, world: World, role: str, query: str = "") -> object:
    token = api_token_create(user=world.users[role])[1]
    return client.get(
        f"/api/processes/{world.process.pk}/report{query}",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def _composition(html: str) -> str:
    part = html[html.index('id="report-composition"') :]
    return part[: part.index("</section>")]


def test_page_pdf_and_api_suppress_the_same_small_cells(
    client: Client, world: World
) -> None:
    client.force_login(world.users["facilitator"])
    page = client.get(reverse("reports:process-report", args=[world.process.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Download PDF" in html
    assert re.search(
        r"<title id=\"[^\"]+\">Participants by side and gender</title>", html
    )
    assert "fewer than 3" in _composition(html)

    pdf = client.get(reverse("reports:process-report-pdf", args=[world.process.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith("attachment;")
    assert "Lakeshore" not in pdf["Content-Disposition"]
    assert "fewer than 3" in _pdf_text(pdf.content)

    api_html = _api(client, world, "convener", "?format=html")
    assert api_html.status_code == 200
    assert api_html["Content-Type"].startswith("text/html")
    assert "fewer than 3" in _composition(api_html.content.decode())
    api_pdf = _api(client, world, "org_convener")
    assert api_pdf.status_code == 200
    assert "fewer than 3" in _pdf_text(api_pdf.content)


@pytest.mark.parametrize(
    ("role", "status"),
    # Those seated but not managing get the 404 of a random id, like outsiders.
    [("rapporteur", 404), ("participant", 404), ("observer", 404), ("staff", 404)],
)
def test_other_roles_get_no_report(
    client: Client, world: World, role: str, status: int
) -> None:
    client.force_login(world.users[role])
    for name in ("reports:process-report", "reports:process-report-pdf"):
        response = client.get(reverse(name, args=[world.process.pk]))
        assert response.status_code == status, name
        assert b"%PDF" not in response.content
    assert _api(client, world, role).status_code == status


def test_the_gate_refuses_on_the_web_and_in_the_api(
    client: Client, world: World
) -> None:
    name = str(world.people["observer"].name)
    objective_update(
        access=world.access("facilitator"),
        objective=world.objective,
        text=f"Map the options with {name}.",
    )
    client.force_login(world.users["facilitator"])
    page = client.get(reverse("reports:process-report", args=[world.process.pk]))
    assert page.status_code == 422
    assert name in page.content.decode()
    assert "<svg" not in page.content.decode().split("<main", 1)[1]
    pdf = client.get(reverse("reports:process-report-pdf", args=[world.process.pk]))
    assert pdf.status_code == 422 and b"%PDF" not in pdf.content
    api = _api(client, world, "facilitator")
    assert api.status_code == 422
    messages = api.json()["errors"]["report"]
    assert any(name in m for m in messages)


def test_the_api_names_the_formats_it_knows(client: Client, world: World) -> None:
    response = _api(client, world, "facilitator", "?format=docx")
    assert response.status_code == 422
    assert "format" in str(response.json())
