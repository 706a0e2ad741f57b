"""The one service layer of the evaluation: the web, the API and the CLI call these.

Answers and contacts are written only by their author (or, for the demo and
imports, by the operator acting for a seat) and only while a round is open.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backchannel.core.audit import audit_in
from backchannel.core.errors import ValidationFailed
from backchannel.core.services_util import apply_changes
from backchannel.core.validation import clean, require
from backchannel.evaluation.access import respondent_seat
from backchannel.evaluation.items import SCALE_MAX, SCALE_MIN, STANDARD_ITEMS
from backchannel.evaluation.models import (
    ContactReport,
    EvaluationPlan,
    Frequency,
    Outcome,
    Risk,
    RoundStatus,
    TrustResponse,
    TrustRound,
)
from backchannel.evaluation.trust import contact_seats, publication
from backchannel.participants.models import Seat, SeatRole
from backchannel.processes.access import ProcessAccess
from backchannel.processes.models import Objective, Process, RppLevel, RppReach
from backchannel.records.services import identifying
from backchannel.transfer.models import Transfer

ROUND_FIELDS = {"title", "held_on", "status"}
OUTCOME_FIELDS = {
    "social_actor",
    "change",
    "observed_on",
    "significance",
    "contribution",
    "evidence",
    "verified_by",
    "rpp_reach",
    "rpp_level",
}
# the outcome texts that go into the process report: nobody is named in them
OUTCOME_TEXTS = (
    "social_actor",
    "change",
    "significance",
    "contribution",
    "evidence",
    "verified_by",
)
RISK_FIELDS = {
    "kind",
    "description",
    "likelihood",
    "impact",
    "mitigation",
    "owner",
    "review_on",
}
CUSTOM_ITEMS_MAX = 10
CONTACTS_MAX = 200


# -- rounds


def _custom_items(texts: Iterable[str] | None) -> list[dict[str, str]]:
    items = [t.strip() for t in texts or [] if t and t.strip()]
    require(
        len(items) <= CUSTOM_ITEMS_MAX,
        "custom_items",
        _("At most %(n)d custom items: keep the survey short.")
        % {"n": CUSTOM_ITEMS_MAX},
    )
    for i, text in enumerate(items):
        require(
            len(text) <= 300,
            f"custom_items[{i}]",
            _("An item is at most 300 characters: shorten it."),
        )
    return [{"key": f"custom_{i + 1}", "text": t} for i, t in enumerate(items)]


@transaction.atomic
def round_create(
    *,
    access: ProcessAccess,
    title: str,
    held_on: dt.date,
    custom_items: Iterable[str] | None = None,
    status: str = RoundStatus.DRAFT,
) -> TrustRound:
    """A new trust round: the standard items plus the process's own."""
    access.require_manage()
    trust_round = TrustRound(
        process=access.process,
        data_key_id=access.process.data_key_id,
        title=(title or "").strip(),
        held_on=held_on,
        status=status,
        custom_items=_custom_items(custom_items),
    )
    clean(trust_round, exclude=["data_key", "process"])
    trust_round.save()
    if trust_round.status == RoundStatus.CLOSED:
        _publish(trust_round)  # closed at once: nobody answered
    audit_in(access, "trust_round.create", trust_round)
    return trust_round


