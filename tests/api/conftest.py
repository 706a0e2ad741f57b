"""The test world seen through the API: a token per role, objects of every kind
in the rival organisation, and fresh objects for operations that consume one."""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

from backchannel.accounts.services import api_token_create
from backchannel.meetings.services import meeting_create
from backchannel.participants.services import (
    affiliation_add,
    invitation_create,
    person_create,
    seat_create,
)
from backchannel.processes.access import access_process_by_id
from backchannel.processes.models import ExternalProcess
from backchannel.processes.services import (
    ecosystem_link_create,
    external_process_create,
    indicator_create,
    objective_create,
    phase_create,
    side_create,
)
from tests.consultations.factories import (
    consultations_factories,
    consultations_objects,
    rival_consultations_objects,
)
from tests.evaluation.factories import (
    evaluation_factories,
    evaluation_objects,
    rival_evaluation_objects,
)
from tests.ideas.factories import (
    ideas_factories,
    ideas_objects,
    rival_feedback,
    rival_ideas_objects,
)
from tests.records.factories import (
    records_factories,
    records_objects,
    rival_airtime,
    rival_records_objects,
)
from tests.transfer.factories import (
    rival_transfer_objects,
    transfer_factories,
    transfer_objects,
)
from tests.translations.factories import (
    rival_translations_objects,
    translations_factories,
    translations_objects,
)
from tests.world import ALL_ROLES, World, build_world

FAST_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"

Ids = dict[str, uuid.UUID]


@dataclass
class Reply:
    status: int
    body: Any

    @property
    def errors(self) -> dict[str, list[str]]:
        return self.body["errors"]


@dataclass
class Api:
    """Calls the API as one role of the world; builds fresh objects on demand."""

    world: World
    external: ExternalProcess
    rival_ids: Ids
    tokens: dict[str, str]
    client: Client = field(default_factory=Client)

    def call(
        self,
        role: str | None,
        method: str,
        path: str,
        body: Any = None,
        *,
        token: str | None = None,
    ) -> Reply:
        headers = {}
        if token is None and role is not None:
            token = self.tokens[role]
        if token is not None:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        data = json.dumps(body, default=str) if body is not None else ""
        response = self.client.generic(
            method.upper(), path, data, content_type="application/json", **headers
        )
        content = response.content
        if content and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            return Reply(response.status_code, content)  # a file (an export, a PDF)
        return Reply(response.status_code, json.loads(content) if content else None)

    def get(self, role: str, path: str) -> Reply:
        return self.call(role, "GET", path)

    # -- paths such as "/api/phases/{new_phase}"

    def path(self, template: str, ids: Ids) -> str:
        return template.format(**{k: str(v) for k, v in ids.items()})

    def ids_for(self, template: str) -> Ids:
        """Our ids for the names in the template; ``new_*`` names get a fresh object."""
        return {name: self.make(name) for name in re.findall(r"{(\w+)}", template)}

    def rival_ids_for(self, template: str) -> Ids:
        return {
            name: self.rival_ids[name.removeprefix("new_")]
            for name in re.findall(r"{(\w+)}", template)
        }

    def make(self, name: str) -> uuid.UUID:
        w = self.world
        fixed: dict[str, Any] = {
            "process": w.process,
            "org": w.org,
            "side": w.process.sides.order_by("position").first(),
            "phase": w.phase,
            "objective": w.objective,
            "indicator": w.indicator,
            "seat": w.seats["participant"],
            "person": w.people["participant"],
            "meeting": w.meeting,
            **w.extra.get("consultations", {}),
            **w.extra.get("ideas", {}),
            **w.extra.get("records", {}),
            **w.extra.get("transfer", {}),
            **w.extra.get("translations", {}),
            **w.extra.get("evaluation", {}),
        }
        if name in fixed:
            return fixed[name].pk
        access = w.access()
        tag = uuid.uuid4().hex[:6]
        factories: dict[str, Callable[[], Any]] = {
            "new_side": lambda: side_create(access=access, name=f"Side {tag}"),
            "new_phase": lambda: phase_create(
                access=access, title=f"Phase {tag}", stage="negotiation"
            ),
            "new_objective": lambda: objective_create(
                access=access, phase=w.phase, kind="non_paper", text=f"Draft {tag}"
            ),
            "new_indicator": lambda: indicator_create(
                access=access,
                objective=w.objective,
                name=f"Indicator {tag}",
                baseline=0,
                target=1,
            ),
            "new_seat": lambda: seat_create(
                access=access, person=self.new_person(), role="observer"
            ),
            "new_invitation": lambda: invitation_create(
                access=access,
                seat=seat_create(
                    access=access, person=self.new_person(), role="observer"
                ),
            )[0],
            "new_taken_seat": lambda: self.new_taken_seat(access),
            "new_linked_person": lambda: self.new_taken_seat(access).person,
            "new_meeting": lambda: meeting_create(
                access=access, title=f"Round {tag}", date=dt.date(2026, 5, 1)
            ),
            "new_affiliation": lambda: affiliation_add(
                actor=w.users["org_convener"],
                person=w.people["participant"],
                organisation_name=f"Ostrel Institute {tag}",
            ),
            "new_link": lambda: ecosystem_link_create(
                access=access, relation="parallel_to", target_external=self.external
            ),
            **consultations_factories(access, tag),
            **ideas_factories(access, tag),
            **records_factories(w, access, tag),
            **transfer_factories(access, tag),
            **translations_factories(w, access, tag),
            **evaluation_factories(access, tag),
        }
        return factories[name]().pk

    def new_taken_seat(self, access: Any) -> Any:
        """A seat taken up by a fresh login (its own invitation, accepted)."""
        from backchannel.participants.services import invitation_accept
        from backchannel.processes.rules import ground_rules_version

        seat = seat_create(access=access, person=self.new_person(), role="observer")
        _invitation, code = invitation_create(access=access, seat=seat)
        return invitation_accept(
            code=code,
            user=None,
            accept_rules=True,
            rules_version=ground_rules_version(seat.process),
            username=f"holder-{uuid.uuid4().hex[:8]}",
            password="correct-horse-battery-staple",
        )

    def new_person(self) -> Any:
        return person_create(
            actor=self.world.users["org_convener"],
            organisation=self.world.org,
            name=f"Ilse Varga {uuid.uuid4().hex[:6]}",
            gender="woman",
            capacity="civil_society",
            level="key_person",
            contact={"emails": ["ilse@example.org"]},
        )


