"""The one door for text leaving the workspace, and every write to outputs,
overrides, transfers and uptake.

:func:`gate_outgoing` is called on every path by which text leaves: an
output's download (web, API, ``backchannel output export``), an output's
release, a transfer of an idea version, and the joint text's plain-text
export (``ideas.services.joint_text_export``). It raises
:class:`~backchannel.core.errors.GateBlocked` with the report unless the text
is clean or two managers confirmed an override for exactly this text and these
findings (the report's digest).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backchannel.core.audit import audit_in
from backchannel.core.errors import GateBlocked, PermissionDenied, ValidationFailed
from backchannel.core.findings import suggestion_in
from backchannel.core.languages import language_name
from backchannel.core.validation import clean, require
from backchannel.gate import Blocked, Finding, GateReport, egress, lets_out
from backchannel.ideas.models import IdeaStatus, IdeaVersion
from backchannel.participants.logins import same_login, user_of
from backchannel.participants.models import Seat
from backchannel.participants.twokeys import require_second_key
from backchannel.processes.access import MANAGERS, ProcessAccess, process_role
from backchannel.processes.models import Objective, Process
from backchannel.records.models import Note
from backchannel.transfer import export as formats
from backchannel.transfer.access import require_compose, sees_carrier
from backchannel.transfer.models import (
    DEFAULT_LANGUAGE,
    Audience,
    Channel,
    GateOverride,
    Output,
    OutputClassification,
    OutputKind,
    OutputStatus,
    Transfer,
    Uptake,
    UptakeKind,
)
from backchannel.transfer.roster import gate_for_process

OUTPUT_FIELDS = {"kind", "audience", "classification", "title", "body", "language"}


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# -- the gate


def gate_report(process: Process, text: str) -> GateReport:
    """The gate's findings in ``text`` against the organisation's whole people
    registry, the process's own people first (:func:`roster.roster_for_process`)."""
    return gate_for_process(process).check(text)


def gate_outgoing(
    process: Process, text: str, *, override_digest: str = ""
) -> GateReport:
    """Check a text about to leave the workspace; raise ``GateBlocked`` if it
    identifies anyone, unless ``override_digest`` is a confirmed override of
    exactly this report."""
    try:
        return egress(gate_for_process(process), text, override_digest=override_digest)
    except Blocked as exc:
        raise GateBlocked(exc.report) from None


def findings_for_audit(process: Process, findings: Iterable[Finding]) -> list[dict]:
    """Kind, span and the seat's pseudonym code of each finding: no name, no text."""
    findings = list(findings)
    keys = {f.participant_key for f in findings if f.participant_key}
    codes = {
        str(seat.pk): str(seat.pseudonym)
        for seat in Seat.objects.filter(process=process, pk__in=keys)
    }
    return [
        {
            "kind": f.kind,
            "start": f.start,
            "end": f.end,
            "seat": codes.get(f.participant_key, ""),
        }
        for f in findings
    ]


def apply_redactions(
    text: str, findings: Iterable[Finding], *, language: str | None = None
) -> str:
    """Replace each finding's span by its suggestion, in ``language`` when
    given (right to left, overlaps merged)."""
    spans: list[list[Any]] = []
    for f in sorted(findings, key=lambda f: (f.start, -f.end)):
        if spans and f.start < spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], f.end)
            continue
        suggestion = (
            f.suggestion if language is None else suggestion_in(f.suggestion, language)
        )
        spans.append([f.start, f.end, suggestion])
    for start, end, replacement in reversed(spans):
        text = text[:start] + replacement + text[end:]
    return text


# -- outputs


def output_text(output: Output) -> str:
    """The Markdown document that is gated and exported."""
    if output.released:
        return str(output.body)
    return formats.document_text(str(output.title), str(output.body))


def output_language_line(output: Output) -> str:
    """ "Language: French", or for a joint statement "Language of record: French"."""
    name = language_name(output.language)
    if output.has_language_of_record:
        return _("Language of record: %(language)s") % {"language": name}
    return _("Language: %(language)s") % {"language": name}


def _check_title(title: str) -> None:
    require(
        "\n" not in title and "\r" not in title,
        "title",
        _("A title is one line: remove the line breaks."),
    )


def _check_draft(output: Output) -> None:
    if output.released:
        raise ValidationFailed(
            {
                "__all__": [
                    _(
                        "This output was released and is frozen: start a new output "
                        "to change it."
                    )
                ]
            }
        )


def _lock_draft(output: Output) -> None:
    """Lock the output's row until the end of the transaction and reload it,
    then refuse if it is no longer a draft: a copy read before a concurrent
    release must not write the output back to draft."""
    output.refresh_from_db(from_queryset=Output.objects.select_for_update())
    _check_draft(output)


