"""Benchmark the workspace's main pages on a process at a realistic size.

Usage::

    python bench/bench_pages.py                  # 300 participants, 100 meetings, ...
    python bench/bench_pages.py --scale 0.1      # a tenth of everything (a quick look)
    python bench/bench_pages.py --requests 40    # requests per page and role
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_pages python bench/bench_pages.py

Builds, in a fresh database (a temporary SQLite data directory unless
``DATABASE_URL`` names an empty PostgreSQL database), one process with 300
participants who took up their seats (logins, invitations accepted), 100
meetings with attendance and 5,000 notes, 200 floated ideas with feedback, 10
trust rounds answered and closed, outputs and consultations: all through the
services, so every row is what the app writes (encrypted fields, audit
entries, published round figures). Then it opens every main page as each role
that may read it with Django's test client, ``--requests`` times, and prints
p50 and p95 in milliseconds, the queries each page ran, and the ratio of the
p50 to ``/healthz`` timed in the same run, with the load average and the
number of cores: on a shared machine the milliseconds say little, the ratio
more. The issue's target is a p95 of 100 ms per page; this prints it, it does
not assert it. Not run by the test suite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ROLES = [
    "org_convener",
    "convener",
    "facilitator",
    "rapporteur",
    "participant",
    "observer",
]
MANAGERS = ["org_convener", "convener", "facilitator"]
# page -> (url name, object it is about, roles that may read it)
PAGES: dict[str, tuple[str, str | None, list[str]]] = {
    "dashboard": ("processes:process-detail", "process", ROLES),
    "roster": ("participants:seat-list", "process", ROLES),
    "meetings": ("meetings:meeting-list", "process", ROLES),
    "meeting": ("meetings:meeting-detail", "meeting", ROLES),
    "record": ("records:meeting-record", "meeting", ROLES),
    "ideas": ("ideas:idea-list", "process", ROLES),
    "idea": ("ideas:idea-detail", "idea", ROLES),
    "rounds": ("evaluation:round-list", "process", [*MANAGERS, "participant"]),
    "evaluation": ("evaluation:overview", "process", MANAGERS),
    "outputs": ("transfer:output-list", "process", [*MANAGERS, "rapporteur"]),
    "consultations": ("consultations:consultation-list", "process", ROLES),
    "audit": ("accounts:audit-list", "organisation", ["org_convener"]),
}


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class Builder:
    """The process at size, through the services."""

    def __init__(self, scale: float) -> None:
        self.scale = scale
        self.users: dict[str, Any] = {}

    def n(self, full: int) -> int:
        return max(1, round(full * self.scale))

    def build(self) -> dict[str, Any]:
        from backchannel.accounts.services import (
            membership_set,
            organisation_create,
            user_create,
        )
        from backchannel.processes.access import access_process_by_id
        from tests.world import build_design, build_process

        started = time.perf_counter()
        self.password = secrets.token_urlsafe()
        convener = user_create(username="bench-org-convener", password=self.password)
        self.users["org_convener"] = convener
        org = organisation_create(name="Bench Institute")
        membership_set(organisation=org, user=convener, role="convener")
        process = build_process(
            convener,
            org,
            title="Bench Basin Dialogue",
            context="A shared river basin.",
        )
        access = access_process_by_id(convener, process.pk)
        self.access = access
        self.org, self.process = org, process
        phase, objective, _indicator = build_design(
            access, ends_on=dt.date(2027, 12, 31)
        )
        self.phase, self.objective = phase, objective
        self._staff()
        seats = self._participants(self.n(300))
        _say(f"  seats: {time.perf_counter() - started:.0f} s")
        meeting = self._meetings(seats, self.n(100), self.n(5000))
        _say(f"  meetings and notes: {time.perf_counter() - started:.0f} s")
        idea = self._ideas(seats, self.n(200))
        _say(f"  ideas and feedback: {time.perf_counter() - started:.0f} s")
        self._rounds(seats, self.n(10))
        self._outputs(self.n(20))
        _say(f"  built in {time.perf_counter() - started:.0f} s")
        return {
            "process": process.pk,
            "organisation": org.pk,
            "meeting": meeting.pk,
            "idea": idea.pk,
        }

    def _person(self, name: str, role: str, side: Any, username: str) -> Any:
        from backchannel.accounts.services import user_create
        from backchannel.participants.services import (
            invitation_accept,
            invitation_create,
            person_create,
            seat_create,
        )
        from backchannel.processes.rules import ground_rules_version

        user = user_create(username=username, password=self.password)
        person = person_create(
            actor=self.users["org_convener"],
            organisation=self.org,
            name=name,
            gender="woman" if len(name) % 2 else "man",
            capacity="expert",
            level="broader",
            user=user,
        )
        seat = seat_create(access=self.access, person=person, role=role, side=side)
        _, code = invitation_create(access=self.access, seat=seat)
        seat = invitation_accept(
            code=code,
            user=user,
            accept_rules=True,
            rules_version=ground_rules_version(self.process),
        )
        return user, seat

    def _staff(self) -> None:
        from backchannel.accounts.services import membership_set

        north = self.process.sides.order_by("position")[0]
        for role in ("convener", "facilitator", "rapporteur", "observer"):
            user, _ = self._person(
                f"Bench {role.title()}",
                role,
                north if role == "observer" else None,
                f"bench-{role}",
            )
            membership_set(organisation=self.org, user=user, role="staff")
            self.users[role] = user

    def _participants(self, count: int) -> list[Any]:
        sides = list(self.process.sides.order_by("position"))
        seats = []
        for i in range(count):
            user, seat = self._person(
                f"Delegate {sides[i % 2].name} Number{i}",
                "participant",
                sides[i % 2],
                f"bench-delegate-{i}",
            )
            seats.append(seat)
            if i == 0:
                self.users["participant"] = user
        return seats

    def _meetings(self, seats: list[Any], count: int, notes: int) -> Any:
        from backchannel.meetings.services import attendance_set, meeting_create
        from backchannel.records.services import note_record

        per_meeting = max(1, notes // count)
        first = None
        for m in range(count):
            meeting = meeting_create(
                access=self.access,
                title=f"Round {m + 1}",
                date=dt.date(2026, 1, 5) + dt.timedelta(days=7 * m),
                phase=self.phase,
                agenda=["Welcome", "Options", "Next steps"],
                segments=[
                    {"title": "Opening", "record_rule": "on_record"},
                    {"title": "Options", "record_rule": "chatham_house"},
                    {"title": "Dinner", "record_rule": "off_record"},
                ],
            )
            # a rotating third of the participants, the first one always
            third = seats[m % 3 :: 3]
            attendance_set(
                access=self.access,
                meeting=meeting,
                seat_ids=list({seats[0].pk, *(s.pk for s in third)}),
            )
            segments = [
                s for s in meeting.segments.all() if s.record_rule != "off_record"
            ]
            for n in range(per_meeting):
                note_record(
                    access=self.access,
                    segment=segments[n % 2],
                    text=f"Point {n + 1}: the options for the gauge stations were weighed.",
                )
            first = first or meeting
        return first

    def _ideas(self, seats: list[Any], count: int) -> Any:
        from backchannel.ideas.services import feedback_record, idea_create
        from backchannel.processes.access import ProcessAccess

        respondents = seats[: max(6, len(seats) // 15)]
        first = None
        for i in range(count):
            idea = idea_create(
                access=self.access,
                title=f"Balloon {i + 1}",
                text="A joint gauge station at the border, read by both authorities.",
                status="floated",
                objectives=[self.objective],
            )
            version = idea.versions.get()
            for j, seat in enumerate(respondents):
                stance = ("acceptable", "acceptable_if", "unacceptable")[(i + j) % 3]
                feedback_record(
                    access=ProcessAccess.operator(self.process, seat=seat),
                    version=version,
                    stance=stance,
                    conditions=["Data is shared both ways."]
                    if stance == "acceptable_if"
                    else None,
                )
            version.results_shared = True
            version.save(update_fields=["results_shared"])
            first = first or idea
        return first

    def _rounds(self, seats: list[Any], count: int) -> None:
        from backchannel.evaluation.items import STANDARD_ITEMS
        from backchannel.evaluation.models import TrustRound
        from backchannel.evaluation.services import (
            answers_record,
            round_create,
            round_update,
        )
        from backchannel.processes.access import ProcessAccess

        respondents = seats[: max(6, len(seats) // 5)]
        for r in range(count):
            trust_round = round_create(
                access=self.access,
                title=f"Survey {r + 1}",
                held_on=dt.date(2026, 1, 15) + dt.timedelta(days=30 * r),
                status="open",
            )
            for j, seat in enumerate(respondents):
                answers_record(
                    access=ProcessAccess.operator(self.process, seat=seat),
                    trust_round=trust_round,
                    answers=dict.fromkeys(STANDARD_ITEMS, 1 + (r + j) % 5),
                )
            round_update(
                access=self.access,
                trust_round=TrustRound.objects.get(pk=trust_round.pk),
                changes={"status": "closed"},
            )

    def _outputs(self, count: int) -> None:
        from backchannel.consultations.services import consultation_create
        from backchannel.transfer.services import output_create

        for i in range(count):
            output_create(
                access=self.access,
                kind="memo_to_mediators",
                audience="mediators",
                title=f"Memo {i + 1}",
                body="Both delegations saw value in a joint gauge station.",
            )
        for i in range(max(1, count // 4)):
            consultation_create(
                access=self.access,
                title=f"Consultation {i + 1}",
                question="What should the basin plan hold?",
                seed_statements=["Share the flow data.", "Meet every month."],
            )


def _time(client: Any, url: str, requests: int) -> tuple[list[float], int]:
    from django.db import connection

    statements = []

    def count(execute: Any, sql: str, *args: Any) -> Any:
        statements.append(sql)
        return execute(sql, *args)

    client.get(url)  # warm-up (the audit page verifies what was written since)
    with connection.execute_wrapper(count):
        response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}, not 200")
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    return times, len(statements)


def _p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20, method="inclusive")[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["BACKCHANNEL_DATA_DIR"] = str(Path(tmp) / "data")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backchannel.settings")
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.test import Client
        from django.test.utils import setup_test_environment
        from django.urls import reverse

        setup_test_environment()  # the test client's host, no e-mail
        # Argon2 costs its time at login, not on the pages timed here.
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        settings.BACKCHANNEL_REQUIRE_MFA = False
        call_command("migrate", "--noinput", "-v0")
        _say(f"Building the process (scale {args.scale}) ...")
        builder = Builder(args.scale)
        ids = builder.build()
        from django.db import connection

        client = Client()
        client.force_login(builder.users["org_convener"])
        health, _ = _time(client, "/healthz", args.requests * 3)
        base = statistics.median(health)
        load = os.getloadavg()
        print(
            f"database {connection.vendor}; {os.cpu_count()} cores; load average "
            f"{load[0]:.1f} {load[1]:.1f} {load[2]:.1f}; {args.requests} requests "
            f"per page and role; scale {args.scale}"
        )
        print(f"/healthz p50 {base:.2f} ms (the ratio's unit)")
        print(
            f"{'page':<14}{'role':<14}{'p50 ms':>8}{'p95 ms':>8}{'ratio':>7}"
            f"{'queries':>8}  p95<=100ms"
        )
        worst = 0.0
        for page, (name, attr, roles) in PAGES.items():
            url = reverse(name, args=[ids[attr]] if attr else [])
            for role in roles:
                client.force_login(builder.users[role])
                times, queries = _time(client, url, args.requests)
                p50, p95 = statistics.median(times), _p95(times)
                worst = max(worst, p95)
                print(
                    f"{page:<14}{role:<14}{p50:8.1f}{p95:8.1f}{p50 / base:7.0f}"
                    f"{queries:8d}  {'yes' if p95 <= 100 else 'NO'}"
                )
        load = os.getloadavg()
        print(
            f"slowest p95 {worst:.1f} ms; load average at the end {load[0]:.1f}: on a "
            "shared, loaded machine the target is printed, not claimed"
        )


if __name__ == "__main__":
    main()