@transaction.atomic
def round_update(
    *,
    access: ProcessAccess,
    trust_round: TrustRound,
    changes: dict[str, Any],
    custom_items: Iterable[str] | None = None,
) -> TrustRound:
    """Rename, re-date, open or close a round; its custom items change only
    while nobody has answered yet. Closing publishes the round's figures
    (``selectors.publication``): from then on its date cannot change either."""
    access.require_manage()
    # The round as it is now, locked: an answer being saved, or another
    # manager's edit, waits for this one (and this one for them).
    current_status, current_date = _lock(trust_round)
    trust_round.status = current_status
    if custom_items is not None:
        new = _custom_items(custom_items)
        if new != (trust_round.custom_items or []):
            require(
                current_status != RoundStatus.CLOSED,
                "custom_items",
                _("This round is closed: its items are part of its published figures."),
            )
            require(
                not trust_round.responses.exists(),
                "custom_items",
                _(
                    "Participants have already answered this round: its items can "
                    "no longer change. Start a new round instead."
                ),
            )
            trust_round.custom_items = new
            trust_round.save(update_fields=["custom_items"])
    if "title" in changes:
        changes["title"] = (changes["title"] or "").strip()
    if changes.get("status") == current_status:
        changes = {k: v for k, v in changes.items() if k != "status"}
    closing = changes.get("status") == RoundStatus.CLOSED
    if changes.get("status") not in (None, current_status):
        _check_transition(trust_round, changes["status"])
    if current_status == RoundStatus.CLOSED:
        require(
            changes.get("held_on") in (None, current_date),
            "held_on",
            _(
                "This round is closed: its date places its published figures among "
                "the other rounds' and cannot change."
            ),
        )
    if not apply_changes(trust_round, changes, allowed=ROUND_FIELDS) and not (
        custom_items is not None
    ):
        return trust_round  # nothing changed: nothing to audit
    if closing:
        _publish(trust_round)
    audit_in(access, "trust_round.update", trust_round)
    return trust_round


def _lock(trust_round: TrustRound) -> tuple[str, dt.date]:
    """The round's status and date as stored, with its row locked until the
    end of the transaction."""
    return (
        TrustRound.objects.select_for_update()
        .values_list("status", "held_on")
        .get(pk=trust_round.pk)
    )


def _publish(trust_round: TrustRound) -> None:
    trust_round.published = publication(trust_round)
    trust_round.save(update_fields=["published"])


def _check_transition(trust_round: TrustRound, status: str) -> None:
    """A round goes draft → open → closed, and never back once anyone has
    answered: its aggregates are shown from closing on, and a reopened round
    whose means moved after one more answer would give that answer away."""
    require(
        trust_round.status != RoundStatus.CLOSED,
        "status",
        _(
            "This round is closed and its results are shown: it cannot be "
            "reopened. Start a new round instead."
        ),
    )
    if status == RoundStatus.DRAFT:
        require(
            not trust_round.responses.exists()
            and not ContactReport.objects.filter(round=trust_round).exists(),
            "status",
            _(
                "Participants have already answered this round: it cannot go back "
                "to draft. Close it once the answers are in."
            ),
        )


def _answers(trust_round: TrustRound, answers: dict[str, Any]) -> dict[str, int]:
    keys = set(STANDARD_ITEMS) | {c["key"] for c in trust_round.custom_items or []}
    clean_answers: dict[str, int] = {}
    for key, value in (answers or {}).items():
        require(
            key in keys,
            f"answers.{key}",
            _("%(key)r is not an item of this round: use one of %(keys)s.")
            % {"key": key, "keys": ", ".join(sorted(keys))},
        )
        if value in (None, ""):
            continue  # an item may be left unanswered
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = 0
        require(
            number == value or str(number) == str(value).strip(),
            f"answers.{key}",
            _("Answer with a whole number from %(lo)d to %(hi)d.")
            % {"lo": SCALE_MIN, "hi": SCALE_MAX},
        )
        require(
            SCALE_MIN <= number <= SCALE_MAX,
            f"answers.{key}",
            _("Answer with a whole number from %(lo)d to %(hi)d.")
            % {"lo": SCALE_MIN, "hi": SCALE_MAX},
        )
        clean_answers[key] = number
    require(
        bool(clean_answers),
        "answers",
        _("Answer at least one item (you may leave the others blank)."),
    )
    return clean_answers


def _require_open(trust_round: TrustRound) -> None:
    """Open as stored, and locked: a manager closing the round waits for this
    answer to be saved, or this answer finds the round closed."""
    status, _date = _lock(trust_round)
    require(
        status == RoundStatus.OPEN,
        "round",
        _("This round is not open: answers are taken only while a round is open."),
    )


def _respondent_of(seat: Seat, trust_round: TrustRound) -> None:
    require(
        seat.process_id == trust_round.process_id
        and seat.role == SeatRole.PARTICIPANT
        and seat.side_id is not None,
        "seat",
        _("Answers come from a participant seated on a side of this process."),
    )