def _rival_objects(world: World) -> Ids:
    """One object of every kind in the rival organisation, made by its convener."""
    outsider = world.users["outsider"]
    access = access_process_by_id(outsider, world.rival_process.pk)
    phase = phase_create(access=access, title="Rival phase", stage="negotiation")
    objective = objective_create(
        access=access, phase=phase, kind="joint_statement", text="Rival objective"
    )
    indicator = indicator_create(
        access=access, objective=objective, name="Rival indicator", baseline=0, target=3
    )
    person = person_create(
        actor=outsider,
        organisation=world.rival,
        name="Rival Person",
        gender="man",
        capacity="expert",
        level="broader",
    )
    seat = seat_create(access=access, person=person, role="observer")
    invitation, _code = invitation_create(access=access, seat=seat)
    affiliation = affiliation_add(
        actor=outsider, person=person, organisation_name="Rival University"
    )
    external = external_process_create(
        actor=outsider, organisation=world.rival, name="Rival talks", kind="track_1"
    )
    link = ecosystem_link_create(
        access=access, relation="feeds_into", target_external=external
    )
    rival_ideas = rival_ideas_objects(world)
    rival_records = rival_records_objects(world)
    return {
        "process": world.rival_process.pk,
        "org": world.rival.pk,
        "side": world.rival_process.sides.first().pk,
        "phase": phase.pk,
        "objective": objective.pk,
        "indicator": indicator.pk,
        "seat": seat.pk,
        "taken_seat": seat.pk,
        "invitation": invitation.pk,
        "person": person.pk,
        "linked_person": person.pk,
        "affiliation": affiliation.pk,
        "meeting": world.rival_meeting.pk,
        "link": link.pk,
        "external": external.pk,
        **{name: obj.pk for name, obj in rival_consultations_objects(world).items()},
        **{name: obj.pk for name, obj in rival_ideas.items()},
        "feedback": rival_feedback(world, rival_ideas["idea_version"]).pk,
        **{name: obj.pk for name, obj in rival_records.items()},
        "airtime": rival_airtime(world, rival_records["segment"]).pk,
        **{name: obj.pk for name, obj in rival_transfer_objects(world).items()},
        **{name: obj.pk for name, obj in rival_translations_objects(world).items()},
        **{name: obj.pk for name, obj in rival_evaluation_objects(world).items()},
    }


def _api_for(world: World) -> Api:
    external = external_process_create(
        actor=world.users["org_convener"],
        organisation=world.org,
        name="Varnia–Ostrel Track 1 talks",
        kind="track_1",
    )
    tokens = {
        role: api_token_create(user=world.users[role], label="tests")[1]
        for role in ALL_ROLES
    }
    world.extra["consultations"] = consultations_objects(world)
    world.extra["ideas"] = ideas_objects(world)
    world.extra["records"] = records_objects(world, own_meeting=False)
    world.extra["transfer"] = transfer_objects(world)
    world.extra["translations"] = translations_objects(
        world, note=world.extra["records"]["note"]
    )
    world.extra["evaluation"] = evaluation_objects(world)
    return Api(
        world=world, external=external, rival_ids=_rival_objects(world), tokens=tokens
    )


@pytest.fixture(scope="package")
def _api_keys(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The package world's key store: it lives beside the committed world, as
    long as it does (each test's own key store would not hold its keys)."""
    folder = tmp_path_factory.mktemp("api-keystore")
    return {
        "BACKCHANNEL_KEYSTORE_URL": f"sqlite:///{folder / 'keys.sqlite3'}",
        "BACKCHANNEL_KEY_BACKUP_DIR": folder / "backups",
    }


@pytest.fixture(scope="package")
def _api_data(
    django_db_setup: None, django_db_blocker: Any, _api_keys: dict[str, Any]
) -> Iterator[Api]:
    """One world for the whole package, committed once; every test still runs in
    a transaction that is rolled back, so what one test writes, the next never
    sees. Building the world per test would make this package several times
    slower."""
    from backchannel.core import crypto, keystore

    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=[FAST_HASHER], **_api_keys),
    ):
        crypto.reset_caches()
        data = _api_for(build_world())
        keystore.close()
        crypto.reset_caches()
    try:
        yield data
    finally:
        with django_db_blocker.unblock():
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def api(
    _api_data: Api, _api_keys: dict[str, Any], db: None, settings: Any
) -> Iterator[Api]:
    from backchannel.core import crypto, keystore

    keystore.close()
    for name, value in _api_keys.items():
        setattr(settings, name, value)
    crypto.reset_caches()
    _api_data.client = Client()
    yield _api_data
    keystore.close()
    crypto.reset_caches()


@pytest.fixture
def world(api: Api) -> World:
    """The package's world (the root ``world`` fixture would build a second one)."""
    return api.world
