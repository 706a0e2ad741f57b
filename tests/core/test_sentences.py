"""A sentence around user text: plain text for the API, the CLI and the PDF,
the user text isolated in <bdi> (and escaped) on a page."""

from __future__ import annotations

import json

from django.template import Context, Template

from backchannel.core.sentences import sentence


def test_the_page_isolates_and_escapes_the_user_text_only() -> None:
    s = sentence(
        "“%(meeting)s” (%(date)s): %(side)s alone.",
        plain={"date": "15 Jan 2027"},
        meeting="Talks <b>&</b> more",
        side="الشمال",
    )
    assert str(s) == "“Talks <b>&</b> more” (15 Jan 2027): الشمال alone."
    page = Template("<li>{{ w }}</li>").render(Context({"w": s}))
    assert page == (
        "<li>“<bdi>Talks &lt;b&gt;&amp;&lt;/b&gt; more</bdi>” (15 Jan 2027): "
        "<bdi>الشمال</bdi> alone.</li>"
    )
    # the API and JSON see plain text
    assert json.loads(json.dumps({"warning": s})) == {"warning": str(s)}


def test_the_sentence_itself_is_escaped_as_text() -> None:
    s = sentence("Under 3 & <none>: %(side)s", side="North")
    page = Template("{{ w }}").render(Context({"w": s}))
    assert page == "Under 3 &amp; &lt;none&gt;: <bdi>North</bdi>"