def _own_seat(access: ProcessAccess, trust_round: TrustRound) -> Seat:
    """The respondent's own seat, or the one the operator acts for."""
    if not access.is_operator:
        return respondent_seat(access)
    seat = Seat.objects.filter(pk=access.seat_id).first() if access.seat_id else None
    require(
        seat is not None,
        "seat",
        _("Answers come from a participant seated on a side of this process."),
    )
    _respondent_of(seat, trust_round)  # type: ignore[arg-type]
    return seat  # type: ignore[return-value]


def _lock_seat(seat: Seat) -> None:
    """Serialise one seat's answers and reports (a double submission waits)."""
    Seat.objects.select_for_update().filter(pk=seat.pk).first()


def _existing(model: Any, trust_round: TrustRound, seat: Seat) -> Any:
    return model.objects.filter(round=trust_round, seat=seat).first()


def _save_once(row: Any, message: str) -> None:
    """Insert or update ``row``; a duplicate that slipped past the check (one
    answer per seat and round) is a clear error, not a server error."""
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        raise ValidationFailed({"__all__": [message]}) from None


def _answers_save(
    *, actor: Any, seat: Seat, trust_round: TrustRound, answers: dict[str, Any]
) -> TrustResponse:
    _require_open(trust_round)
    values = _answers(trust_round, answers)
    _lock_seat(seat)
    response = _existing(TrustResponse, trust_round, seat)
    if response is None:
        response = TrustResponse(
            round=trust_round, seat=seat, data_key_id=trust_round.data_key_id
        )
    response.side_id = seat.side_id
    response.answers = values
    _save_once(
        response,
        _(
            "Your answers to this round were just recorded (sent twice?): "
            "reload the page to see or change them."
        ),
    )
    # Not audited: even without an actor, the time of each answer beside the
    # session's attendance would say who answered and when they changed it.
    return response


@transaction.atomic
def answers_record(
    *, access: ProcessAccess, trust_round: TrustRound, answers: dict[str, Any]
) -> TrustResponse:
    """Give or change one's own answers to an open round (one per seat), or
    the operator's for a seat (``ProcessAccess.operator(process, seat=…)``:
    the demo, imports); like every answer, not audited."""
    seat = _own_seat(access, trust_round)
    return _answers_save(
        actor=access.actor, seat=seat, trust_round=trust_round, answers=answers
    )


# -- contacts


def _contacts(seat: Seat, contacts: Iterable[dict[str, Any]]) -> list[dict[str, str]]:
    allowed = {str(s.pk) for s in contact_seats(seat)}
    out: dict[str, str] = {}
    rows = list(contacts or [])
    require(
        len(rows) <= CONTACTS_MAX,
        "contacts",
        _("At most %(n)d contacts.") % {"n": CONTACTS_MAX},
    )
    for i, row in enumerate(rows):
        raw = str((row or {}).get("seat", ""))
        try:
            key = str(uuid.UUID(raw))
        except ValueError:
            key = ""
        require(
            key in allowed,
            f"contacts[{i}].seat",
            _(
                "Report contacts only with participants seated on another side of "
                "this process: this seat is not one of them."
            ),
        )
        frequency = (row or {}).get("frequency", "")
        require(
            frequency in Frequency.values,
            f"contacts[{i}].frequency",
            _("Say how often: one of %(choices)s.")
            % {"choices": ", ".join(Frequency.values)},
        )
        out[key] = frequency
    return [{"seat": k, "frequency": v} for k, v in out.items()]


def _contacts_save(
    *,
    actor: Any,
    seat: Seat,
    trust_round: TrustRound,
    contacts: Iterable[dict[str, Any]],
) -> ContactReport:
    _require_open(trust_round)
    values = _contacts(seat, contacts)
    _lock_seat(seat)
    report = _existing(ContactReport, trust_round, seat)
    if report is None:
        report = ContactReport(
            round=trust_round, seat=seat, data_key_id=trust_round.data_key_id
        )
    report.side_id = seat.side_id
    report.contacts = values
    _save_once(
        report,
        _(
            "Your contacts for this round were just recorded (sent twice?): "
            "reload the page to see or change them."
        ),
    )
    # Not audited, as answers (see ``_answers_save``).
    return report