@transaction.atomic
def output_create(
    *,
    access: ProcessAccess,
    kind: str,
    audience: str,
    title: str,
    classification: str = OutputClassification.CONFIDENTIAL,
    body: str = "",
    language: str = "",
) -> Output:
    require_compose(access)
    title = (title or "").strip()
    _check_title(title)
    output = Output(
        process=access.process,
        kind=kind,
        audience=audience,
        classification=classification,
        title=title,
        body=(body or "").strip(),
        language=(language or "").strip() or DEFAULT_LANGUAGE,
        sources=[],
        created_by=access.login,
    )
    clean(output, exclude=["data_key", "process", "created_by", "released_by"])
    output.save()
    audit_in(access, "output.create", output)
    return output


@transaction.atomic
def output_update(*, access: ProcessAccess, output: Output, **changes: Any) -> Output:
    require_compose(access)
    _lock_draft(output)
    unknown = set(changes) - OUTPUT_FIELDS
    if unknown:
        raise ValidationFailed(
            {name: [_("Unknown field.")] for name in sorted(unknown)}
        )
    for name, value in changes.items():
        if value is None:
            continue
        if name in ("title", "body", "language"):
            value = str(value).strip()
        if name == "title":
            _check_title(value)
        setattr(output, name, value)
    clean(output, exclude=["data_key", "process", "created_by", "released_by"])
    output.save()
    audit_in(access, "output.update", output)
    return output


@transaction.atomic
def output_delete(*, access: ProcessAccess, output: Output) -> None:
    access.require_manage()
    _lock_draft(output)
    audit_in(access, "output.delete", output)
    output.delete()


def composable_notes(access: ProcessAccess) -> list[tuple[Note, str]]:
    """The notes a composer may insert: the process's non-attributed record.

    Only the text is ever used, never a speaker: a note kept on the record is
    inserted as if it were under the Chatham House rule.
    """
    require_compose(access)
    notes = (
        Note.objects.filter(meeting__process=access.process)
        .select_related("meeting")
        .order_by("meeting__date", "position", "id")
    )
    return [(n, f"{n.meeting.title} ({n.meeting.date:%Y-%m-%d})") for n in notes]


def composable_versions(access: ProcessAccess) -> list[tuple[IdeaVersion, str]]:
    require_compose(access)
    versions = (
        IdeaVersion.objects.filter(idea__process=access.process)
        .exclude(idea__status=IdeaStatus.DRAFT)
        .select_related("idea")
        .order_by("idea__created_on", "idea_id", "number")
    )
    return [(v, f"{v.idea.title}, v{v.number}") for v in versions]


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line.strip() else ">" for line in text.splitlines())


@transaction.atomic
def output_insert(
    *,
    access: ProcessAccess,
    output: Output,
    note_ids: Iterable[Any] = (),
    version_ids: Iterable[Any] = (),
) -> Output:
    """Append the chosen notes (text only) and idea versions to the body as
    quotations, and keep a link to each source."""
    require_compose(access)
    _lock_draft(output)
    notes = {str(n.pk): (n, label) for n, label in composable_notes(access)}
    versions = {str(v.pk): (v, label) for v, label in composable_versions(access)}
    wanted_notes = [str(i) for i in note_ids]
    wanted_versions = [str(i) for i in version_ids]
    missing = [i for i in wanted_notes if i not in notes]
    missing += [i for i in wanted_versions if i not in versions]
    if missing:
        raise ValidationFailed(
            {"sources": [_("Choose notes and idea versions of this process only.")]}
        )
    parts = [str(output.body)] if str(output.body).strip() else []
    sources = list(output.sources or [])
    for i in wanted_notes:
        note, label = notes[i]
        parts.append(_quote(str(note.text)))
        sources.append({"type": "note", "id": i, "label": label})
    for i in wanted_versions:
        version, label = versions[i]
        parts.append(f"**{label}**\n\n{_quote(str(version.text))}")
        sources.append({"type": "idea_version", "id": i, "label": label})
    output.body = "\n\n".join(parts)
    output.sources = sources
    clean(output, exclude=["data_key", "process", "created_by", "released_by"])
    output.save()
    audit_in(access, "output.compose", output)
    return output


def output_gate(*, access: ProcessAccess, output: Output) -> GateReport:
    """The gate's report on the output as it stands (no exception)."""
    require_compose(access)
    return gate_report(access.process, output_text(output))


