"""A sentence the workspace writes around text a user typed (a side's name, a
meeting's title, a risk's description): plain text wherever text goes (the
API, the CLI, the PDF), and on a page the user text isolated in ``<bdi>`` so
that a Latin name does not reorder an Arabic sentence's punctuation, nor an
Arabic name a Latin one.

>>> s = sentence("“%(side)s” has no women.", side="North <Coast>")
>>> str(s)
'“North <Coast>” has no women.'
>>> s.__html__()
'“<bdi>North &lt;Coast&gt;</bdi>” has no women.'
"""

from __future__ import annotations

from typing import Any

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe


class Sentence(str):
    """A ``str`` (its plain text) that Django templates render through
    :meth:`__html__` (its user text in ``<bdi>``)."""

    _html: SafeString

    def __new__(cls, text: str, html: SafeString) -> Sentence:
        obj = super().__new__(cls, text)
        obj._html = html
        return obj

    def __html__(self) -> SafeString:
        return self._html


def sentence(
    template: str, *, plain: dict[str, Any] | None = None, **user: Any
) -> Sentence:
    """``template % (plain | user)``: the ``user`` values (typed by people)
    are isolated on a page, the ``plain`` ones (dates, numbers the workspace
    wrote) are not. The template (already translated) is escaped as text."""
    plain = plain or {}
    text = str(template) % {**plain, **{k: str(v) for k, v in user.items()}}
    html = mark_safe(  # noqa: S308 - every part escaped just above
        conditional_escape(str(template))
        % {
            **{k: conditional_escape(v) for k, v in plain.items()},
            **{k: format_html("<bdi>{}</bdi>", v) for k, v in user.items()},
        }
    )
    return Sentence(text, html)