@transaction.atomic
def contacts_record(
    *,
    access: ProcessAccess,
    trust_round: TrustRound,
    contacts: Iterable[dict[str, Any]],
) -> ContactReport:
    """Report (or replace) one's own cross-side contacts for an open round.
    ``contacts``: ``[{"seat": id, "frequency": "once|few|often"}]``; an empty
    list says "no contacts". The operator may report for a seat, as in
    ``answers_record``."""
    seat = _own_seat(access, trust_round)
    return _contacts_save(
        actor=access.actor, seat=seat, trust_round=trust_round, contacts=contacts
    )


# -- objectives in the RPP matrix


def _placement(reach: str, level: str) -> None:
    require(
        reach in ("", *RppReach.values),
        "rpp_reach",
        _("Choose more people, key people, or leave it blank."),
    )
    require(
        level in ("", *RppLevel.values),
        "rpp_level",
        _("Choose individual / personal, socio-political, or leave it blank."),
    )
    require(
        bool(reach) == bool(level),
        "rpp_level",
        _("Place it in both dimensions (whom and at which level), or in neither."),
    )


@transaction.atomic
def objective_place(
    *, access: ProcessAccess, objective: Objective, reach: str, level: str
) -> Objective:
    """Place an objective in the RPP matrix (blank both to unplace it)."""
    access.require_manage()
    require(
        objective.process_id == access.process.pk, "objective", _("No such objective.")
    )
    _placement(reach, level)
    objective.rpp_reach = reach
    objective.rpp_level = level
    objective.save(update_fields=["rpp_reach", "rpp_level"])
    audit_in(access, "objective.place", objective)
    return objective


# -- outcomes


def _linked(
    access: ProcessAccess,
    model: Any,
    ids: Iterable[Any] | None,
    field: str,
    not_an_id: str,
    elsewhere: str,
) -> list[Any]:
    """The process's objects of ``model`` with these ids; a bad id or one of
    another process is refused on ``field``."""
    wanted = []
    for i, raw in enumerate(ids or []):
        try:
            wanted.append(uuid.UUID(str(raw)))
        except ValueError:
            require(False, f"{field}[{i}]", not_an_id)
    found = list(model.objects.filter(process=access.process, pk__in=wanted))
    require(len(found) == len(set(wanted)), field, elsewhere)
    return found


def _objectives(access: ProcessAccess, ids: Iterable[Any] | None) -> list[Objective]:
    return _linked(
        access,
        Objective,
        ids,
        "objectives",
        _("Not an objective id."),
        _("Link only objectives of this process."),
    )


def _transfers(access: ProcessAccess, ids: Iterable[Any] | None) -> list[Transfer]:
    return _linked(
        access,
        Transfer,
        ids,
        "transfers",
        _("Not a transfer id."),
        _("Link only transfers recorded in this process."),
    )


def _check_outcome_texts(access: ProcessAccess, fields: dict[str, Any]) -> None:
    """Outcome texts are read in the process report, outside the room: the
    identification gate (the same engine, normalisation and roster as every
    exit and the Chatham House record) refuses a text that identifies a
    participant, each field with its findings quoted in context."""

    errors: dict[str, list[str]] = {}
    for name in OUTCOME_TEXTS:
        value = fields.get(name)
        if not isinstance(value, str) or not value.strip():
            continue
        found = identifying(access.process, value)
        if found:
            errors[name] = [
                _(
                    "Outcomes are read in the process report, so they name no participant, but this text identifies %(value)s. Describe the actor by role or side instead (“a participant from …”)."
                )
                % {"value": "; ".join(found)}
            ]
    if errors:
        raise ValidationFailed(errors)


@transaction.atomic
def outcome_create(
    *,
    access: ProcessAccess,
    objectives: Iterable[Any] | None = None,
    transfers: Iterable[Any] | None = None,
    **fields: Any,
) -> Outcome:
    """Harvest an outcome: which social actor changed what, when, why it
    matters, how the dialogue contributed, evidence, who verified it."""
    access.require_manage()
    unknown = sorted(set(fields) - OUTCOME_FIELDS)
    require(not unknown, "__all__", _("Unknown fields: %(f)s.") % {"f": unknown})
    linked = _objectives(access, objectives)
    carried = _transfers(access, transfers)
    _placement(fields.get("rpp_reach", ""), fields.get("rpp_level", ""))
    _check_outcome_texts(access, fields)
    outcome = Outcome(
        process=access.process,
        data_key_id=access.process.data_key_id,
        **{k: v.strip() if isinstance(v, str) else v for k, v in fields.items()},
    )
    clean(outcome, exclude=["data_key", "process"])
    outcome.save()
    outcome.objectives.set(linked)
    outcome.transfers.set(carried)
    audit_in(access, "outcome.create", outcome)
    return outcome


