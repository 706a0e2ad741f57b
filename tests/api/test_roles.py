"""Every operation × every role: who succeeds, who gets 403, 404 or 401, and that
successful writes persist. Ids of the rival organisation answer exactly like
random and malformed ids."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from backchannel.accounts.models import User
from backchannel.consultations.models import (
    AnalysisRun,
    Consultation,
    Statement,
)
from backchannel.evaluation.models import (
    ContactReport,
    EvaluationPlan,
    Outcome,
    Risk,
    TrustResponse,
    TrustRound,
)
from backchannel.ideas.models import (
    Feedback,
    Idea,
    IdeaVersion,
    JointText,
    SectionComment,
)
from backchannel.meetings.models import Meeting
from backchannel.participants.logins import login_index
from backchannel.participants.models import Affiliation, Invitation, Person, Seat
from backchannel.processes.access import ProcessAccess
from backchannel.processes.models import (
    EcosystemLink,
    ExternalProcess,
    Indicator,
    Measurement,
    Objective,
    Phase,
    Process,
    Side,
)
from backchannel.records import labels
from backchannel.records.models import Airtime, Note, RecordClosure
from backchannel.transfer.models import Output, Transfer, Uptake
from backchannel.translations.models import ContentTranslation
from tests.api.conftest import Api, Ids
from tests.world import ALL_ROLES, MANAGING_ROLES, VIEWING_ROLES, World

# Who may call an operation, and what the others get.
ANYONE = "anyone"  # every authenticated user
VIEW = "view"  # seated or org convener; others 404
MANAGE = "manage"  # managers; other seated 403; others 404
REGISTRY = "registry"  # conveners and facilitators of the organisation; others 404
CREATE = "create"  # org conveners; members 403; non-members 422 (not their org)
AUDIT = "audit"  # the organisation's conveners only; everyone else 404
CONTRIBUTE = "contribute"  # participants on a side; other seated 403; others 404
RECORD = "record"  # managers and rapporteurs; other seated 403; others 404
TRANSLATE = "translate"  # managers, rapporteurs, interpreters; other seated 403
VERIFY = "verify"  # interpreters; other seated 403; others 404
PLEDGE = "pledge"  # interpreters accept it; other seated 403; others 404
ROSTER = "roster"  # who sits in the process: seated but interpreters (403); others 404
EVALUATE = "evaluate"  # managers and participants; other seated 403; others 404
CONVENE = "convene"  # conveners; facilitators 403; everyone else 404
LINK = "link"  # org conveners; other registry keepers 403 (404 to a read); others 404

OK = {"GET": 200, "POST": 201, "PATCH": 200, "PUT": 200, "DELETE": 204}


def expected(audience: str, role: str, ok: int) -> int:
    if audience == ANYONE:
        return ok
    if audience == VIEW:
        return ok if role in VIEWING_ROLES else 404
    if audience == MANAGE:
        return ok if role in MANAGING_ROLES else 403 if role in VIEWING_ROLES else 404
    if audience == REGISTRY:
        return ok if role in MANAGING_ROLES else 404
    if audience == AUDIT:
        return ok if role == "org_convener" else 404
    if audience == RECORD:
        if role in MANAGING_ROLES | {"rapporteur"}:
            return ok
        return 403 if role in VIEWING_ROLES else 404
    if audience == ROSTER:
        return 403 if role == "interpreter" else expected(VIEW, role, ok)
    if audience == TRANSLATE:
        if role in MANAGING_ROLES | {"rapporteur", "interpreter"}:
            return ok
        return 403 if role in VIEWING_ROLES else 404
    if audience in (VERIFY, PLEDGE):
        return ok if role == "interpreter" else 403 if role in VIEWING_ROLES else 404
    if audience == EVALUATE:
        if role in MANAGING_ROLES | {"participant"}:
            return ok
        return 403 if role in VIEWING_ROLES else 404
    if audience == CONTRIBUTE:
        return ok if role == "participant" else 403 if role in VIEWING_ROLES else 404
    if audience == CONVENE:
        if role in ("org_convener", "convener"):
            return ok
        return 403 if role == "facilitator" else 404
    if audience == LINK:
        return ok if role == "org_convener" else expected(REGISTRY, role, 403)
    if audience == CREATE:
        return ok if role == "org_convener" else 422 if role == "outsider" else 403
    raise AssertionError(audience)


# Objects a role outside their audience never sees: every call about one of
# them (a write too) answers such a role the 404 of a random id.
# (path prefix, the roles that see such objects)
HIDDEN_OBJECTS = [
    ("/api/outputs/", MANAGING_ROLES | {"rapporteur"}),
    ("/api/texts/output/", MANAGING_ROLES | {"rapporteur"}),
    ("/api/transfers/", MANAGING_ROLES),
    ("/api/outcomes/", MANAGING_ROLES),
    ("/api/risks/", MANAGING_ROLES),
    # Interpreters do not see the roster: a seat is hidden from them whatever
    # the method (tests/security/test_adv_existence_oracle.py).
    ("/api/seats/", set(ALL_ROLES) - {"interpreter"}),
    # Invitations are for the managers of the process alone.
    ("/api/invitations/", MANAGING_ROLES),
]


def expected_for(case: Case, role: str, ok: int) -> int:
    """``expected``, with one answer for missing and forbidden (issue 22, 5): a
    read a role may not make, and anything about an object it may not see,
    answer 404 like a random id; a 403 is left only for a write by a role that
    sees the object (it knows it exists) but may not change it."""
    status = expected(case.audience, role, ok)
    unseen = any(
        case.path.startswith(prefix) and role not in readers
        for prefix, readers in HIDDEN_OBJECTS
    )
    if status == 403 and (case.method == "GET" or unseen):
        return 404
    return status


Check = Callable[[Ids, Any], bool]


@dataclass
class Case:
    method: str
    path: str
    audience: str
    body: Callable[[Api], Any] | None = None
    persisted: Check | None = None

    @property
    def id(self) -> str:
        return f"{self.method} {self.path}"


def _exists(model: type, key: str = "id") -> Check:
    return lambda ids, out: model.objects.filter(pk=out[key]).exists()


def _gone(model: type, name: str) -> Check:
    return lambda ids, out: not model.objects.filter(pk=ids[name]).exists()


def _own_feedback(api: Api) -> None:
    """The participant's feedback on the version, for a withdrawal to withdraw
    (no request body)."""
    from backchannel.ideas.services import feedback_record

    feedback_record(
        access=ProcessAccess.operator(
            api.world.seats["participant"].process, seat=api.world.seats["participant"]
        ),
        version=IdeaVersion.objects.get(pk=api.make("idea_version")),
        stance="acceptable",
    )


def _person_body(api: Api) -> dict[str, Any]:
    return {
        "name": "Tamsin Orlova",
        "gender": "woman",
        "capacity": "quasi_official",
        "level": "key_person",
        "contact": {"emails": ["tamsin@example.org"], "phones": ["+41 22 123 45 67"]},
        "languages": ["Varnian"],
    }


CASES = [
    Case("GET", "/api/me", ANYONE),
    Case(
        "PATCH",
        "/api/me",
        ANYONE,
        lambda api: {"language": "ar"},
        lambda ids, out: User.objects.filter(
            username=out["username"], language="ar"
        ).exists(),
    ),
    Case("GET", "/api/processes", ANYONE),
    Case(
        "POST",
        "/api/processes",
        CREATE,
        lambda api: {
            "organisation_id": api.world.org.pk,
            "title": "Coastal Fisheries Dialogue",
            "track": "2",
            "stage": "preventive",
            "approach": "relationship_building",
            "sides": ["Varnia", "Ostrel", "Observers' coalition"],
        },
        lambda ids, out: Process.objects.get(pk=out["id"]).sides.count() == 3,
    ),
    Case("GET", "/api/processes/{process}", VIEW),
    Case(
        "PATCH",
        "/api/processes/{process}",
        MANAGE,
        lambda api: {"status": "active", "context": "Talks resumed in spring."},
        lambda ids, out: (
            Process.objects.get(pk=ids["process"]).context == "Talks resumed in spring."
        ),
    ),
    Case(
        "POST",
        "/api/processes/{process}/sides",
        MANAGE,
        lambda api: {"name": f"Mediators {uuid.uuid4().hex[:4]}"},
        _exists(Side),
    ),
    Case(
        "PATCH",
        "/api/sides/{new_side}",
        MANAGE,
        lambda api: {"name": f"Renamed {uuid.uuid4().hex[:4]}"},
        lambda ids, out: str(Side.objects.get(pk=ids["new_side"]).name) == out["name"],
    ),
    Case("DELETE", "/api/sides/{new_side}", MANAGE, None, _gone(Side, "new_side")),
    Case("GET", "/api/processes/{process}/phases", VIEW),
    Case(
        "POST",
        "/api/processes/{process}/phases",
        MANAGE,
        lambda api: {
            "title": "Drafting",
            "stage": "negotiation",
            "starts_on": "2027-01-01",
            "ends_on": "2027-06-30",
        },
        lambda ids, out: (
            Phase.objects.get(pk=out["id"]).ends_on == dt.date(2027, 6, 30)
        ),
    ),
    Case("GET", "/api/phases/{phase}", VIEW),
    Case(
        "PATCH",
        "/api/phases/{new_phase}",
        MANAGE,
        lambda api: {"title": "Consolidation"},
        lambda ids, out: (
            str(Phase.objects.get(pk=ids["new_phase"]).title) == "Consolidation"
        ),
    ),
    Case("DELETE", "/api/phases/{new_phase}", MANAGE, None, _gone(Phase, "new_phase")),
    Case(
        "POST",
        "/api/phases/{phase}/objectives",
        MANAGE,
        lambda api: {"kind": "joint_statement", "text": "Agree a joint statement"},
        _exists(Objective),
    ),
    Case("GET", "/api/objectives/{objective}", VIEW),
    Case(
        "PATCH",
        "/api/objectives/{new_objective}",
        MANAGE,
        lambda api: {"status": "in_progress"},
        lambda ids, out: (
            Objective.objects.get(pk=ids["new_objective"]).status == "in_progress"
        ),
    ),
    Case(
        "DELETE",
        "/api/objectives/{new_objective}",
        MANAGE,
        None,
        _gone(Objective, "new_objective"),
    ),
    Case(
        "POST",
        "/api/objectives/{objective}/indicators",
        MANAGE,
        lambda api: {"name": "Joint site visits", "baseline": 0, "target": 4},
        _exists(Indicator),
    ),
    Case("GET", "/api/indicators/{indicator}", VIEW),
    Case(
        "PATCH",
        "/api/indicators/{new_indicator}",
        MANAGE,
        lambda api: {"target": 10, "unit": "visits"},
        lambda ids, out: Indicator.objects.get(pk=ids["new_indicator"]).target == 10,
    ),
    Case(
        "DELETE",
        "/api/indicators/{new_indicator}",
        MANAGE,
        None,
        _gone(Indicator, "new_indicator"),
    ),
    Case(
        "POST",
        "/api/indicators/{new_indicator}/measurements",
        MANAGE,
        lambda api: {"measured_on": "2026-04-01", "value": 0.5, "note": "One visit"},
        lambda ids, out: (
            Measurement.objects.filter(
                indicator_id=ids["new_indicator"], value=0.5
            ).exists()
            and out["progress"] == 0.5
        ),
    ),
    Case("GET", "/api/processes/{process}/seats", ROSTER),
    Case(
        "POST",
        "/api/processes/{process}/seats",
        MANAGE,
        lambda api: {
            "person_id": api.new_person().pk,
            "role": "participant",
            "side_id": api.make("side"),
        },
        lambda ids, out: Seat.objects.get(pk=out["id"]).role == "participant",
    ),
    Case(
        "POST",
        "/api/processes/{process}/roster-import",
        MANAGE,
        lambda api: {
            "csv": "name,side,role,capacity\n"
            f"Bulk {uuid.uuid4().hex[:8]},North,participant,expert\n"
        },
        lambda ids, out: (
            Seat.objects.get(pk=out["rows"][0]["seat_id"]).role == "participant"
            and out["created"] == 1
        ),
    ),
    Case("GET", "/api/seats/{seat}", ROSTER),
    Case(
        "PATCH",
        "/api/seats/{new_seat}",
        MANAGE,
        lambda api: {"pseudonym": "Z-99", "role": "interpreter"},
        lambda ids, out: str(Seat.objects.get(pk=ids["new_seat"]).pseudonym) == "Z-99",
    ),
    Case("DELETE", "/api/seats/{new_seat}", MANAGE, None, _gone(Seat, "new_seat")),
    Case(
        "POST",
        "/api/seats/{new_taken_seat}/end-access",
        CONVENE,
        None,
        lambda ids, out: (
            Seat.objects.get(pk=ids["new_taken_seat"]).left_on is not None
            and out["take_up"]["taken_up"] is False
        ),
    ),
    Case(
        "POST",
        "/api/seats/{new_seat}/invitations",
        MANAGE,
        lambda api: {"days": 3},
        lambda ids, out: (
            Invitation.objects.get(pk=out["id"]).state == "pending"
            and len(out["code"].replace("-", "")) == 16
            and out["code"] not in Invitation.objects.get(pk=out["id"]).code_hash
        ),
    ),
    Case(
        "POST",
        "/api/processes/{process}/invitations",
        MANAGE,
        lambda api: {"seats": [str(api.make("new_seat"))]},
        lambda ids, out: (
            len(out["made"]) == 1
            and Invitation.objects.get(pk=out["made"][0]["id"]).state == "pending"
        ),
    ),
    Case("GET", "/api/processes/{process}/invitations", MANAGE),
    Case(
        "DELETE",
        "/api/invitations/{new_invitation}",
        MANAGE,
        None,
        lambda ids, out: (
            Invitation.objects.get(pk=ids["new_invitation"]).state == "revoked"
        ),
    ),
    Case("GET", "/api/processes/{process}/composition", MANAGE),
    Case("GET", "/api/organisations/{org}/people", REGISTRY),
    Case("GET", "/api/organisations/{org}/audit", AUDIT),
    Case(
        "POST",
        "/api/organisations/{org}/people",
        REGISTRY,
        _person_body,
        lambda ids, out: (
            Person.objects.get(pk=out["id"]).contact["emails"] == ["tamsin@example.org"]
        ),
    ),
    Case("GET", "/api/people/{person}", REGISTRY),
    Case(
        "PATCH",
        "/api/people/{person}",
        REGISTRY,
        lambda api: {"languages": ["Varnian", "Ostrelian"]},
        lambda ids, out: (
            Person.objects.get(pk=ids["person"]).languages == ["Varnian", "Ostrelian"]
        ),
    ),
    Case("GET", "/api/people/{person}/login", LINK),
    Case(
        "DELETE",
        "/api/people/{new_linked_person}/login",
        LINK,
        None,
        lambda ids, out: (
            Person.objects.get(pk=ids["new_linked_person"]).login_index is None
            and not Seat.objects.filter(
                person_id=ids["new_linked_person"], left_on__isnull=True
            )
            .exclude(joined_on=None)
            .exists()
        ),
    ),
    Case(
        "POST",
        "/api/people/{person}/affiliations",
        REGISTRY,
        lambda api: {"organisation_name": "Varnian Academy", "title": "Fellow"},
        _exists(Affiliation),
    ),
    Case(
        "DELETE",
        "/api/affiliations/{new_affiliation}",
        REGISTRY,
        None,
        _gone(Affiliation, "new_affiliation"),
    ),
    Case("GET", "/api/processes/{process}/meetings", VIEW),
    Case(
        "POST",
        "/api/processes/{process}/meetings",
        MANAGE,
        lambda api: {
            "title": "Second round",
            "date": "2026-06-15",
            "phase_id": api.world.phase.pk,
            "agenda": ["Review", "Next steps"],
            "segments": [{"title": "Review", "record_rule": "off_record"}],
        },
        lambda ids, out: Meeting.objects.get(pk=out["id"]).agenda_items.count() == 2,
    ),
    Case("GET", "/api/meetings/{meeting}", VIEW),
    Case(
        "GET",
        "/api/meetings/{meeting}/calendar.ics",
        VIEW,
        None,
        lambda ids, out: (
            out.startswith(b"BEGIN:VCALENDAR") and b"SUMMARY:First round" in out
        ),
    ),
    Case(
        "GET",
        "/api/processes/{process}/meetings.ics",
        VIEW,
        None,
        lambda ids, out: out.count(b"BEGIN:VEVENT") >= 1,
    ),
    Case(
        "PATCH",
        "/api/meetings/{new_meeting}",
        MANAGE,
        lambda api: {"venue_withheld": True, "agenda": ["Only item"]},
        lambda ids, out: (
            Meeting.objects.get(pk=ids["new_meeting"]).venue_withheld
            and out["agenda"] == ["Only item"]
        ),
    ),
    Case(
        "DELETE",
        "/api/meetings/{new_meeting}",
        MANAGE,
        None,
        _gone(Meeting, "new_meeting"),
    ),
    Case(
        "PUT",
        "/api/meetings/{new_meeting}/attendance",
        MANAGE,
        lambda api: {"attendance": [api.world.seats["participant"].pk]},
        lambda ids, out: (
            len(out["attendance"]) == 1
            and Meeting.objects.get(pk=ids["new_meeting"]).attendance
            == out["attendance"]
        ),
    ),
    Case("GET", "/api/processes/{process}/ecosystem", VIEW),
    Case(
        "POST",
        "/api/processes/{process}/ecosystem-links",
        MANAGE,
        lambda api: {
            "relation": "feeds_into",
            "target_external_id": api.external.pk,
            "note": "Briefings after each round",
        },
        _exists(EcosystemLink),
    ),
    Case(
        "DELETE",
        "/api/ecosystem-links/{new_link}",
        MANAGE,
        None,
        _gone(EcosystemLink, "new_link"),
    ),
    # ideas, feedback, the cross-side view, joint texts
    Case("GET", "/api/processes/{process}/ideas", VIEW),
    Case(
        "POST",
        "/api/processes/{process}/ideas",
        MANAGE,
        lambda api: {
            "title": "Shared drought alert",
            "text": "Both authorities issue one alert.",
            "status": "floated",
            "provenance": "side",
            "provenance_side_id": api.make("side"),
            "objective_ids": [api.world.objective.pk],
            "meeting_id": api.world.meeting.pk,
        },
        lambda ids, out: (
            Idea.objects.get(pk=out["id"]).provenance_side_id is not None
            and out["versions"][0]["text"] == "Both authorities issue one alert."
        ),
    ),
    Case("GET", "/api/ideas/{idea}", VIEW),
    Case(
        "PATCH",
        "/api/ideas/{new_idea}",
        MANAGE,
        lambda api: {"status": "refined", "provenance": "anonymous"},
        lambda ids, out: Idea.objects.get(pk=ids["new_idea"]).status == "refined",
    ),
    Case("DELETE", "/api/ideas/{new_idea}", MANAGE, None, _gone(Idea, "new_idea")),
    Case(
        "POST",
        "/api/ideas/{new_idea}/versions",
        MANAGE,
        lambda api: {"text": "Two alerts, one format.", "note": "Softer"},
        lambda ids, out: (
            out["number"] == 2
            and IdeaVersion.objects.filter(idea_id=ids["new_idea"]).count() == 2
        ),
    ),
    Case(
        "PATCH",
        "/api/idea-versions/{new_idea_version}",
        MANAGE,
        lambda api: {"closed": True, "results_shared": True},
        lambda ids, out: IdeaVersion.objects.get(pk=ids["new_idea_version"]).closed,
    ),
    Case("GET", "/api/idea-versions/{idea_version}/common-ground", VIEW),
    Case("GET", "/api/processes/{process}/common-ground", VIEW),
    Case("GET", "/api/idea-versions/{idea_version}/feedback", VIEW),
    Case(
        "PUT",
        "/api/idea-versions/{idea_version}/feedback",
        CONTRIBUTE,
        lambda api: {"stance": "acceptable_if", "conditions": ["Shared staff"]},
        lambda ids, out: Feedback.objects.filter(
            version_id=ids["idea_version"], pk=out["id"]
        ).exists(),
    ),
    Case(
        "DELETE",
        "/api/idea-versions/{idea_version}/feedback",
        CONTRIBUTE,
        _own_feedback,
        lambda ids, out: (
            not Feedback.objects.filter(
                version_id=ids["idea_version"],
                seat__person__login_index=login_index(
                    User.objects.get(username="participant").pk
                ),
            ).exists()
        ),
    ),
    Case(
        "DELETE",
        "/api/feedback/{new_feedback}",
        MANAGE,
        None,
        _gone(Feedback, "new_feedback"),
    ),
    Case("GET", "/api/processes/{process}/joint-texts", VIEW),
    Case(
        "POST",
        "/api/processes/{process}/joint-texts",
        MANAGE,
        lambda api: {
            "title": "Joint statement on droughts",
            "language": "en",
            "sections": [{"heading": "Preamble", "body": "We met."}],
        },
        _exists(JointText),
    ),
    Case("GET", "/api/joint-texts/{joint_text}", VIEW),
    Case(
        "PATCH",
        "/api/joint-texts/{new_joint_text}",
        MANAGE,
        lambda api: {"language": "fr"},
        lambda ids, out: (
            JointText.objects.get(pk=ids["new_joint_text"]).language == "fr"
        ),
    ),
    Case(
        "DELETE",
        "/api/joint-texts/{new_joint_text}",
        MANAGE,
        None,
        _gone(JointText, "new_joint_text"),
    ),
    Case(
        "POST",
        "/api/joint-texts/{new_joint_text}/versions",
        MANAGE,
        lambda api: {"sections": [{"heading": "Only", "body": "One section."}]},
        lambda ids, out: out["version"] == 3,
    ),
    Case("GET", "/api/joint-texts/{joint_text}/diff", VIEW),
    Case(
        "POST",
        "/api/sections/{section}/comments",
        CONTRIBUTE,
        lambda api: {"text": "Too strict for us"},
        _exists(SectionComment),
    ),
    # the record of a meeting, and airtime
    Case("GET", "/api/meetings/{meeting}/record", VIEW),
    Case(
        "POST",
        "/api/meetings/{new_meeting}/record/close",
        RECORD,
        None,
        lambda ids, out: (
            out["closed"]
            and RecordClosure.objects.filter(meeting_id=ids["new_meeting"]).exists()
        ),
    ),
    Case("GET", "/api/segments/{segment}/notes", VIEW),
    Case(
        "POST",
        "/api/segments/{segment}/notes",
        RECORD,
        lambda api: {"text": "Gauges should be shared.", "side_id": api.make("side")},
        lambda ids, out: (
            str(Note.objects.get(pk=out["id"]).attribution) == labels.PARTICIPANT
        ),
    ),
    Case(
        "PATCH",
        "/api/notes/{new_note}",
        RECORD,
        lambda api: {"text": "Gauges should be shared monthly."},
        lambda ids, out: (
            str(Note.objects.get(pk=ids["new_note"]).text)
            == "Gauges should be shared monthly."
        ),
    ),
    Case("DELETE", "/api/notes/{new_note}", RECORD, None, _gone(Note, "new_note")),
    Case("GET", "/api/notes/{note}/versions", VIEW),
    Case(
        "DELETE",
        "/api/airtime/{new_airtime}",
        RECORD,
        None,
        _gone(Airtime, "new_airtime"),
    ),
    Case(
        "POST",
        "/api/meetings/{meeting}/airtime",
        RECORD,
        lambda api: {"seconds": 90, "side_id": api.make("side"), "gender": "woman"},
        lambda ids, out: Airtime.objects.get(pk=out["id"]).seconds == 90,
    ),
    Case("GET", "/api/meetings/{meeting}/airtime", VIEW),
    Case("GET", "/api/processes/{process}/airtime", VIEW),
    # the process report (a PDF; managers only: see reports.services)
    Case(
        "GET",
        "/api/processes/{process}/report",
        MANAGE,
        None,
        lambda ids, out: out.startswith(b"%PDF-"),
    ),
    Case("GET", "/api/processes/{process}/consultations", VIEW),
    Case(
        "POST",
        "/api/processes/{process}/consultations",
        MANAGE,
        lambda api: {
            "title": "Voices from the delta",
            "status": "open",
            "seed_statements": ["Share the data.", "Protect the wetlands."],
        },
        lambda ids, out: (
            Consultation.objects.get(pk=out["id"]).statements.count() == 2
            and out["public_url"].startswith("http://testserver/c/")
        ),
    ),
    Case("GET", "/api/consultations/{consultation}", VIEW),
    Case(
        "PATCH",
        "/api/consultations/{new_consultation}",
        MANAGE,
        lambda api: {"status": "closed", "public_results": True},
        lambda ids, out: (
            Consultation.objects.get(pk=ids["new_consultation"]).status == "closed"
        ),
    ),
    Case(
        "DELETE",
        "/api/consultations/{new_consultation}",
        MANAGE,
        None,
        _gone(Consultation, "new_consultation"),
    ),
    Case("GET", "/api/consultations/{consultation}/statements", VIEW),
    Case(
        "POST",
        "/api/consultations/{consultation}/statements",
        MANAGE,
        lambda api: {"texts": ["Ferries should be free."]},
        lambda ids, out: Statement.objects.get(pk=out[0]["id"]).status == "accepted",
    ),
    Case(
        "POST",
        "/api/consultations/{empty_consultation}/polis-import",
        MANAGE,
        lambda api: {
            "files": {
                "comments.csv": "comment-id,author-id,moderated,comment-body\n"
                "1,0,1,Share the data.\n2,3,0,Free ferries.\n",
                "votes.csv": "timestamp,comment-id,voter-id,vote\n1,1,3,1\n2,2,4,-1\n",
            }
        },
        lambda ids, out: (
            out["votes"] == 2
            and Statement.objects.filter(
                consultation_id=ids["empty_consultation"], status="pending"
            ).count()
            == 1
        ),
    ),
    Case(
        "PATCH",
        "/api/consultation-statements/{consultation_statement}",
        MANAGE,
        lambda api: {"status": "rejected"},
        lambda ids, out: (
            Statement.objects.get(pk=ids["consultation_statement"]).status == "rejected"
        ),
    ),
    Case(
        "POST",
        "/api/consultations/{consultation}/analyses",
        MANAGE,
        None,
        lambda ids, out: AnalysisRun.objects.get(pk=out["id"]).status == "queued",
    ),
    Case("GET", "/api/consultations/{consultation}/results", VIEW),
    Case("GET", "/api/organisations/{org}/external-processes", REGISTRY),
    Case(
        "POST",
        "/api/organisations/{org}/external-processes",
        REGISTRY,
        lambda api: {"name": "Ostrel civic forum", "kind": "track_3"},
        _exists(ExternalProcess),
    ),
    # outputs and the transfer ledger
    Case("GET", "/api/processes/{process}/outputs", RECORD),
    Case(
        "POST",
        "/api/processes/{process}/outputs",
        RECORD,
        lambda api: {
            "kind": "non_paper",
            "audience": "home_governments",
            "title": "Options for a joint gauge station",
            "body": "Both sides see value in shared data.",
        },
        _exists(Output),
    ),
    Case("GET", "/api/outputs/{output}", RECORD),
    Case(
        "PATCH",
        "/api/outputs/{output}",
        RECORD,
        lambda api: {"classification": "restricted"},
        lambda ids, out: (
            Output.objects.get(pk=ids["output"]).classification == "restricted"
        ),
    ),
    Case(
        "DELETE", "/api/outputs/{new_output}", MANAGE, None, _gone(Output, "new_output")
    ),
    Case(
        "POST",
        "/api/outputs/{output}/insert",
        RECORD,
        lambda api: {"note_ids": [str(api.world.extra["records"]["note"].pk)]},
        lambda ids, out: out["sources"][-1]["type"] == "note",
    ),
    Case("GET", "/api/outputs/{output}/gate", RECORD),
    Case("POST", "/api/outputs/{output}/redact", RECORD, lambda api: {}),
    Case("GET", "/api/outputs/{output}/export", RECORD),
    Case("GET", "/api/processes/{process}/transfers", MANAGE),
    Case(
        "POST",
        "/api/processes/{process}/transfers",
        MANAGE,
        lambda api: {
            "output_id": str(api.world.extra["transfer"]["released_output"].pk),
            "recipient": "Special envoy's office",
            "channel": "confidential_briefing",
            "transferred_on": "2026-04-02",
            "consent_obtained": True,
        },
        _exists(Transfer),
    ),
    Case(
        "DELETE",
        "/api/transfers/{new_transfer}",
        MANAGE,
        None,
        _gone(Transfer, "new_transfer"),
    ),
    Case(
        "POST",
        "/api/transfers/{transfer}/uptake",
        MANAGE,
        lambda api: {
            "kind": "discussed_track1",
            "observed_on": "2026-04-20",
            "objective_ids": [str(api.world.objective.pk)],
        },
        lambda ids, out: Uptake.objects.filter(transfer_id=out["id"]).exists(),
    ),
    # translations
    Case("GET", "/api/texts/note/{note}/translations", VIEW),
    Case(
        "GET", "/api/texts/joint_text_version/{joint_text_version}/translations", VIEW
    ),
    Case(
        "POST",
        "/api/texts/note/{new_note}/translations",
        TRANSLATE,
        lambda api: {"language": "ar", "text": "تم رسم الخيارات.", "mark": "machine"},
        lambda ids, out: (
            ContentTranslation.objects.get(pk=out["id"]).mark == "machine"
            and out["translated_by"]
        ),
    ),
    Case("GET", "/api/texts/statement/{consultation_statement}/translations", VIEW),
    Case(
        "POST",
        "/api/texts/statement/{new_consultation_statement}/translations",
        TRANSLATE,
        lambda api: {
            "language": "fr",
            "text": "Partagez les données.",
            "mark": "draft",
        },
        lambda ids, out: (
            ContentTranslation.objects.get(pk=out["id"]).statement_id
            == ids["new_consultation_statement"]
        ),
    ),
    Case(
        "PUT",
        "/api/texts/note/{new_note}/language",
        TRANSLATE,
        lambda api: {"language": "en"},
        lambda ids, out: Note.objects.get(pk=ids["new_note"]).language == "en",
    ),
    Case(
        "PATCH",
        "/api/translations/{new_translation}",
        TRANSLATE,
        lambda api: {"text": "Nota revisada"},
        lambda ids, out: (
            str(ContentTranslation.objects.get(pk=ids["new_translation"]).text)
            == "Nota revisada"
        ),
    ),
    Case(
        "POST",
        "/api/translations/{new_translation}/verify",
        VERIFY,
        None,
        lambda ids, out: (
            ContentTranslation.objects.get(pk=ids["new_translation"]).mark == "verified"
        ),
    ),
    Case(
        "DELETE",
        "/api/translations/{new_translation}",
        TRANSLATE,
        None,
        _gone(ContentTranslation, "new_translation"),
    ),
    # an output's translations: exactly the output's readers (no interpreters)
    Case("GET", "/api/texts/output/{output}/translations", RECORD),
    Case(
        "POST",
        "/api/texts/output/{new_output}/translations",
        RECORD,
        lambda api: {"language": "fr", "text": "Mémo sur la station", "mark": "draft"},
        lambda ids, out: (
            str(ContentTranslation.objects.get(pk=out["id"]).output_id)
            == str(ids["new_output"])
        ),
    ),
    Case("GET", "/api/processes/{process}/pledge", VIEW),
    Case(
        "POST",
        "/api/processes/{process}/pledge",
        PLEDGE,
        lambda api: {"accept": True},
        lambda ids, out: out["accepted_version"] == out["version"],
    ),
    # -- evaluation
    Case("GET", "/api/processes/{process}/evaluation/trust", MANAGE),
    Case("GET", "/api/processes/{process}/evaluation/network", MANAGE),
    Case("GET", "/api/processes/{process}/evaluation/objectives", MANAGE),
    Case("GET", "/api/processes/{process}/evaluation/expectations", EVALUATE),
    Case("GET", "/api/processes/{process}/evaluation/rpp", MANAGE),
    Case(
        "PUT",
        "/api/objectives/{objective}/rpp",
        MANAGE,
        lambda api: {"rpp_reach": "key_people", "rpp_level": "socio_political"},
        lambda ids, out: (
            Objective.objects.get(pk=ids["objective"]).rpp_level == "socio_political"
        ),
    ),
    Case("GET", "/api/processes/{process}/rounds", EVALUATE),
    Case(
        "POST",
        "/api/processes/{process}/rounds",
        MANAGE,
        lambda api: {
            "title": "Spring round",
            "held_on": "2026-04-01",
            "custom_items": ["The agenda reflects my side's concerns."],
        },
        _exists(TrustRound),
    ),
    Case(
        "PATCH",
        "/api/rounds/{round}",
        MANAGE,
        lambda api: {"title": "Renamed round"},
        lambda ids, out: (
            TrustRound.objects.get(pk=ids["round"]).title == "Renamed round"
        ),
    ),
    Case("GET", "/api/rounds/{round}/my-answers", CONTRIBUTE),
    Case(
        "PUT",
        "/api/rounds/{round}/my-answers",
        CONTRIBUTE,
        lambda api: {"answers": {"openness": 4, "custom_1": 2}},
        lambda ids, out: (
            TrustResponse.objects.get(round_id=ids["round"]).answers
            == {"openness": 4, "custom_1": 2}
        ),
    ),
    Case("GET", "/api/rounds/{round}/my-contacts", CONTRIBUTE),
    Case(
        "PUT",
        "/api/rounds/{round}/my-contacts",
        CONTRIBUTE,
        lambda api: {"contacts": []},
        lambda ids, out: ContactReport.objects.filter(round_id=ids["round"]).exists(),
    ),
    Case("GET", "/api/processes/{process}/outcomes", MANAGE),
    Case(
        "POST",
        "/api/processes/{process}/outcomes",
        MANAGE,
        lambda api: {
            "social_actor": "Ostrel's deputy minister of water",
            "change": "Cited the joint data in parliament.",
            "observed_on": "2026-07-01",
            "objective_ids": [str(api.world.objective.pk)],
            "rpp_reach": "key_people",
            "rpp_level": "socio_political",
        },
        lambda ids, out: Outcome.objects.get(pk=out["id"]).objectives.count() == 1,
    ),
    Case(
        "PATCH",
        "/api/outcomes/{outcome}",
        MANAGE,
        lambda api: {"verified_by": "An independent journalist"},
        lambda ids, out: (
            Outcome.objects.get(pk=ids["outcome"]).verified_by
            == "An independent journalist"
        ),
    ),
    Case(
        "DELETE",
        "/api/outcomes/{new_outcome}",
        MANAGE,
        None,
        _gone(Outcome, "new_outcome"),
    ),
    Case("GET", "/api/processes/{process}/risks", MANAGE),
    Case(
        "POST",
        "/api/processes/{process}/risks",
        MANAGE,
        lambda api: {
            "kind": "safety",
            "description": "A participant is questioned at the border on return.",
            "likelihood": 2,
            "impact": 5,
            "mitigation": "Travel separately; no documents carried.",
            "owner": "Facilitator",
            "review_on": "2026-06-01",
        },
        _exists(Risk),
    ),
    Case(
        "PATCH",
        "/api/risks/{risk}",
        MANAGE,
        lambda api: {"likelihood": 3},
        lambda ids, out: Risk.objects.get(pk=ids["risk"]).likelihood == 3,
    ),
    Case("DELETE", "/api/risks/{new_risk}", MANAGE, None, _gone(Risk, "new_risk")),
    Case("GET", "/api/processes/{process}/evaluation/plan", MANAGE),
    Case(
        "PUT",
        "/api/processes/{process}/evaluation/plan",
        MANAGE,
        lambda api: {
            "transfer_strategy": "Brief both foreign ministries.",
            "register_reviewed": True,
        },
        lambda ids, out: (
            EvaluationPlan.objects.get(process_id=ids["process"]).transfer_strategy
            == "Brief both foreign ministries."
        ),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_each_role_gets_what_its_role_allows(api: Api, case: Case) -> None:
    ok = OK[case.method]
    for role in ALL_ROLES:
        ids = api.ids_for(case.path)
        body = case.body(api) if case.body else None
        reply = api.call(role, case.method, api.path(case.path, ids), body)
        want = expected_for(case, role, ok)
        assert reply.status == want, (role, reply.body)
        if want == ok and case.persisted is not None:
            assert case.persisted(ids, reply.body), role
        if want in (403, 404):
            assert set(reply.body) == {"detail"}, role


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_a_missing_or_bad_token_gets_401_and_nothing_else(api: Api, case: Case) -> None:
    ids = api.ids_for(case.path)
    body = case.body(api) if case.body else None
    path = api.path(case.path, ids)
    missing = api.call(None, case.method, path, body)
    bad = api.call(None, case.method, path, body, token="bc_" + "x" * 43)
    assert missing.status == bad.status == 401
    assert missing.body == bad.body
    assert "Bearer" in missing.body["detail"]


WITH_IDS = [case for case in CASES if "{" in case.path]


@pytest.mark.parametrize("case", WITH_IDS, ids=lambda c: c.id)
@pytest.mark.parametrize("role", ["org_convener", "participant"])
def test_rival_ids_answer_exactly_like_random_and_malformed_ids(
    api: Api, case: Case, role: str
) -> None:
    body = case.body(api) if case.body else None
    rival = api.path(case.path, api.rival_ids_for(case.path))
    names = api.rival_ids_for(case.path)
    random = api.path(case.path, {name: uuid.uuid4() for name in names})
    malformed = api.path(case.path, dict.fromkeys(names, "42"))
    replies = [api.call(role, case.method, p, body) for p in (rival, random, malformed)]
    assert replies[0].status == 404
    assert replies[0] == replies[1] == replies[2]


def test_the_outsider_sees_its_own_objects(api: Api, world: World) -> None:
    # The rival ids above answer 404 because they are foreign, not because
    # they are broken: their owner reaches every one of them.
    # (Reads of one's own answers are a seated participant's: a convener has none.)
    reads = [
        case
        for case in WITH_IDS
        if case.method == "GET" and case.audience != CONTRIBUTE
    ]
    for case in reads:
        path = api.path(case.path, api.rival_ids_for(case.path))
        assert api.get("outsider", path).status == 200, case.id


def _raw(api: Api, role: str, method: str, path: str, body: Any) -> tuple[Any, ...]:
    """Status, body and every header, as sent: API answers carry no
    per-response token or nonce, so nothing is normalised."""
    import json

    data = json.dumps(body, default=str) if body is not None else ""
    response = api.client.generic(
        method,
        path,
        data,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {api.tokens[role]}",
    )
    return response.status_code, response.content, sorted(response.items())


@pytest.mark.parametrize("case", WITH_IDS, ids=lambda c: c.id)
def test_what_a_role_may_not_see_answers_byte_for_byte_like_a_random_id(
    api: Api, case: Case
) -> None:
    """Every role refused with a 404 gets the very bytes and headers of a
    random id's 404 (before, a participant got 403 for an output, the transfer
    ledger or the report that exists, and 404 for a random id)."""
    body = case.body(api) if case.body else None
    for role in ALL_ROLES:
        if expected_for(case, role, OK[case.method]) != 404:
            continue
        ids = api.ids_for(case.path)
        random = {name: uuid.uuid4() for name in ids}
        ours = _raw(api, role, case.method, api.path(case.path, ids), body)
        missing = _raw(api, role, case.method, api.path(case.path, random), body)
        assert ours[0] == 404, (role, ours[:2])
        assert ours == missing, role
