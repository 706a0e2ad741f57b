"""axe-core on every main page, as each role that sees it differently: no
violation of serious or critical impact.

axe-core comes from the npm registry (package.json); see tests/e2e/axe.py.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.urls import reverse

from backchannel.consultations.models import Consultation
from tests.consultations.factories import consultations_objects
from tests.e2e.axe import blocking, describe, require_axe, violations
from tests.evaluation.factories import evaluation_objects
from tests.ideas.factories import ideas_objects
from tests.records.factories import records_objects
from tests.transfer.factories import transfer_objects
from tests.translations.factories import translations_objects
from tests.web.conftest import _our_ids
from tests.world import PASSWORD, World

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.no_db_difference,
]


def url_for(name: str, *args: Any) -> str:
    return reverse(name, args=args)


def _pages(world: World) -> dict[str, list[tuple[str, str]]]:
    """(label, path) of the main pages, per role that sees them differently."""
    ids = _our_ids(world)
    ideas = ideas_objects(world)
    records = records_objects(world)
    consultation: Consultation = consultations_objects(world)["consultation"]
    p, meeting = ids.process, world.meeting.pk
    idea, version = ideas["idea"].pk, ideas["idea_version"].pk
    outputs = transfer_objects(world)
    texts = translations_objects(world, note=records["note"])
    evaluation = evaluation_objects(world)
    side_by_side = url_for(
        "translations:side-by-side",
        "joint_text_version",
        texts["joint_text_version"].pk,
    )

    url = url_for

    shared = [
        ("my processes", url("processes:process-list")),
        ("process dashboard and its meetings", url("processes:process-detail", p)),
        ("composition", url("participants:seat-list", p)),
        ("meeting", url("meetings:meeting-detail", meeting)),
        ("meetings tab", url("meetings:meeting-list", p)),
        ("meeting record", url("records:meeting-record", meeting)),
        ("ideas", url("ideas:idea-list", p)),
        ("idea", url("ideas:idea-detail", idea)),
        ("joint text", url("ideas:joint-text-detail", ideas["joint_text"].pk)),
        ("consultations", url("consultations:consultation-list", p)),
        ("tokens", url("accounts:token-list")),
        ("security (MFA)", url("mfa_index")),
        ("404", url("processes:process-detail", uuid.uuid4())),
    ]
    return {
        "org_convener": [
            *shared,
            ("ecosystem", url("processes:ecosystem-link-create", p)),
            ("people registry", url("participants:person-list", ids.organisation)),
            ("person", url("participants:person-edit", ids.person)),
            ("invite a seat", url("participants:invitation-create", ids.seat)),
            ("seat in bulk", url("participants:seat-import", p)),
            ("audit log", url("accounts:audit-list", ids.organisation)),
            ("new process", url("processes:process-create")),
            ("new meeting", url("meetings:meeting-create", p)),
            ("new idea", url("ideas:idea-create", p)),
            ("feedback read-out", url("ideas:feedback-list", version)),
            ("consultation", url("consultations:consultation-detail", consultation.pk)),
            ("new consultation", url("consultations:consultation-create", p)),
            ("statements", url("consultations:statement-list", consultation.pk)),
            ("results", url("consultations:consultation-results", consultation.pk)),
            ("MFA setup", url("mfa_activate_totp")),
            # Asked before changing a factor (not before the first, just
            # after a password login): checked on its own.
            ("confirm access", url("account_reauthenticate")),
            ("outputs", url("transfer:output-list", p)),
            ("output", url("transfer:output-detail", outputs["output"].pk)),
            ("output gate", url("transfer:output-gate", outputs["output"].pk)),
            ("output release", url("transfer:output-release", outputs["output"].pk)),
            ("output edit", url("transfer:output-edit", outputs["output"].pk)),
            ("transfer ledger", url("transfer:transfer-list", p)),
            ("new transfer", url("transfer:transfer-create", p)),
            ("evaluation", url("evaluation:overview", p)),
            ("trust rounds", url("evaluation:round-list", p)),
            ("close a round", url("evaluation:round-close", evaluation["round"].pk)),
            ("outcomes", url("evaluation:outcome-list", p)),
            ("risk register", url("evaluation:risk-list", p)),
            ("process report", url("reports:process-report", p)),
            ("translation side by side", side_by_side),
        ],
        "rapporteur": [
            *shared,
            ("write a note", url("records:note-create", records["segment"].pk)),
            ("delete a note", url("records:note-delete", records["note"].pk)),
            ("airtime", url("records:process-airtime", p)),
            ("new output", url("transfer:output-create", p)),
        ],
        "participant": [
            *shared,
            ("feedback form", url("ideas:feedback-edit", version)),
            ("withdraw feedback", url("ideas:feedback-withdraw", version)),
            # a page the role may not open: the 404 of a random id (issue 22, 5)
            ("404 for a page not theirs", url("processes:process-edit", p)),
            ("leave the process", url("participants:seat-leave", p)),
            ("ground rules", url("participants:seat-rules", p)),
            ("trust rounds", url("evaluation:round-list", p)),
            ("trust survey", url("evaluation:round-answer", evaluation["round"].pk)),
            ("contacts", url("evaluation:round-contacts", evaluation["round"].pk)),
            ("translation side by side", side_by_side),
        ],
        "anonymous": [
            ("login", url("login")),
            ("accept an invitation", url("join")),
            ("forgotten password", url("password-forgotten")),
            ("public consultation", url("consultations:vote", consultation.token)),
            (
                "public results",
                url("consultations:public-results", consultation.token),
            ),
        ],
    }


def _pages_rtl() -> list[tuple[str, str]]:
    return [
        ("login", reverse("login")),
        ("404", reverse("processes:process-detail", args=[uuid.uuid4()])),
    ]


@pytest.fixture
def axe_ready() -> None:
    require_axe()


@pytest.fixture
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    # The app's Content-Security-Policy forbids inline scripts, rightly: let the
    # test inject axe-core all the same (it changes nothing axe checks).
    return {**browser_context_args, "bypass_csp": True}


def test_axe_finds_what_it_must_find(page: Any, axe_ready: None) -> None:
    # The check below could pass by running nothing: a page with known faults
    # must fail it.
    page.set_content(
        '<html><body><img src="data:,"><input type="text">'
        '<p style="color:#bbb;background:#fff">faint</p></body></html>'
    )
    found = {v["id"] for v in blocking(violations(page))}
    assert {"image-alt", "label", "color-contrast"} <= found, found


def test_main_pages_have_no_serious_or_critical_axe_violations(
    page: Any, app_url: str, e2e_login: Any, axe_ready: None, world: World
) -> None:
    failures: list[str] = []
    visited = 0

    def check(where: str) -> None:
        nonlocal visited
        found = blocking(violations(page))
        visited += 1
        if found:
            failures.append(describe(f"{where} ({page.url})", found))

    for role, pages in _pages(world).items():
        page.context.clear_cookies()
        if role != "anonymous":
            e2e_login(role.replace("_", "-"), PASSWORD)
        for label, path in pages:
            response = page.goto(f"{app_url}{path}")
            assert response is not None and response.status < 500, (role, label)
            check(f"{label} as {role}")
            if "/reauthenticate/" in page.url:
                page.get_by_label("Password").fill(PASSWORD)
                page.locator("main form button[type=submit]").last.click()
                check(f"{label} as {role}, after reauthenticating")
    # Right to left: the same pages in Arabic.
    page.context.clear_cookies()
    page.context.set_extra_http_headers({"Accept-Language": "ar"})
    for label, path in _pages_rtl():
        page.goto(f"{app_url}{path}")
        assert page.evaluate("document.documentElement.dir") == "rtl", label
        check(f"{label} in Arabic")
    page.context.set_extra_http_headers({})
    # Forms showing their errors: a submitted empty form and a failed login.
    page.goto(f"{app_url}{reverse('login')}")
    page.get_by_label("Username").fill("nobody")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Log in").click()
    check("failed login")
    e2e_login("org-convener", PASSWORD)
    for name in ("meetings:meeting-create", "ideas:idea-create"):
        page.goto(f"{app_url}{reverse(name, args=[world.process.pk])}")
        page.evaluate(
            "document.querySelectorAll('[required]').forEach(e => e.removeAttribute('required'))"
        )
        page.locator("main form button[type=submit]").last.click()
        assert page.locator("[aria-invalid=true]").count() > 0, name
        check(f"{name} submitted empty")
    assert visited > 40
    assert not failures, "axe-core found serious or critical violations:\n" + "\n".join(
        failures
    )
