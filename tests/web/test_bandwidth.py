"""Low bandwidth: each main page, with everything it loads, stays under 200 KB,
and nothing is fetched from another host.

HTML is not compressed by the server (BREACH: pages carry CSRF tokens and
confidential text next to reflected input; see README, "Low bandwidth"), so the
budget counts the HTML as sent, uncompressed, and static assets gzipped as
whitenoise serves them."""

from __future__ import annotations

import gzip
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from backchannel.core import i18n
from tests.consultations.conftest import Open, make_consultation
from tests.web.conftest import WebWorld, as_role

pytestmark = pytest.mark.no_db_difference

BUDGET = 200 * 1024
STATIC_DIR = i18n.PACKAGE_DIR / "static"
EXTERNAL = re.compile(
    r"""(?:src|href|action|srcset)\s*=\s*["']?\s*(?:https?:)?//""", re.I
)
CSS_EXTERNAL = re.compile(r"""(?:url\(\s*["']?\s*(?:https?:)?//|@import)""", re.I)


class _Assets(HTMLParser):
    """The URLs a browser fetches to show the page."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        rel = a.get("rel") or ""
        if tag == "link" and a.get("href") and ("stylesheet" in rel or "icon" in rel):
            self.urls.append(a["href"] or "")
        elif tag in ("script", "img", "source", "iframe", "embed") and a.get("src"):
            self.urls.append(a["src"] or "")


def _assets(html: str) -> list[str]:
    parser = _Assets()
    parser.feed(html)
    return parser.urls


def _weigh(client: Client, url: str) -> tuple[int, dict[str, int]]:
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    sizes = {url: len(response.content)}
    for asset in _assets(html):
        assert asset.startswith("/") and not asset.startswith("//"), (
            f"{url} loads {asset} from another host"
        )
        fetched = client.get(asset)
        assert fetched.status_code == 200, asset
        body = (
            b"".join(fetched.streaming_content)
            if fetched.streaming
            else fetched.content
        )
        sizes[asset] = len(gzip.compress(body, compresslevel=6))
    return sum(sizes.values()), sizes


@pytest.fixture
def opened(web: WebWorld) -> Open:
    return make_consultation(web.world)


def test_main_pages_with_their_assets_stay_under_200_kb(
    client: Client, web: WebWorld, opened: Open
) -> None:
    ids = web.ours
    pages = [
        reverse("processes:process-list"),
        reverse("processes:process-detail", args=[ids.process]),
        reverse("meetings:meeting-detail", args=[ids.meeting]),
        reverse("records:meeting-record", args=[ids.meeting]),
        reverse("ideas:idea-list", args=[ids.process]),
        reverse("ideas:idea-detail", args=[ids.idea]),
        reverse("evaluation:overview", args=[ids.process]),
        reverse("reports:process-report", args=[ids.process]),
        reverse("participants:seat-list", args=[ids.process]),
        reverse("consultations:consultation-list", args=[ids.process]),
        reverse("accounts:token-list"),
    ]
    as_role(client, web.world, "convener")
    for language in ("en", "ar"):
        client.cookies["backchannel_language"] = language
        for url in pages:
            total, sizes = _weigh(client, url)
            assert total < BUDGET, (url, language, sizes)
    client.logout()
    for url in (reverse("login"), opened.vote_url):
        total, sizes = _weigh(client, url)
        assert total < BUDGET, (url, sizes)


def test_no_template_stylesheet_or_script_fetches_from_another_host() -> None:
    found = []
    for path in i18n.template_files():
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if EXTERNAL.search(line):
                found.append(f"{path}:{number}: {line.strip()}")
    for path in [*STATIC_DIR.rglob("*.css"), *STATIC_DIR.rglob("*.js")]:
        text = Path(path).read_text()
        if CSS_EXTERNAL.search(text) or re.search(r"""["'](?:https?:)?//""", text):
            found.append(str(path))
    assert not found, "third-party assets:\n" + "\n".join(found)


def test_the_checks_catch_an_external_asset() -> None:
    assert _assets('<link rel="stylesheet" href="https://cdn.example/x.css">') == [
        "https://cdn.example/x.css"
    ]
    assert EXTERNAL.search('<script src="//cdn.example/x.js"></script>')
    assert CSS_EXTERNAL.search("body { background: url('https://x.example/a.png') }")
    assert not EXTERNAL.search('<a href="/processes/">')
