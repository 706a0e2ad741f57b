"""The API contract, pinned: any change to an operation or a schema shows up as a
diff of tests/api/openapi.json. Regenerate it on purpose with
``UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/api/test_openapi.py``."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from django.test import Client

from backchannel.api import api
from tests.api.test_roles import CASES

SNAPSHOT = Path(__file__).with_name("openapi.json")


def _schema_text() -> str:
    schema = api.get_openapi_schema(path_prefix="/api/")
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_the_openapi_schema_matches_the_committed_snapshot() -> None:
    text = _schema_text()
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.write_text(text, encoding="utf-8")
    assert SNAPSHOT.exists(), "No snapshot yet: run once with UPDATE_SNAPSHOTS=1."
    assert text == SNAPSHOT.read_text(encoding="utf-8"), (
        "The API changed. If on purpose, regenerate tests/api/openapi.json with "
        "UPDATE_SNAPSHOTS=1 and review the diff."
    )


def test_every_operation_requires_a_token_and_is_tested_role_by_role() -> None:
    schema = json.loads(_schema_text())
    operations = {
        (method.upper(), re.sub(r"{\w+}", "{id}", path)): operation
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    }
    for operation in operations.values():
        assert operation["security"] == [{"TokenAuth": []}], operation["operationId"]
        assert "401" in operation["responses"], operation["operationId"]
    # Translated texts: the cases name the kind (/texts/note/...) literally.
    tested = {
        (
            c.method,
            re.sub(r"{\w+}", "{id}", re.sub(r"/texts/\w+/", "/texts/{k}/", c.path)),
        )
        for c in CASES
    }
    assert tested == set(operations)


def test_the_docs_page_opens_without_a_token(db: None) -> None:
    client = Client()
    assert client.get("/api/docs").status_code == 200
    assert client.get("/api/openapi.json").json()["info"]["title"] == "Backchannel API"
