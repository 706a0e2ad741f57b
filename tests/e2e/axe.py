"""axe-core, installed from the npm registry (package.json, ``npm ci``), run in
the page under test by the browser tests.

Where ``node_modules/axe-core`` is missing the accessibility tests skip with
the command that installs it, except under BACKCHANNEL_REQUIRE_BROWSER=1 (CI),
where a missing axe fails the run, like a missing Chromium.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# Impacts that fail a page; "minor" and "moderate" ones are printed, not failed.
BLOCKING = {"serious", "critical"}


def require_axe() -> Path:
    """The path of axe.min.js, or skip (fail in CI) naming how to install it."""
    if not AXE.is_file():
        message = (
            f"axe-core not found at {AXE}: install Node.js 20 and npm, then run "
            "'npm ci' at the repository root to run the accessibility tests"
        )
        if os.environ.get("BACKCHANNEL_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return AXE


def violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's violations on the page as loaded (WCAG 2.x A and AA rules and
    axe's best practices)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(require_axe()))
    return list(page.evaluate("async () => (await axe.run(document)).violations"))


def blocking(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [v for v in found if v.get("impact") in BLOCKING]


def describe(where: str, found: list[dict[str, Any]]) -> str:
    """One readable block per violation: rule, impact, targets, help URL."""
    lines = []
    for v in found:
        targets = [", ".join(map(str, node["target"])) for node in v["nodes"]][:5]
        more = len(v["nodes"]) - len(targets)
        lines.append(
            f"{where}: {v['id']} ({v['impact']}) {v['help']}\n"
            f"    on {'; '.join(targets)}{f' and {more} more' if more > 0 else ''}\n"
            f"    see {v['helpUrl']}"
        )
    return "\n".join(lines)
