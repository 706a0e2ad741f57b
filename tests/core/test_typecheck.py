"""The types step of `make lint` (tests/typecheck.py): its baseline only shrinks."""

from __future__ import annotations

from collections import Counter

import pytest

from tests import typecheck

PYPROJECT = """[tool.mypy]
files = ["backchannel"]

# baseline: begin
[[tool.mypy.overrides]]
module = [
  "backchannel.ideas.views",
  "backchannel.records.api",
]
ignore_errors = true
# baseline: end

[tool.other]
"""

MYPY = """backchannel/ideas/views.py:10: error: Item "None" has no attribute "pk"  [union-attr]
backchannel/ideas/views.py:12: note: a note is not an error
backchannel/records/api.py:3: error: Incompatible types  [assignment]
backchannel/records/api.py:9: error: Incompatible types  [assignment]
Found 3 errors in 2 files (checked 9 source files)
"""

README = "Elsewhere: 2 modules still on the baseline, 3 errors. More text."


def test_reads_the_baseline_and_takes_it_out():
    assert typecheck.baseline(PYPROJECT) == [
        "backchannel.ideas.views",
        "backchannel.records.api",
    ]
    config = typecheck.without_baseline(PYPROJECT)
    assert "ignore_errors" not in config
    assert "[tool.mypy]" in config
    assert "[tool.other]" in config


def test_a_pyproject_without_markers_is_refused_with_the_fix():
    with pytest.raises(ValueError, match="baseline: begin"):
        typecheck.baseline("[tool.mypy]\n")


def test_counts_errors_per_module_not_notes():
    counts = typecheck.errors_per_module(
        MYPY + "backchannel/core/__init__.py:1: error: x  [misc]\n"
    )
    assert counts == Counter(
        {
            "backchannel.ideas.views": 1,
            "backchannel.records.api": 2,
            "backchannel.core": 1,
        }
    )


def test_the_run_that_matches_the_readme_passes():
    verdict = typecheck.judge(
        typecheck.errors_per_module(MYPY),
        typecheck.baseline(PYPROJECT),
        readme=README,
    )
    assert verdict.problems == []
    assert (verdict.modules, verdict.errors) == (2, 3)


def test_an_error_outside_the_baseline_fails():
    counts = typecheck.errors_per_module(MYPY) + Counter({"backchannel.core.web": 1})
    verdict = typecheck.judge(counts, typecheck.baseline(PYPROJECT), readme=README)
    assert len(verdict.problems) == 1
    assert "backchannel.core.web: 1 error(s)" in verdict.problems[0]
    assert "not on the baseline" in verdict.problems[0]


def test_a_clean_module_left_on_the_baseline_fails():
    counts = Counter({"backchannel.records.api": 3})
    verdict = typecheck.judge(counts, typecheck.baseline(PYPROJECT), readme=README)
    assert any(
        "backchannel.ideas.views has no error left" in p for p in verdict.problems
    )


def test_more_errors_than_the_readme_allows_fail():
    counts = typecheck.errors_per_module(MYPY) + Counter({"backchannel.ideas.views": 2})
    verdict = typecheck.judge(counts, typecheck.baseline(PYPROJECT), readme=README)
    assert verdict.errors == 5
    assert any("more than the 3 the README allows" in p for p in verdict.problems)


def test_fewer_errors_ask_for_the_readme_to_follow():
    counts = Counter({"backchannel.ideas.views": 1, "backchannel.records.api": 1})
    verdict = typecheck.judge(counts, typecheck.baseline(PYPROJECT), readme=README)
    assert verdict.problems == [
        'The README says "2 modules still on the baseline, 3 errors": make it '
        '"2 modules still on the baseline, 2 errors" (or run `python '
        "tests/typecheck.py --update`)."
    ]


def test_a_readme_without_the_figures_fails():
    verdict = typecheck.judge(
        typecheck.errors_per_module(MYPY),
        typecheck.baseline(PYPROJECT),
        readme="nothing",
    )
    assert any("must say" in p for p in verdict.problems)


def test_update_drops_clean_modules_and_rewrites_the_figures():
    counts = Counter({"backchannel.records.api": 2})
    pyproject, readme = typecheck.updated(PYPROJECT, README, counts)
    assert typecheck.baseline(pyproject) == ["backchannel.records.api"]
    assert "[tool.other]" in pyproject
    assert readme == "Elsewhere: 1 modules still on the baseline, 2 errors. More text."
    verdict = typecheck.judge(counts, typecheck.baseline(pyproject), readme=readme)
    assert verdict.problems == []
