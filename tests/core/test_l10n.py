"""Dates and numbers written the reader's way: one date format per language,
pages and PDFs alike (``backchannel.core.l10n`` and the templates' ``|date``),
ISO only in machine-readable exports."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.template import Context, Template
from django.utils import translation

from backchannel.core import i18n, l10n

DAY = dt.date(2027, 1, 15)


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "15 Jan 2027"), ("fr", "15 janvier 2027"), ("es", "15 de enero de 2027")],
)
def test_one_date_format_per_language(language: str, expected: str) -> None:
    with translation.override(language):
        assert l10n.day(DAY) == expected
        # the templates' |date:"DATE_FORMAT" writes the same
        page = Template('{{ d|date:"DATE_FORMAT" }}').render(Context({"d": DAY}))
        assert page == expected


def test_arabic_dates_and_numbers() -> None:
    with translation.override("ar"):
        assert "2027" in l10n.day(DAY) and "Jan" not in l10n.day(DAY)
        assert l10n.number(0.25) == "0,25"
    with translation.override("fr"):
        assert l10n.number(0.30000000000000004) == "0,3" and l10n.number(2.0) == "2"
    assert l10n.day(None) == ""


ALLOWED = {"DATE_FORMAT", "DATETIME_FORMAT", "YEAR_MONTH_FORMAT", "H:i", "j", "l j F Y"}


def test_templates_use_the_languages_date_formats() -> None:
    """No template writes its own date pattern ("Y-m-d", "j M Y"): a date
    then reads the same way on every page of a language."""
    found = {}
    for path in i18n.template_files():
        for pattern in re.findall(r'\|date:"([^"]*)"', path.read_text()):
            if pattern not in ALLOWED:
                found[str(path)] = pattern
    assert not found


@pytest.mark.parametrize(
    ("language", "expected"), [("en", "2.5 · 40 · –"), ("fr", "2,5 · 40 · –")]
)
def test_the_number_filter_writes_the_readers_figures(
    language: str, expected: str
) -> None:
    template = Template(
        "{% load backchannel_ui %}{{ a|number }} · {{ b|number }} · {{ c|number }}"
    )
    with translation.override(language):
        page = template.render(Context({"a": 2.5, "b": 40.0, "c": None}))
    assert page == expected


def test_a_percentage_is_written_the_readers_way() -> None:
    assert l10n.percent(0.254) == "25%"
    with translation.override("fr"):
        assert l10n.percent(0.5) == "50\u00a0%"  # spaced, never broken apart
    with translation.override("ar"):
        assert l10n.percent(1.0) == "100%"