@transaction.atomic
def output_redact(
    *, access: ProcessAccess, output: Output, finding_ids: Iterable[str] | None = None
) -> Output:
    """Apply the gate's suggested redactions: the chosen findings, or all of
    them (``None``), re-checking until nothing is left."""
    require_compose(access)
    _lock_draft(output)
    report = gate_report(access.process, output_text(output))
    language = output.language or None
    if finding_ids is None:
        # the suggestions in the output's language, checked again (a side
        # name in a suggestion can be a finding); what is left, as the gate does
        text = report.text
        for _round in range(3):
            found = gate_report(access.process, text).findings
            if not found:
                break
            text = apply_redactions(text, found, language=language)
        else:
            text = gate_report(access.process, text).redacted()
    else:
        wanted = set(finding_ids)
        chosen = [f for f in report.findings if f.id in wanted]
        if not chosen:
            raise ValidationFailed(
                {
                    "finding_ids": [
                        _("These findings are no longer in the text: check it again.")
                    ]
                }
            )
        text = apply_redactions(report.text, chosen, language=language)
    title, body = formats.split_document(text)
    output.title, output.body = title, body
    output.save()
    audit_in(access, "output.redact", output)
    return output


def _override_for(output: Output) -> GateOverride | None:
    return (
        GateOverride.objects.filter(output=output, confirmed_on__isnull=False)
        .order_by("-confirmed_on", "-requested_on")
        .first()
    )


def output_exportable(*, output: Output, report: GateReport) -> bool:
    """Whether :func:`output_export` lets the output out now, given the gate's
    ``report`` on its text (:func:`output_gate`): a page offers downloads only
    then, and otherwise says why."""
    override = _override_for(output)
    return lets_out(report, override_digest=override.digest if override else "")


def output_export(
    *, access: ProcessAccess, output: Output, fmt: str
) -> tuple[bytes, str, str]:
    """The output as a file ``(data, content type, file name)``, through the gate.

    A released output exports its frozen text; an override confirmed for it
    still lets it through only while the text and its findings are unchanged.
    """
    require_compose(access)
    if fmt not in formats.FORMATS:
        raise ValidationFailed({"format": [_("Choose one of: md, docx, pdf.")]})
    text = output_text(output)
    override = _override_for(output)
    gate_outgoing(
        access.process, text, override_digest=override.digest if override else ""
    )
    # The document states its language (a line the gate has nothing to find in).
    text = formats.with_language_line(text, output_language_line(output))
    data = formats.render(text, fmt, lang=output.language)
    audit_in(access, f"output.export.{fmt}", output)
    return data, formats.CONTENT_TYPES[fmt], f"{output.kind}-{output.pk.hex[:8]}.{fmt}"


def _freeze(access: ProcessAccess, output: Output, text: str) -> Output:
    output.body = text
    output.status = OutputStatus.RELEASED
    output.released_on = timezone.localdate()
    output.released_by = access.login
    output.released_hash = sha256(text)
    output.save()
    return output


@transaction.atomic
def output_release(*, access: ProcessAccess, output: Output) -> Output:
    """Release a draft whose gate is clean: its text is frozen and hashed.

    The frozen body is the whole Markdown document (title line included), so
    the hash covers exactly what every export will contain.
    """
    access.require_manage()
    _lock_draft(output)
    text = output_text(output)
    gate_outgoing(access.process, text)
    _freeze(access, output, text)
    audit_in(access, "output.release", output)
    return output


@transaction.atomic
def override_request(
    *, access: ProcessAccess, output: Output, reason: str
) -> GateOverride:
    """First key: a manager asks to release despite the findings, with a reason."""
    access.require_manage()
    _check_draft(output)
    reason = (reason or "").strip()
    require(
        bool(reason),
        "reason",
        _("Say why these findings may leave the workspace as they are."),
    )
    report = gate_report(access.process, output_text(output))
    if report.clean:
        raise ValidationFailed(
            {
                "__all__": [
                    _("The gate is clean: release the output without an override.")
                ]
            }
        )
    GateOverride.objects.filter(output=output, confirmed_on__isnull=True).delete()
    override = GateOverride(
        output=output,
        digest=report.digest,
        findings=findings_for_audit(access.process, report.findings),
        reason=reason,
        requested_by=access.login,
    )
    clean(override, exclude=["data_key", "output", "requested_by", "confirmed_by"])
    override.save()
    audit_in(access, "output.override_request", override)
    return override


def pending_override(output: Output) -> GateOverride | None:
    return GateOverride.objects.filter(output=output, confirmed_on__isnull=True).first()