@transaction.atomic
def outcome_update(
    *,
    access: ProcessAccess,
    outcome: Outcome,
    changes: dict[str, Any],
    objectives: Iterable[Any] | None = None,
    transfers: Iterable[Any] | None = None,
) -> Outcome:
    access.require_manage()
    linked = _objectives(access, objectives) if objectives is not None else None
    carried = _transfers(access, transfers) if transfers is not None else None
    _placement(
        changes.get("rpp_reach", outcome.rpp_reach),
        changes.get("rpp_level", outcome.rpp_level),
    )
    _check_outcome_texts(access, changes)
    apply_changes(outcome, changes, allowed=OUTCOME_FIELDS)
    if linked is not None:
        outcome.objectives.set(linked)
    if carried is not None:
        outcome.transfers.set(carried)
    audit_in(access, "outcome.update", outcome)
    return outcome


@transaction.atomic
def outcome_delete(*, access: ProcessAccess, outcome: Outcome) -> None:
    access.require_manage()
    audit_in(access, "outcome.delete", outcome)
    outcome.delete()


# -- the do-no-harm register


def _scores(fields: dict[str, Any]) -> None:
    for name in ("likelihood", "impact"):
        if name in fields:
            value = fields[name]
            require(
                isinstance(value, int)
                and not isinstance(value, bool)
                and 1 <= value <= 5,
                name,
                _("Give a whole number from 1 (lowest) to 5 (highest)."),
            )


@transaction.atomic
def risk_create(*, access: ProcessAccess, **fields: Any) -> Risk:
    """Add a risk to the do-no-harm register."""
    access.require_manage()
    unknown = sorted(set(fields) - RISK_FIELDS)
    require(not unknown, "__all__", _("Unknown fields: %(f)s.") % {"f": unknown})
    _scores(fields)
    risk = Risk(
        process=access.process,
        data_key_id=access.process.data_key_id,
        **{k: v.strip() if isinstance(v, str) else v for k, v in fields.items()},
    )
    clean(risk, exclude=["data_key", "process"])
    risk.save()
    audit_in(access, "risk.create", risk)
    return risk


@transaction.atomic
def risk_update(*, access: ProcessAccess, risk: Risk, changes: dict[str, Any]) -> Risk:
    access.require_manage()
    _scores(changes)
    apply_changes(risk, changes, allowed=RISK_FIELDS)
    audit_in(access, "risk.update", risk)
    return risk


@transaction.atomic
def risk_delete(*, access: ProcessAccess, risk: Risk) -> None:
    access.require_manage()
    audit_in(access, "risk.delete", risk)
    risk.delete()


def _plan(process: Process) -> EvaluationPlan:
    plan = EvaluationPlan.objects.filter(process=process).first()
    return plan or EvaluationPlan(process=process, data_key_id=process.data_key_id)


@transaction.atomic
def register_mark_reviewed(
    *, access: ProcessAccess, on: dt.date | None = None
) -> EvaluationPlan:
    """Say that the whole register was reviewed (ends the phase prompt)."""
    access.require_manage()
    plan = _plan(access.process)
    plan.register_reviewed_on = on or timezone.now().date()
    plan.save()
    audit_in(access, "risk_register.review", plan)
    return plan


@transaction.atomic
def transfer_strategy_set(*, access: ProcessAccess, text: str) -> EvaluationPlan:
    """Write the transfer plan: how results reach track 1 and the public."""
    access.require_manage()
    plan = _plan(access.process)
    plan.transfer_strategy = (text or "").strip()
    clean(plan, exclude=["data_key", "process"])
    plan.save()
    audit_in(access, "transfer_strategy.set", plan)
    return plan
