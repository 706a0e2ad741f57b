"""The key store (backchannel/core/keystore.py): apart from the database, owner
only, shared by app servers on PostgreSQL, and refused when misconfigured."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection

from backchannel.core import crypto, keystore
from backchannel.processes.models import Process
from backchannel.processes.services import process_destroy

ROOT = Path(__file__).resolve().parents[2]


def test_the_sqlite_key_store_is_readable_by_its_owner_only(db: None) -> None:
    from tests.world import build_world

    build_world()
    path = keystore.location().path
    assert path is not None and path.exists()
    assert path.stat().st_mode & 0o077 == 0


@pytest.fixture
def postgres_key_store(db: None, settings: object) -> Iterator[str]:
    if connection.vendor != "postgresql":
        pytest.skip("runs when the suite runs on PostgreSQL (DATABASE_URL)")
    import psycopg

    params = connection.settings_dict
    name = f"{str(params['NAME']).removeprefix('test_')}_keys_{uuid.uuid4().hex[:6]}"
    admin = {
        "dbname": "postgres",
        "host": params["HOST"] or "127.0.0.1",
        "port": params["PORT"] or 5432,
        "user": params["USER"],
    }
    with psycopg.connect(**admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = f"postgres://{params['USER']}@{admin['host']}:{admin['port']}/{name}"
    settings.BACKCHANNEL_KEYSTORE_URL = url  # type: ignore[attr-defined]
    keystore.close()
    crypto.reset_caches()
    try:
        yield name
    finally:
        keystore.close()
        with psycopg.connect(**admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_postgresql_key_store_keeps_and_destroys_keys(
    postgres_key_store: str, tmp_path: Path
) -> None:
    from tests.world import build_world

    world = build_world()
    assert "PostgreSQL database" in keystore.location().describe()
    assert keystore.get(world.process.data_key_id).wrapped is not None
    crypto.reset_caches()
    assert (
        str(Process.objects.get(pk=world.process.pk).title)
        == "Lakeshore Water Dialogue"
    )
    backup = keystore.backup_write(tmp_path)
    process_destroy(process=world.process, actor=None)
    assert keystore.get(world.process.data_key_id).wrapped is None
    # A backup of the key store from before, merged back: destruction wins.
    keystore.backup_merge(keystore.backup_read(backup))
    assert keystore.get(world.process.data_key_id).wrapped is None
    assert crypto.canary_problem() is None


def _settings_env(**extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SECURE_", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"))
    }
    env.update(
        DATABASE_URL="postgres://backchannel@127.0.0.1:5432/backchannel",
        SECRET_KEY="x" * 60,
        BACKCHANNEL_MASTER_KEY=crypto.generate_master_key_text(),
        **extra,
    )
    return env


def _check(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "backchannel", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_deployment_without_a_key_store_or_sharing_the_database_is_refused() -> None:
    env = _settings_env()
    env.pop("BACKCHANNEL_KEYSTORE_URL", None)
    result = _check(env)
    assert result.returncode != 0
    assert "BACKCHANNEL_KEYSTORE_URL is not set" in result.stderr
    same = _check(
        _settings_env(
            BACKCHANNEL_KEYSTORE_URL="postgres://backchannel@127.0.0.1:5432/backchannel"
        )
    )
    assert same.returncode != 0
    assert "same database as DATABASE_URL" in same.stderr
    assert "Traceback" not in result.stderr + same.stderr
