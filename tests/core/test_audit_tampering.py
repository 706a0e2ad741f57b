from __future__ import annotations

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backchannel.core.audit import audit_record, audit_verify
from backchannel.core.models import AuditEvent


def _events(n: int) -> list[AuditEvent]:
    for i in range(n):
        audit_record(actor=None, verb=f"test.event{i}")
    return list(AuditEvent.objects.order_by("seq"))


TAMPERINGS = ["modify_verb", "modify_target", "delete", "insert", "swap", "modify_hash"]


@pytest.mark.django_db
@settings(
    max_examples=60,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    deadline=None,
)
@given(kind=st.sampled_from(TAMPERINGS), index=st.integers(min_value=0, max_value=7))
def test_every_tampering_of_the_audit_log_is_detected(kind: str, index: int) -> None:
    AuditEvent.objects.all().delete()
    from backchannel.core.models import AuditHead

    AuditHead.objects.all().delete()
    events = _events(8)
    assert audit_verify(events) is None
    chain = [
        AuditEvent(
            **{f.attname: getattr(e, f.attname) for f in AuditEvent._meta.fields}
        )
        for e in events
    ]
    target = chain[index]
    if kind == "modify_verb":
        target.verb = "test.innocent"
    elif kind == "modify_target":
        target.target_id = "someone-else"
    elif kind == "modify_hash":
        target.hash = "f" * 64
    elif kind == "delete":
        chain.pop(index)
    elif kind == "insert":
        forged = AuditEvent(
            **{f.attname: getattr(target, f.attname) for f in AuditEvent._meta.fields}
        )
        forged.verb = "test.forged"
        forged.hash = forged.compute_hash()
        chain.insert(index, forged)
    elif kind == "swap":
        other = (index + 1) % len(chain)
        chain[index], chain[other] = chain[other], chain[index]
    if kind == "delete" and index == len(events) - 1:
        # Truncating the tail is caught against the head, not the chain itself.
        assert len(chain) < AuditEvent.objects.count()
        return
    assert audit_verify(chain) is not None


def test_audit_verify_command_names_the_first_bad_entry(
    db: None, capsys: pytest.CaptureFixture[str]
) -> None:
    _events(3)
    call_command("audit", "verify")
    AuditEvent.objects.filter(seq=2).update(verb="test.rewritten")
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit", "verify")
    assert exit_info.value.code == 1
    assert "entry 2" in capsys.readouterr().err
