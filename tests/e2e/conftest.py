"""Browser tests: Playwright driving the system Chromium against live_server.

Skipped with install instructions where Chromium is absent, except when
BACKCHANNEL_REQUIRE_BROWSER=1 (CI), where a missing browser fails the run.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "1")


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser_type_launch_args(
    browser_type_launch_args: dict[str, Any],
) -> dict[str, Any]:
    chromium = _chromium()
    if chromium is None:
        message = (
            "Chromium not found: install the Debian packages 'chromium' and "
            "'chromium-driver' (apt-get install chromium chromium-driver) to run "
            "the browser tests"
        )
        if os.environ.get("BACKCHANNEL_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return {
        **browser_type_launch_args,
        "executable_path": chromium,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def app_url(live_server: Any) -> str:
    return str(live_server.url)


@pytest.fixture
def e2e_login(page: Any, app_url: str) -> Iterator[Any]:
    def login(username: str, password: str) -> None:
        page.goto(f"{app_url}/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()

    yield login
