"""Fixtures for the framework-free analysis tests (no Django needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data" / "polis"

#: Rows of the ARI table filled by test_real_data.py, shown in the summary.
ARI_ROWS: list[tuple[str, int, int, int, int, float, float]] = []


@pytest.fixture
def polis_data() -> Path:
    return DATA


@pytest.fixture(scope="session")
def ari_rows() -> list[tuple[str, int, int, int, int, float, float]]:
    return ARI_ROWS


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not ARI_ROWS:
        return
    tr = terminalreporter
    tr.section("Pol.is agreement (adjusted Rand index vs exported group-id)")
    tr.write_line(
        f"{'conversation':28} {'clustered':>9} {'compared':>8} {'k':>2} "
        f"{'polis k':>7} {'ARI':>6} {'floor':>6}"
    )
    for name, n_in, n_cmp, k, pk, ari, floor in sorted(ARI_ROWS):
        tr.write_line(
            f"{name:28} {n_in:9d} {n_cmp:8d} {k:2d} {pk:7d} {ari:6.3f} {floor:6.2f}"
        )
