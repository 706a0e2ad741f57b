"""The translation catalogues: complete, consistent, compiled, and the checks
themselves able to fail."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.utils import translation

from backchannel.core import i18n

pytestmark = pytest.mark.no_db_difference

COUNTS = {"%(counter)s", "%(count)s"}
TAG = re.compile(r"</?([a-z]+)")


def _catalogue(language: str) -> dict[tuple[str, str], polib.POEntry]:
    return {
        (e.msgctxt or "", e.msgid): e
        for e in i18n.load_catalogue(language)
        if not e.obsolete
    }


def _forms(entry: polib.POEntry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural.get(n, "") for n in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_every_string_of_the_code_is_translated_in_every_catalogue(
    language: str,
) -> None:
    catalogue = _catalogue(language)
    problems = []
    for key, message in sorted(i18n.project_messages().items()):
        entry = catalogue.get(key)
        if entry is None:
            problems.append(f"missing: {message.msgid!r} ({message.where[0]})")
        elif entry.fuzzy:
            problems.append(f"fuzzy: {message.msgid!r}")
        elif not all(_forms(entry)) or (
            entry.msgid_plural and len(entry.msgstr_plural) != i18n.nplurals(language)
        ):
            problems.append(f"untranslated: {message.msgid!r}")
    assert not problems, (
        f"{language}: run `make messages`, then translate (backchannel messages "
        "todo):\n" + "\n".join(problems[:40])
    )


def test_no_visible_template_text_is_left_outside_translate_tags() -> None:
    found = [
        f"{path.relative_to(i18n.PACKAGE_DIR)}:{line}: {text}"
        for path in i18n.template_files()
        for line, text in i18n.untranslated_text(path)
    ]
    assert not found, "wrap in {% translate %} / {% blocktranslate %}:\n" + "\n".join(
        found
    )


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_placeholders_and_markup_match_between_msgid_and_translation(
    language: str,
) -> None:
    problems = []
    for entry in _catalogue(language).values():
        wanted = Counter(i18n.placeholders(entry.msgid))
        plural = Counter(i18n.placeholders(entry.msgid_plural or ""))
        tags = Counter(TAG.findall(entry.msgid))
        for form in _forms(entry):
            got = Counter(i18n.placeholders(form))
            if entry.msgid_plural:
                # A plural form may leave the count out ("one vote"), nothing else.
                ok = set(got) <= set(wanted) | set(plural) and (
                    set(plural) - COUNTS <= set(got)
                )
            else:
                ok = got == wanted
            if not ok:
                problems.append(f"{entry.msgid!r} -> {form!r}")
            if Counter(TAG.findall(form)) != tags:
                problems.append(f"markup differs: {entry.msgid!r} -> {form!r}")
    assert not problems, f"{language}:\n" + "\n".join(problems)


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_the_committed_mo_file_is_compiled_from_its_po(language: str) -> None:
    mo = i18n.mo_path(language)
    assert mo.exists(), f"{mo} is missing: run `make messages`"
    assert mo.read_bytes() == i18n.compiled(language), (
        f"{mo} is stale: run `make messages` (or backchannel messages compile)"
    )


def test_django_serves_the_catalogues_with_their_plural_rules() -> None:
    with translation.override("ar"):
        assert translation.gettext("Log in") == "تسجيل الدخول"
        two = translation.ngettext(
            "%(counter)s participant", "%(counter)s participants", 2
        )
        eleven = translation.ngettext(
            "%(counter)s participant", "%(counter)s participants", 11
        )
        assert two == "مشاركان"
        assert eleven % {"counter": 11} == "11 مشاركًا"
    with translation.override("ru"):
        assert (
            translation.ngettext("%(counter)s vote.", "%(counter)s votes.", 3)
            % {"counter": 3}
            == "3 голоса."
        )
    with translation.override("zh-hans"):
        assert translation.gettext("Chatham House Rule") == "查塔姆研究所规则"
    with translation.override("fr"):
        assert translation.gettext("Chatham House Rule") == "Règle de Chatham House"


# The checks above must be able to fail: feed them what they exist to catch.


def test_the_text_checker_finds_text_and_visible_attributes(tmp_path: Path) -> None:
    template = tmp_path / "t.html"
    template.write_text(
        "{% load i18n %}<p>Hello there</p>\n"
        '<img alt="A map" src="x.png"><input type="submit" value="Send it">\n'
        '<nav aria-label="{% translate "Main" %}"><a title="Go home {{ x }}">'
        "{% translate 'Home' %}</a></nav>\n"
        "{% blocktranslate %}Fine {{ a }}{% endblocktranslate %}<code>make messages</code>"
        "{# a comment #}{% comment %}Notes{% endcomment %}<b>{{ name }}</b> · UTC"
    )
    found = [text for _, text in i18n.untranslated_text(template)]
    assert found == ["Hello there", "A map", "Send it", "Go home \x03"]


def test_the_extractor_reads_templates_and_python_like_makemessages(
    tmp_path: Path,
) -> None:
    template = tmp_path / "t.html"
    template.write_text(
        '{% load i18n %}{% translate "Plain" %}{% translate "Door" context "verb" %}'
        "{% blocktranslate with name=p.name %}Hi {{ name }}, 100%{% endblocktranslate %}"
        "{% blocktranslate count counter=n trimmed %}\n  One {{ counter }}\n"
        "{% plural %}Many {{ counter }}{% endblocktranslate %}"
    )
    got = {(m.context, m.msgid, m.plural) for m in i18n.template_messages(template)}
    assert got == {
        ("", "Plain", ""),
        ("verb", "Door", ""),
        ("", "Hi %(name)s, 100%%", ""),
        ("", "One %(counter)s", "Many %(counter)s"),
    }
    source = tmp_path / "m.py"
    source.write_text(
        "from django.utils.translation import gettext_lazy as _, ngettext, pgettext\n"
        "A = _('Lazy')\nB = ngettext('%(n)s item', '%(n)s items', 2)\n"
        "C = pgettext('month', 'May')\nD = _(f'no {A}')\n"
    )
    got = {(m.context, m.msgid, m.plural) for m in i18n.python_messages(source)}
    assert got == {
        ("", "Lazy", ""),
        ("", "%(n)s item", "%(n)s items"),
        ("month", "May", ""),
    }


def test_update_todo_and_fill_take_a_new_string_through_to_the_mo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    locale = tmp_path / "locale"
    shutil.copytree(i18n.LOCALE_DIR, locale)
    monkeypatch.setattr(i18n, "LOCALE_DIR", locale)
    real = i18n.project_messages

    def with_a_new_string() -> dict:
        messages = real()
        new = i18n.Message(msgid="Transfer outputs", where=["x.html:1"])
        messages[new.key] = new
        return messages

    monkeypatch.setattr(i18n, "project_messages", with_a_new_string)
    call_command("messages", "update")
    capsys.readouterr()
    call_command("messages", "todo", "--format", "json")
    todo = json.loads(capsys.readouterr().out)
    assert {lang: list(entries) for lang, entries in todo.items()} == {
        lang: ["Transfer outputs"] for lang in i18n.LANGUAGES
    }
    filled = tmp_path / "fill.json"
    filled.write_text(
        json.dumps({"fr": {"Transfer outputs": "Transférer les résultats"}}),
        encoding="utf-8",
    )
    call_command("messages", "fill", str(filled))
    entry = _in(locale / "fr/LC_MESSAGES/django.mo", "Transfer outputs")
    assert entry.msgstr == "Transférer les résultats"
    assert not list(i18n.todo("fr"))
    assert [e.msgid for e in i18n.todo("es")] == ["Transfer outputs"]


def _in(mo: Path, msgid: str) -> polib.MOEntry:
    return next(e for e in polib.mofile(str(mo)) if e.msgid == msgid)
