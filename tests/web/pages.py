"""Every page of the web UI, with who may open it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, fields, replace

from django.urls import reverse

from tests.web.conftest import Ids
from tests.world import ALL_ROLES, MANAGING_ROLES, VIEWING_ROLES

PEOPLE_MANAGERS = {"org_convener", "convener", "facilitator"}
ORG_CONVENERS = {"org_convener", "outsider"}  # each convenes an organisation


@dataclass(frozen=True)
class Page:
    name: str
    args: tuple[str, ...]  # attribute names of Ids
    audience: str  # any | view | manage | create | people | people_index | audit
    # | contribute | record | roster | translate | verify | evaluate

    def url(self, ids: Ids) -> str:
        return reverse(self.name, args=[getattr(ids, a) for a in self.args])

    def expected_get(self, role: str) -> int:
        """A page a role may not read answers 404, like a random id (a 403
        would confirm that the object exists; issue 22, 5)."""
        status = self._allowed(role)
        return 404 if status == 403 else status

    def _allowed(self, role: str) -> int:
        """200 or 302 for the page's audience; 403 for the seated roles that
        know the process but may not read this page; 404 for the others."""
        if self.audience == "any":
            return 200
        if self.audience == "view":
            return 200 if role in VIEWING_ROLES else 404
        if self.audience == "manage":
            if role in MANAGING_ROLES:
                return 200
            return 403 if role in VIEWING_ROLES else 404
        if self.audience == "create":
            return 200 if role in ORG_CONVENERS else 403
        if self.audience == "people":
            return 200 if role in PEOPLE_MANAGERS else 404
        if self.audience == "audit":
            return 200 if role == "org_convener" else 404
        if self.audience == "contribute":
            # participants seated on a side give feedback and comment
            if role == "participant":
                return 200
            return 403 if role in VIEWING_ROLES else 404
        if self.audience == "record":
            # those who keep a meeting's record: managers and rapporteurs
            if role in MANAGING_ROLES | {"rapporteur"}:
                return 200
            return 403 if role in VIEWING_ROLES else 404
        if self.audience == "roster":
            # who sits in the process: not for interpreters
            if role == "interpreter":
                return 403
            return 200 if role in VIEWING_ROLES else 404
        if self.audience == "translate":
            # managers, rapporteurs and interpreters write translations
            if role in MANAGING_ROLES | {"rapporteur", "interpreter"}:
                return 200
            return 403 if role in VIEWING_ROLES else 404
        if self.audience == "verify":
            # only interpreters verify a translation
            if role == "interpreter":
                return 200
            return 403 if role in VIEWING_ROLES else 404
        if self.audience == "evaluate":
            # trust rounds: the managers, and the participants who answer them
            if role in MANAGING_ROLES | {"participant"}:
                return 200
            return 403 if role in VIEWING_ROLES else 404
        if self.audience == "people_index":
            # one registry each: the index redirects straight to it
            return 302 if role in PEOPLE_MANAGERS | {"outsider"} else 403
        raise AssertionError(self.audience)


PAGES = [
    Page("processes:process-list", (), "any"),
    Page("processes:process-create", (), "create"),
    Page("processes:process-detail", ("process",), "view"),
    Page("processes:process-edit", ("process",), "manage"),
    Page("processes:process-destroy", ("process",), "manage"),
    Page("processes:side-list", ("process",), "manage"),
    Page("processes:side-create", ("process",), "manage"),
    Page("processes:side-edit", ("side",), "manage"),
    Page("processes:side-delete", ("side",), "manage"),
    Page("processes:phase-create", ("process",), "manage"),
    Page("processes:phase-edit", ("phase",), "manage"),
    Page("processes:phase-delete", ("phase",), "manage"),
    Page("processes:objective-create", ("phase",), "manage"),
    Page("processes:objective-edit", ("objective",), "manage"),
    Page("processes:objective-delete", ("objective",), "manage"),
    Page("processes:indicator-create", ("objective",), "manage"),
    Page("processes:indicator-edit", ("indicator",), "manage"),
    Page("processes:indicator-delete", ("indicator",), "manage"),
    Page("processes:measurement-create", ("indicator",), "manage"),
    Page("processes:external-process-create", ("process",), "manage"),
    Page("processes:ecosystem-link-create", ("process",), "manage"),
    Page("processes:ecosystem-link-delete", ("link",), "manage"),
    Page("participants:seat-list", ("process",), "roster"),
    Page("participants:seat-create", ("process",), "manage"),
    Page("participants:seat-import", ("process",), "manage"),
    Page("participants:seat-edit", ("seat",), "manage"),
    Page("participants:seat-delete", ("seat",), "manage"),
    Page("participants:invitation-create", ("seat",), "manage"),
    Page("join", (), "any"),
    Page("participants:organisation-list", (), "people_index"),
    Page("participants:person-list", ("organisation",), "people"),
    Page("participants:person-create", ("organisation",), "people"),
    Page("participants:person-edit", ("person",), "people"),
    Page("participants:affiliation-delete", ("person", "affiliation"), "people"),
    Page("meetings:meeting-detail", ("meeting",), "view"),
    Page("meetings:meeting-list", ("process",), "view"),
    Page("meetings:meeting-calendar", ("meeting",), "view"),
    Page("meetings:process-calendar", ("process",), "view"),
    Page("meetings:meeting-create", ("process",), "manage"),
    Page("meetings:meeting-edit", ("meeting",), "manage"),
    Page("meetings:meeting-delete", ("meeting",), "manage"),
    Page("consultations:consultation-list", ("process",), "view"),
    Page("consultations:consultation-create", ("process",), "manage"),
    Page("ideas:idea-list", ("process",), "view"),
    Page("ideas:idea-create", ("process",), "manage"),
    Page("ideas:idea-detail", ("idea",), "view"),
    Page("ideas:idea-edit", ("idea",), "manage"),
    Page("ideas:idea-delete", ("idea",), "manage"),
    Page("ideas:version-create", ("idea",), "manage"),
    Page("ideas:version-settings", ("idea_version",), "manage"),
    Page("ideas:feedback-edit", ("idea_version",), "contribute"),
    Page("ideas:feedback-withdraw", ("idea_version",), "contribute"),
    Page("ideas:feedback-list", ("idea_version",), "manage"),
    Page("ideas:joint-text-create", ("process",), "manage"),
    Page("ideas:joint-text-detail", ("joint_text",), "view"),
    Page("ideas:joint-text-edit", ("joint_text",), "manage"),
    Page("ideas:joint-text-delete", ("joint_text",), "manage"),
    Page("ideas:joint-text-version-create", ("joint_text",), "manage"),
    Page("ideas:joint-text-diff", ("joint_text",), "view"),
    Page("ideas:joint-text-export", ("joint_text",), "view"),
    Page("ideas:section-comment-create", ("section",), "contribute"),
    Page("records:meeting-record", ("meeting",), "view"),
    Page("records:record-close", ("meeting",), "record"),
    Page("records:note-create", ("segment",), "record"),
    Page("records:note-edit", ("note",), "record"),
    Page("records:note-delete", ("note",), "record"),
    Page("records:note-history", ("note",), "view"),
    Page("records:airtime-tap", ("meeting",), "record"),
    Page("records:process-airtime", ("process",), "view"),
    Page("transfer:output-list", ("process",), "record"),
    Page("transfer:output-create", ("process",), "record"),
    Page("transfer:output-detail", ("output",), "record"),
    Page("transfer:output-edit", ("output",), "record"),
    Page("transfer:output-gate", ("output",), "record"),
    Page("transfer:output-export", ("output",), "record"),
    Page("transfer:output-delete", ("output",), "manage"),
    Page("transfer:output-release", ("output",), "manage"),
    Page("transfer:transfer-list", ("process",), "manage"),
    Page("transfer:transfer-create", ("process",), "manage"),
    Page("transfer:transfer-delete", ("transfer",), "manage"),
    Page("transfer:uptake-create", ("transfer",), "manage"),
    Page("translations:side-by-side", ("kind_jtv", "joint_text_version"), "view"),
    # an output's translations: exactly the output's readers (no interpreters)
    Page("translations:side-by-side", ("kind_output", "output"), "record"),
    Page("translations:translation-create", ("kind_output", "output"), "record"),
    Page("translations:translation-create", ("kind_note", "note"), "translate"),
    Page("translations:original-language", ("kind_note", "note"), "translate"),
    Page("translations:translation-edit", ("translation",), "translate"),
    Page("translations:translation-verify", ("translation",), "verify"),
    Page("translations:translation-delete", ("translation",), "translate"),
    Page("translations:translation-export", ("translation",), "view"),
    Page("translations:pledge", ("process",), "view"),
    Page("reports:process-report", ("process",), "manage"),
    Page("reports:process-report-pdf", ("process",), "manage"),
    Page("evaluation:overview", ("process",), "manage"),
    Page("evaluation:round-list", ("process",), "evaluate"),
    Page("evaluation:round-create", ("process",), "manage"),
    Page("evaluation:round-edit", ("round",), "manage"),
    Page("evaluation:round-close", ("round",), "manage"),
    Page("evaluation:round-answer", ("round",), "contribute"),
    Page("evaluation:round-contacts", ("round",), "contribute"),
    Page("evaluation:objective-place", ("objective",), "manage"),
    Page("evaluation:outcome-list", ("process",), "manage"),
    Page("evaluation:outcome-create", ("process",), "manage"),
    Page("evaluation:outcome-edit", ("outcome",), "manage"),
    Page("evaluation:risk-list", ("process",), "manage"),
    Page("evaluation:risk-create", ("process",), "manage"),
    Page("evaluation:risk-edit", ("risk",), "manage"),
    Page("evaluation:plan-edit", ("process",), "manage"),
    Page("accounts:token-list", (), "any"),
    Page("accounts:audit-list", ("organisation",), "audit"),
]

# Pages about one object (or a process): they must not tell "yours" from "missing".
OBJECT_PAGES = [p for p in PAGES if p.args]


def random_ids(ids: Ids) -> Ids:
    return replace(ids, **{f.name: uuid.uuid4() for f in fields(ids)})


__all__ = ["ALL_ROLES", "OBJECT_PAGES", "PAGES", "Page", "random_ids"]
