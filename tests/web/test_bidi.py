"""Mixed directions: on an Arabic page, text a user typed (a process, meeting
or idea title, a side's name) is isolated where it is shown inline (<bdi>, or
an element with its own ``dir``), so a Latin title does not drag the page's
punctuation to the wrong side ("Lakeshore (3)" read as "(3) Lakeshore")."""

from __future__ import annotations

from html.parser import HTMLParser

from django.test import Client
from django.urls import reverse

from backchannel.ideas.models import Idea
from backchannel.meetings.models import Meeting
from backchannel.processes.models import Process
from tests.web.conftest import WebWorld, as_role

VOID = {"br", "img", "input", "meta", "link", "hr", "wbr", "source", "col", "area"}


class _Isolation(HTMLParser):
    """Each text chunk holding ``needle``: is it inside an isolating element?"""

    def __init__(self, needle: str) -> None:
        super().__init__()
        self.needle = needle
        self.stack: list[tuple[str, bool]] = []
        self.exposed: list[str] = []
        self.seen = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        isolating = tag in {"bdi", "title", "textarea", "option", "script", "svg"} or (
            "dir" in dict(attrs)
        )
        self.stack.append((tag, isolating))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        if self.needle not in data:
            return
        self.seen += 1
        # The <html dir="rtl"> element itself does not isolate.
        if not any(isolating for _tag, isolating in self.stack[1:]):
            context = "/".join(tag for tag, _i in self.stack[-3:])
            self.exposed.append(f"{context}: {data.strip()[:60]}")


def _exposed(html: str, needle: str) -> tuple[int, list[str]]:
    parser = _Isolation(needle)
    parser.feed(html)
    return parser.seen, parser.exposed


def test_user_titles_are_isolated_on_arabic_pages(
    client: Client, web: WebWorld
) -> None:
    ids = web.ours
    as_role(client, web.world, "convener")
    client.cookies["backchannel_language"] = "ar"
    process = str(Process.objects.get(pk=ids.process).title)
    meeting = str(Meeting.objects.get(pk=ids.meeting).title)
    idea = str(Idea.objects.get(pk=ids.idea).title)
    pages = {
        reverse("processes:process-detail", args=[ids.process]): [process, meeting],
        reverse("meetings:meeting-list", args=[ids.process]): [process, meeting],
        reverse("ideas:idea-detail", args=[ids.idea]): [process, idea],
        reverse("evaluation:overview", args=[ids.process]): [process],
        reverse("reports:process-report", args=[ids.process]): [process],
    }
    for url, needles in pages.items():
        html = client.get(url).content.decode()
        assert 'dir="rtl"' in html, url
        for needle in needles:
            seen, exposed = _exposed(html, needle)
            assert seen, (url, needle)
            assert not exposed, (url, needle, exposed)


def _warnings_html(html: str) -> list[str]:
    """The inner HTML of each ``class="warnings"`` container on the page."""
    out = []
    for start in [
        i for i in range(len(html)) if html.startswith('class="warnings"', i)
    ]:
        tail = html[start:]
        out.append(tail[: tail.index("</div>")])
    return out


def test_warnings_built_in_python_isolate_the_names_they_quote(
    client: Client, web: WebWorld
) -> None:
    # The composition's warnings name a side ("North has no women among its
    # participants"): on an Arabic dashboard the name sits in <bdi>, and the
    # sentence around it is Arabic.
    ids = web.ours
    as_role(client, web.world, "convener")
    client.cookies["backchannel_language"] = "ar"
    process = Process.objects.get(pk=ids.process)
    sides = [str(s.name) for s in process.sides.all()]
    html = client.get(reverse("processes:process-detail", args=[ids.process]))
    html = html.content.decode()
    warnings = "".join(_warnings_html(html))
    quoted = [name for name in sides if name in warnings]
    assert quoted, warnings
    for name in quoted:
        seen, exposed = _exposed(html, name)
        assert seen and not exposed, (name, exposed)
        assert f"<bdi>{name}</bdi>" in warnings
    assert "participants" not in warnings  # the sentence is translated
