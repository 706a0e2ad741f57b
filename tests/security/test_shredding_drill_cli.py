"""The issue-21 drill, as an operator types it, across two deployments.

``backchannel backup -o before.bak`` and ``backchannel keys backup`` on the
first; ``backchannel process destroy P --yes``; then a second deployment (its
own data directory, an empty database, the same master key, the key store
restored from the first one's newest key-store backup as the README says)
restores before.bak, and ``backchannel export`` of each process gets nothing of
P and every other process whole.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.reliability.durability import Harness

# Its deployments are SQLite data directories of their own, whatever DATABASE_URL says.
pytestmark = [pytest.mark.slow, pytest.mark.no_db_difference]

IDS = (
    "import json; from backchannel.processes.models import Process; "
    "print(json.dumps([str(p.pk) for p in Process.objects.order_by('created_on', 'pk')]))"
)


def test_backup_destroy_restore_elsewhere_export(
    tmp_path: Path, migrated_sqlite: Path
) -> None:
    source = Harness(data_dir=tmp_path / "first")
    source.seed_schema(migrated_sqlite)
    source.manage("demo", "--no-serve")
    ids = json.loads(source.manage("shell", "-c", IDS).splitlines()[-1])
    assert len(ids) >= 3
    victim, others = ids[0], ids[1:]
    before = tmp_path / "before.bak"
    source.manage("backup", "-o", str(before))
    source.manage("keys", "backup")
    exported = {pk: source.manage("export", pk) for pk in ids}
    assert json.loads(exported[victim])["participants"]
    victim_key = source.manage(
        "shell",
        "-c",
        f"from backchannel.processes.models import Process; "
        f"print(Process.objects.get(pk={victim!r}).data_key_id)",
    ).split()[-1]
    source.manage("process", "destroy", victim, "--yes")
    live = {pk: source.manage("export", pk) for pk in others}

    target = Harness(data_dir=tmp_path / "second")
    target.seed_schema(migrated_sqlite)
    for name in ("master.key", "secret.key"):
        shutil.copy2(source.data_dir / name, target.data_dir / name)
    target.manage("migrate", "--noinput", "-v0")
    newest = sorted((source.data_dir / "key-backups").glob("keys-*.json"))[-1]
    target.manage("keys", "restore", str(newest))
    report = target.manage("restore", str(before))
    assert "crypto-shredded" in report and victim in report, report

    with pytest.raises(subprocess.CalledProcessError) as refused:
        target.manage("export", victim)
    assert "No process has the id" in refused.value.stderr
    assert "Traceback" not in refused.value.stderr
    for pk in others:
        assert target.manage("export", pk) == live[pk]
    # The second deployment holds no row of the destroyed process, and its key
    # store knows the key only as destroyed.
    check = (
        "from django.apps import apps; from backchannel.core import keystore; "
        "from backchannel.processes.models import Process; "
        f"key = {victim_key!r}; "
        "rows = sum(m._base_manager.filter(data_key_id=key).count() "
        "for m in apps.get_models() if any(f.attname == 'data_key_id' "
        "for f in m._meta.concrete_fields)); "
        "print(rows, keystore.get(key).wrapped is None)"
    )
    assert target.manage("shell", "-c", check).split()[-2:] == ["0", "True"]
