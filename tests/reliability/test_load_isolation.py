"""Under concurrent load from several organisations, no response carries another's data."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

BENCH = Path(__file__).resolve().parents[2] / "bench" / "bench_load.py"


def _bench():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("bench_load", BENCH)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules["bench_load"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_a_short_load_run_leaks_nothing_across_organisations(db: None) -> None:
    bench = _bench()
    stats = bench.run(seconds=8, clients=6, orgs=3, workers=2)
    served = sum(len(v) for k, v in stats.latencies.items() if k != "_elapsed")
    assert served > 10, "too few requests to mean anything"
    assert stats.errors == 0
    assert stats.leaks == []
