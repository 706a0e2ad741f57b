"""Adversary (round 2): a database dump tells where the meetings are held.

README, security model: "Everything that identifies a person or records what
was said (..., meeting titles, venues and attendance) is encrypted"; what a
dump reveals without the master key is "ids, dates at day granularity,
choices such as track and stage, counts".

A meeting's IANA time zone and its local start time are stored in clear
(``meetings_meeting.time_zone``, ``start_time``): with the venue withheld and
encrypted, a seized database still says that the confidential meetings of a
process take place in, say, Kabul, at 09:30 local time on these days. The data
inventory files the zone under "structure only (ids, dates, choices,
numbers)"; an IANA zone is a place name, not structure.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection

from backchannel.meetings.services import meeting_create
from tests.world import World


def _logical_dump() -> str:
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, (bytes, memoryview)):
                        chunks.append(bytes(value).decode("latin-1"))
                    else:
                        chunks.append(str(value))
    return "\n".join(chunks)


def test_a_dump_does_not_say_where_a_meeting_is_held(world: World) -> None:
    meeting_create(
        access=world.access(),
        title="Quiet round",
        date=dt.date(2026, 3, 10),
        start_time=dt.time(9, 30),
        time_zone="Asia/Kabul",
        duration_minutes=180,
        venue="Serena Hotel, Kabul",
    )
    dump = _logical_dump()
    assert "Serena" not in dump  # the venue itself is encrypted (control)
    assert "Kabul" not in dump, "the meeting's zone names its city in the dump"
