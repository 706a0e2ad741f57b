"""Every form, submitted with bad data, ties its errors to its fields: each
control has a label, an invalid one carries aria-invalid="true" and an
aria-describedby naming its error, and a summary at the top (role="alert",
focused on load) links each error to its field."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from tests.consultations.factories import consultations_objects
from tests.web.conftest import WebWorld, as_role
from tests.web.pages import PAGES

pytestmark = pytest.mark.no_db_difference

# A role that may open each kind of page (tests/web/pages.py).
ROLE_FOR = {
    "any": "org_convener",
    "view": "org_convener",
    "manage": "org_convener",
    "create": "org_convener",
    "people": "org_convener",
    "audit": "org_convener",
    "contribute": "participant",
    "record": "rapporteur",
}
CONTROLS = {"input", "select", "textarea"}
NOT_FILLED = {"hidden", "submit", "button", "reset", "image"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    in_label: bool
    in_summary: bool
    in_main: bool = False
    form: Element | None = None
    classes: set[str] = field(default_factory=set)


class Parsed(HTMLParser):
    """The elements of a page, with whether each sits inside a <label> or the
    error summary."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[Element] = []
        self._stack: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        element = Element(
            tag,
            values,
            in_label=any(e.tag == "label" for e in self._stack),
            in_summary=any("form-errors" in e.classes for e in self._stack),
            in_main=any(e.tag == "main" for e in self._stack),
            form=next((e for e in reversed(self._stack) if e.tag == "form"), None),
            classes=set(values.get("class", "").split()),
        )
        self.elements.append(element)
        if tag not in {"input", "br", "img", "meta", "link", "hr", "source", "wbr"}:
            self._stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i].tag == tag:
                del self._stack[i:]
                break


def parse(html: str) -> Parsed:
    parser = Parsed()
    parser.feed(html)
    return parser


def controls(doc: Parsed) -> list[Element]:
    return [
        e
        for e in doc.elements
        if e.tag in CONTROLS and e.attrs.get("type", "text") not in NOT_FILLED
    ]


def label_problems(html: str) -> list[str]:
    """Controls without a label, duplicate ids, descriptions that point nowhere."""
    doc = parse(html)
    problems = []
    ids = Counter(e.attrs["id"] for e in doc.elements if "id" in e.attrs)
    problems += [f"duplicate id {i!r}" for i, n in ids.items() if n > 1]
    by_id = {e.attrs["id"]: e for e in doc.elements if "id" in e.attrs}
    labelled = {e.attrs.get("for") for e in doc.elements if e.tag == "label"}
    for c in controls(doc):
        name = c.attrs.get("name", "?")
        if not (
            c.in_label
            or c.attrs.get("id") in labelled
            or c.attrs.get("aria-label")
            or c.attrs.get("aria-labelledby")
        ):
            problems.append(f"{name}: no label")
        described = c.attrs.get("aria-describedby", "").split()
        problems += [
            f"{name}: aria-describedby names missing #{i}"
            for i in described
            if i not in by_id
        ]
    return sorted(set(problems))


