"""Property tests on the process importer: any input is refused cleanly or imported whole."""

from __future__ import annotations

import copy
import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backchannel.accounts.services import organisation_create
from backchannel.core.errors import ValidationFailed
from backchannel.core.models import AuditEvent
from backchannel.participants.models import Person
from backchannel.portability.services import (
    document_from_text,
    process_import,
    validate_process_document,
)
from backchannel.processes.models import Process

DATA = Path(__file__).resolve().parents[1] / "data"
EXAMPLE = json.loads((DATA / "process-example.json").read_text())
# One item of every kind of recorded content (format version 2).
EXAMPLE_V2 = json.loads((DATA / "process-v2-example.json").read_text())

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(data=json_values)
def test_validation_of_any_json_value_lists_problems_and_never_crashes(
    data: Any,
) -> None:
    problems = validate_process_document(data)
    assert problems, "only a well-formed process document validates"
    assert all(p.path.startswith("$") and p.message for p in problems)


def _paths(doc: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(doc, dict):
        for key, value in doc.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(doc, list):
        for index, value in enumerate(doc):
            out += _paths(value, (*prefix, index))
    return out


PATHS = [p for p in _paths(EXAMPLE) if p]
PATHS_V2 = [p for p in _paths(EXAMPLE_V2) if p]


def _mutate(doc: Any, path: tuple[Any, ...], value: Any) -> Any:
    doc = copy.deepcopy(doc)
    target = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return doc


@pytest.mark.django_db
@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(path=st.sampled_from(PATHS), value=json_values)
def test_a_mutated_document_is_imported_whole_or_refused_with_nothing_written(
    path: tuple[Any, ...], value: Any
) -> None:
    _imported_whole_or_refused(EXAMPLE, path, value)


@pytest.mark.django_db
@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(path=st.sampled_from(PATHS_V2), value=json_values)
def test_a_mutated_document_with_content_is_imported_whole_or_refused(
    path: tuple[Any, ...], value: Any
) -> None:
    _imported_whole_or_refused(EXAMPLE_V2, path, value)


def _imported_whole_or_refused(
    example: dict[str, Any], path: tuple[Any, ...], value: Any
) -> None:
    organisation = organisation_create(name=f"Import Target {uuid.uuid4().hex[:8]}")
    before = (
        Process.objects.count(),
        Person.objects.count(),
        AuditEvent.objects.count(),
    )
    doc = _mutate(example, path, value)
    try:
        process = process_import(organisation=organisation, data=doc)
    except ValidationFailed as exc:
        assert exc.errors and all(k.startswith("$") for k in exc.errors)
        after = (
            Process.objects.count(),
            Person.objects.count(),
            AuditEvent.objects.count(),
        )
        assert after == before
    else:
        assert process.organisation_id == organisation.pk


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=200))
def test_any_text_parses_or_is_refused_naming_line_and_column(text: str) -> None:
    try:
        document_from_text(text)
    except ValidationFailed as exc:
        assert "line" in exc.errors["$"][0] and "column" in exc.errors["$"][0]