@transaction.atomic
def override_confirm(*, access: ProcessAccess, output: Output) -> Output:
    """Second key: a *different* manager confirms, and the output is released
    with the findings overridden (recorded in the override the audit points at)."""
    access.require_manage()
    _check_draft(output)
    override = pending_override(output)
    if override is None:
        raise ValidationFailed(
            {"__all__": [_("Nobody has asked to override the gate: request it first.")]}
        )
    if same_login(override.requested_by, access.actor):
        raise PermissionDenied(
            _(
                "An override needs a second convener or facilitator: another manager "
                "must confirm your request."
            )
        )
    requester = user_of(override.requested_by)
    require_second_key(access, requester)
    role = process_role(requester, access.process) if requester else None
    if role is None or role[0] not in MANAGERS:
        override.delete()
        raise ValidationFailed(
            {
                "__all__": [
                    _(
                        "The request came from someone who no longer manages this "
                        "process; it was withdrawn."
                    )
                ]
            }
        )
    text = output_text(output)
    report = gate_report(access.process, text)
    if report.digest != override.digest:
        override.delete()
        raise ValidationFailed(
            {
                "__all__": [
                    _(
                        "The text or its findings changed since the override was "
                        "requested; it was withdrawn: check the gate and request again."
                    )
                ]
            }
        )
    override.confirmed_by = access.login
    override.confirmed_on = timezone.localdate()
    override.save()
    audit_in(access, "output.override_confirm", override)
    _freeze(access, output, text)
    audit_in(access, "output.release_override", output)
    return output


@transaction.atomic
def override_cancel(*, access: ProcessAccess, output: Output) -> None:
    access.require_manage()
    deleted, _ignored = GateOverride.objects.filter(
        output=output, confirmed_on__isnull=True
    ).delete()
    if deleted:
        audit_in(access, "output.override_cancel", output)


# -- the transfer ledger


def _carrier(access: ProcessAccess, carrier: Seat | None) -> Seat | None:
    if carrier is None:
        return None
    if not sees_carrier(access):
        raise PermissionDenied(
            _("Only conveners record who carried a transfer: leave the carrier empty.")
        )
    require(
        carrier.process_id == access.process.pk,
        "carrier",
        _("Choose a seat of this process."),
    )
    return carrier


@transaction.atomic
def transfer_create(
    *,
    access: ProcessAccess,
    recipient: str,
    channel: str,
    transferred_on: dt.date,
    output: Output | None = None,
    idea_version: IdeaVersion | None = None,
    carrier: Seat | None = None,
    classification: str = "",
    consent_obtained: bool = False,
    note: str = "",
) -> Transfer:
    """Record one transfer. An output must have been released (its frozen hash
    is the artefact's); an idea version's text passes the gate here."""
    access.require_manage()
    if (output is None) == (idea_version is None):
        raise ValidationFailed(
            {"output": [_("Choose either a released output or an idea version.")]}
        )
    artefact_hash = ""
    if output is not None:
        require(
            output.process_id == access.process.pk,
            "output",
            _("Choose an output of this process."),
        )
        require(
            output.released,
            "output",
            _("Release the output first: only a gated, frozen output is transferred."),
        )
        artefact_hash = output.released_hash
        classification = classification or output.classification
    elif idea_version is not None:
        require(
            idea_version.idea.process_id == access.process.pk,
            "idea_version",
            _("Choose an idea version of this process."),
        )
        text = str(idea_version.text)
        gate_outgoing(access.process, text)
        artefact_hash = sha256(text)
        classification = classification or OutputClassification.CONFIDENTIAL
    transfer = Transfer(
        process=access.process,
        output=output,
        idea_version=idea_version,
        recipient=(recipient or "").strip(),
        channel=channel,
        carrier=_carrier(access, carrier),
        transferred_on=transferred_on,
        classification=classification,
        consent_obtained=bool(consent_obtained),
        artefact_hash=artefact_hash,
        note=(note or "").strip(),
        recorded_by=access.login,
    )
    clean(
        transfer,
        exclude=[
            "data_key",
            "process",
            "output",
            "idea_version",
            "carrier",
            "recorded_by",
        ],
    )
    transfer.save()
    audit_in(access, "transfer.create", transfer)
    return transfer


@transaction.atomic
def transfer_delete(*, access: ProcessAccess, transfer: Transfer) -> None:
    access.require_manage()
    audit_in(access, "transfer.delete", transfer)
    transfer.delete()


@transaction.atomic
def uptake_create(
    *,
    access: ProcessAccess,
    transfer: Transfer,
    kind: str,
    observed_on: dt.date,
    note: str = "",
    objectives: Iterable[Objective] = (),
) -> Uptake:
    access.require_manage()
    objectives = list(objectives)
    require(
        all(o.process_id == access.process.pk for o in objectives),
        "objectives",
        _("Choose objectives of this process."),
    )
    uptake = Uptake(
        transfer=transfer,
        kind=kind,
        observed_on=observed_on,
        note=(note or "").strip(),
        recorded_by=access.login,
    )
    clean(uptake, exclude=["data_key", "transfer", "recorded_by"])
    uptake.save()
    uptake.objectives.set(objectives)
    audit_in(access, "uptake.create", uptake)
    return uptake


__all__ = [
    "Audience",
    "Channel",
    "OutputKind",
    "UptakeKind",
    "gate_outgoing",
    "gate_report",
]
