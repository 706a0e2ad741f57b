from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backchannel.core.audit import (
    audit_checkpoint,
    audit_public_key,
    audit_record,
    audit_verify,
    legacy_hash,
    parse_public_key,
)
from backchannel.core.models import AuditEvent, AuditHead

TAMPERINGS = [
    "modify_verb",
    "modify_target",
    "modify_actor",
    "delete",
    "insert",
    "swap",
    "modify_hash",
    "rehash_one",
    "truncate",
]


def _copy(event: AuditEvent) -> AuditEvent:
    return AuditEvent(
        **{f.attname: getattr(event, f.attname) for f in AuditEvent._meta.fields}
    )


@pytest.mark.django_db
@settings(
    max_examples=120,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    deadline=None,
)
@given(kind=st.sampled_from(TAMPERINGS), index=st.integers(min_value=0, max_value=7))
def test_every_tampering_of_the_audit_log_is_detected(kind: str, index: int) -> None:
    AuditEvent.objects.all().delete()
    AuditHead.objects.all().delete()
    for i in range(8):
        audit_record(actor=None, verb=f"test.event{i}")
    checkpoint = audit_checkpoint()  # kept off the server
    events = list(AuditEvent.objects.order_by("seq"))
    public = parse_public_key(audit_public_key(), source="test")
    assert audit_verify(events, checkpoint=checkpoint, public_key=public) is None
    chain = [_copy(e) for e in events]
    target = chain[index]
    if kind == "modify_verb":
        target.verb = "test.innocent"
    elif kind == "modify_target":
        target.target_id = "someone-else"
    elif kind == "modify_actor":
        target.actor_label = "somebody"
    elif kind == "modify_hash":
        target.hash = "f" * 64
    elif kind == "rehash_one":
        # A careful forger recomputes the entry's own hash after editing it.
        target.verb = "test.rewritten"
        target.hash = legacy_hash(target)
    elif kind == "delete":
        chain.pop(index)
    elif kind == "truncate":
        del chain[index:]
    elif kind == "insert":
        forged = _copy(target)
        forged.verb = "test.forged"
        forged.hash = legacy_hash(forged)
        chain.insert(index, forged)
    elif kind == "swap":
        other = (index + 1) % len(chain)
        chain[index], chain[other] = chain[other], chain[index]
    assert audit_verify(chain, checkpoint=checkpoint, public_key=public) is not None


def test_a_forged_checkpoint_is_refused(db: None) -> None:
    from dataclasses import replace

    audit_record(actor=None, verb="test.one")
    checkpoint = audit_checkpoint()
    audit_record(actor=None, verb="test.two")
    forged = replace(checkpoint, seq=2, hash=AuditEvent.objects.get(seq=2).hash)
    from backchannel.core.audit import AuditBroken

    with pytest.raises(AuditBroken):
        audit_verify(
            checkpoint=forged,
            public_key=parse_public_key(audit_public_key(), source="test"),
        )


def test_audit_verify_command_names_the_first_bad_entry(
    db: None, capsys: pytest.CaptureFixture[str], tmp_path: Path, settings: object
) -> None:
    settings.BACKCHANNEL_AUDIT_PUBLIC_KEY = audit_public_key()  # type: ignore[attr-defined]
    for i in range(3):
        audit_record(actor=None, verb=f"test.event{i}")
    checkpoint_file = tmp_path / "checkpoint.json"
    call_command("audit", "checkpoint", "--output", str(checkpoint_file))
    call_command("audit", "verify", "--checkpoint", str(checkpoint_file))
    assert "matches the checkpoint at entry 3" in capsys.readouterr().out
    AuditEvent.objects.filter(seq=2).update(verb="test.rewritten")
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit", "verify")
    assert exit_info.value.code == 1
    assert "entry 2" in capsys.readouterr().err


def test_a_log_cut_short_is_caught_by_the_checkpoint(
    db: None, capsys: pytest.CaptureFixture[str], tmp_path: Path, settings: object
) -> None:
    settings.BACKCHANNEL_AUDIT_PUBLIC_KEY = audit_public_key()  # type: ignore[attr-defined]
    for i in range(4):
        audit_record(actor=None, verb=f"test.event{i}")
    checkpoint_file = tmp_path / "checkpoint.json"
    call_command("audit", "checkpoint", "--output", str(checkpoint_file))
    AuditEvent.objects.filter(seq__gte=3).delete()
    from backchannel.core.models import AuditCheckpoint

    AuditCheckpoint.objects.all().delete()  # the copy in the database goes too
    with pytest.raises(SystemExit):
        call_command("audit", "verify", "--checkpoint", str(checkpoint_file))
    assert "entry 3" in capsys.readouterr().err
