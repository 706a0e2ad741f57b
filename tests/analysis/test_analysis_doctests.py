"""Run the docstring examples of every analysis module."""

import doctest
import importlib

import pytest

pytestmark = pytest.mark.no_db_difference

MODULES = [
    "clusters",
    "consensus",
    "matrix",
    "metrics",
    "network",
    "pca",
    "pipeline",
    "polis_io",
    "repness",
    "synthetic",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(f"backchannel.analysis.{name}")
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0
