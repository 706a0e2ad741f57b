"""The audit page's verification: the verified prefix is kept (in memory) so a
long log is not read in full on every view, without missing what matters."""

from __future__ import annotations

from typing import Any

import pytest

from backchannel.core import audit
from backchannel.core.audit import audit_checkpoint, audit_record, audit_verify
from backchannel.core.audit_recent import FULL_VERIFY_SECONDS, audit_verify_recent
from backchannel.core.models import AuditCheckpoint, AuditEvent, AuditHead

pytestmark = pytest.mark.django_db


@pytest.fixture
def macs_computed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The entries whose MAC a verification recomputes, by sequence number."""
    seen: list[int] = []
    real = audit.canonical

    def counting(event: Any) -> bytes:
        seen.append(event.seq)
        return real(event)

    monkeypatch.setattr(audit, "canonical", counting)
    return seen


def _log(n: int, tag: str = "e") -> None:
    for i in range(n):
        audit_record(actor=None, verb=f"t.{tag}{i}")


def test_later_views_read_only_the_new_entries_and_a_sample(
    macs_computed: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audit, "PREFIX_SAMPLE", 5)
    _log(20)
    macs_computed.clear()  # writing computes them too
    first = audit_verify_recent(now=1000.0)
    assert first.broken is None and first.full_through == 20
    assert macs_computed == list(range(1, 21))
    _log(3, "new")
    macs_computed.clear()
    again = audit_verify_recent(now=1001.0)
    assert again.broken is None and again.full_age == 1.0
    sampled, new = macs_computed[:5], macs_computed[5:]
    assert new == [21, 22, 23]
    assert len(set(sampled)) == 5 and set(sampled) <= set(range(1, 21))


def test_a_short_log_is_reread_whole_on_every_view() -> None:
    _log(10)
    assert audit_verify_recent(now=1000.0).broken is None
    AuditEvent.objects.filter(seq=4).update(actor_label="somebody")
    broken = audit_verify_recent(now=1001.0).broken
    assert broken is not None and broken.seq == 4


def test_a_new_entry_tampered_with_is_caught_at_once() -> None:
    _log(10)
    assert audit_verify_recent(now=1000.0).broken is None
    _log(2, "new")
    AuditEvent.objects.filter(seq=11).update(actor_label="somebody")
    broken = audit_verify_recent(now=1001.0).broken
    assert broken is not None and broken.seq == 11


@pytest.mark.parametrize("attack", ["remac", "cut", "checkpoint"])
def test_what_is_checked_in_the_prefix_without_reading_it(attack: str) -> None:
    _log(10)
    audit_checkpoint()  # at entry 10
    _log(5, "more")
    assert audit_verify_recent(now=1000.0).broken is None  # mark at 15
    if attack == "remac":  # the entry verified last, given another MAC
        AuditEvent.objects.filter(seq=15).update(hash="0" * 64)
        want = 15
    elif attack == "cut":  # entries cut and the head put back (an old row)
        AuditEvent.objects.filter(seq__gt=12).delete()
        AuditHead.objects.filter(pk=1).update(count=12)
        want = 13
    else:  # the checkpoint kept in the database, rewritten
        AuditCheckpoint.objects.filter(seq=10).update(hash="f" * 64)
        want = 10
    broken = audit_verify_recent(now=1001.0).broken
    assert broken is not None and broken.seq == want
    full = audit_verify()
    assert full is not None and (full.seq, full.reason) == (broken.seq, broken.reason)


def test_an_edit_inside_the_verified_prefix_shows_at_the_next_full_pass(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The limit of the short pass: the content of entries it verified in full
    before is read only for a random sample (none here, as if the sample
    missed it). ``audit verify`` catches it at once; the page within
    FULL_VERIFY_SECONDS."""
    monkeypatch.setattr(audit, "PREFIX_SAMPLE", 0)
    _log(10)
    assert audit_verify_recent(now=1000.0).broken is None
    AuditEvent.objects.filter(seq=4).update(actor_label="somebody")
    assert audit_verify_recent(now=1001.0).broken is None  # missed, for now
    broken = audit_verify()
    assert broken is not None and broken.seq == 4
    later = audit_verify_recent(now=1000.0 + FULL_VERIFY_SECONDS)
    assert later.broken is not None and later.broken.seq == 4
    assert later.full_age == 0.0


def test_a_log_replaced_whole_is_verified_in_full_not_reported_broken() -> None:
    """A deliberate restore (or another test database) replaces the log: the
    kept entry no longer matches, and a full pass decides."""
    _log(10)
    assert audit_verify_recent(now=1000.0).broken is None
    AuditEvent.objects.all().delete()
    AuditHead.objects.all().delete()
    _log(4, "fresh")
    result = audit_verify_recent(now=1001.0)
    assert result.broken is None and result.full_through == 4