def aria_problems(html: str) -> list[str]:
    """What is wrong with the labels and error wiring of a page showing errors."""
    problems = label_problems(html)
    doc = parse(html)
    by_id = {e.attrs["id"]: e for e in doc.elements if "id" in e.attrs}
    invalid = [c for c in controls(doc) if c.attrs.get("aria-invalid") == "true"]
    summaries = [e for e in doc.elements if "form-errors" in e.classes]
    alert = [s for s in summaries if s.attrs.get("role") == "alert"]
    if not alert:
        problems.append("no error summary with role=alert")
    elif not any("autofocus" in s.attrs and "tabindex" in s.attrs for s in alert):
        problems.append("the error summary does not take the focus")
    links = {
        e.attrs.get("href", "")[1:]
        for e in doc.elements
        if e.tag == "a" and e.in_summary and e.attrs.get("href", "").startswith("#")
    }
    for i in links:
        if i not in by_id or by_id[i].tag not in CONTROLS:
            problems.append(f"the summary links to #{i}, which is no control")
    fieldsets = [e for e in doc.elements if e.tag == "fieldset"]
    for c in invalid:
        name = c.attrs.get("name", "?")
        described = c.attrs.get("aria-describedby", "").split()
        errors = [i for i in described if "errorlist" in by_id.get(i, c).classes]
        # Boxes and radios of a group: the <fieldset> names the error.
        grouped = any(
            "errorlist" in by_id.get(i, c).classes
            for f in fieldsets
            for i in f.attrs.get("aria-describedby", "").split()
            if name in {x.attrs.get("name") for x in controls(doc)}
        )
        if not errors and not grouped:
            problems.append(f"{name}: invalid but describedby no error message")
    linked_names = {by_id[i].attrs.get("name") for i in links if i in by_id}
    problems += [
        f"{c.attrs.get('name')}: invalid but not linked from the summary"
        for c in invalid
        if c.attrs.get("name") not in linked_names
    ]
    if not invalid and not any(e.in_summary and e.tag == "li" for e in doc.elements):
        problems.append("neither an invalid control nor an error in the summary")
    return sorted(set(problems))


def post_forms(html: str, url: str) -> list[str]:
    """The actions of the POST forms in the page's content (not its header's
    language switcher) that have something to fill in."""
    doc = parse(html)
    actions = []
    for c in controls(doc):
        form = c.form
        if (
            form is None
            or not c.in_main
            or form.attrs.get("method", "").lower() != "post"
        ):
            continue
        action = form.attrs.get("action") or url
        action = action.split("#")[0] or url
        if action not in actions:
            actions.append(action)
    return actions


# Forms for which nothing at all is a valid answer, with what they answer.
EMPTY_IS_VALID = {
    "ideas:version-settings": 302,  # every setting of a version is optional (off)
    "accounts:token-list": 200,  # a token's label is optional; shown once, not redirected
    "evaluation:objective-place": 302,  # "not placed" is a placement in the RPP matrix
    "evaluation:plan-edit": 302,  # no transfer strategy written yet is a valid plan
}
FORM_PAGES = [(p.name, ROLE_FOR[p.audience]) for p in PAGES if p.audience in ROLE_FOR]
EXTRA_PAGES = [
    ("ideas:idea-detail", "participant"),
    ("ideas:joint-text-detail", "participant"),
]


def _url(web: WebWorld, name: str) -> str:
    return next(p for p in PAGES if p.name == name).url(web.ours)


@pytest.mark.parametrize(("name", "role"), FORM_PAGES + EXTRA_PAGES)
def test_every_form_ties_its_errors_to_its_fields(
    client: Client, web: WebWorld, name: str, role: str
) -> None:
    as_role(client, web.world, role)
    url = _url(web, name)
    got = client.get(url)
    assert got.status_code == 200
    if not got["Content-Type"].startswith("text/html"):
        return  # a download (the report's PDF): no form to wire
    html = got.content.decode()
    assert label_problems(html) == []
    for action in post_forms(html, url):
        posted = client.post(action, {})
        if name in EMPTY_IS_VALID:
            assert posted.status_code == EMPTY_IS_VALID[name], action
            continue
        assert posted.status_code == 422, action
        assert aria_problems(posted.content.decode()) == [], action


def test_the_login_form_and_the_public_proposal_form_too(
    client: Client, web: WebWorld
) -> None:
    consultation = consultations_objects(web.world)["consultation"]
    response = client.post(reverse("login"), {"login": "", "password": ""})
    assert aria_problems(response.content.decode()) == []
    response = client.post(
        reverse("consultations:propose", args=[consultation.token]), {}
    )
    assert aria_problems(response.content.decode()) == []


def test_the_check_finds_an_unlabelled_control_and_an_unlinked_error() -> None:
    html = (
        '<form method="post"><input name="a" id="a" aria-invalid="true">'
        '<ul class="errorlist" id="a_error"><li>Required</li></ul></form>'
    )
    assert aria_problems(html) == [
        "a: invalid but describedby no error message",
        "a: invalid but not linked from the summary",
        "a: no label",
        "no error summary with role=alert",
    ]
