"""Translation catalogues, in pure Python (no GNU gettext needed).

* ``project_messages()`` extracts every msgid: from templates through Django's
  own ``templatize`` (what ``makemessages`` feeds to xgettext), from Python
  sources through ``ast`` (calls of gettext, gettext_lazy, ``_``, ngettext,
  pgettext, …).
* ``update_catalogues()`` merges them into ``backchannel/locale/<ll>/LC_MESSAGES/
  django.po`` (new entries empty, vanished ones kept as obsolete so that they
  come back translated, close matches suggested as fuzzy), ``compile_catalogues()``
  writes the ``.mo`` files with polib. ``make messages`` runs both.
* ``untranslated_text()`` finds visible template text left outside translate
  tags; ``placeholders()`` lists the ``%(name)s`` / ``{name}`` of a string.
"""

from __future__ import annotations

import ast
import difflib
import html.parser
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

import polib
from django.template.base import Lexer, TokenType
from django.utils.translation import to_locale
from django.utils.translation.template import templatize

PACKAGE_DIR = Path(__file__).resolve().parent.parent
LOCALE_DIR = PACKAGE_DIR / "locale"
DOMAIN = "django"

# Every shipped language but English (the source language), with its plural rule.
PLURAL_FORMS = {
    "fr": "nplurals=2; plural=(n > 1);",
    "es": "nplurals=2; plural=(n != 1);",
    "ar": (
        "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : "
        "n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);"
    ),
    "ru": (
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : "
        "n%10>=2 && n%10<=4 && (n%100<12 || n%100>14) ? 1 : 2);"
    ),
    "zh-hans": "nplurals=1; plural=0;",
}
LANGUAGES = tuple(PLURAL_FORMS)

GETTEXT_FUNCTIONS = {
    # name: (index of the context, of the msgid, of the plural) in the arguments
    "gettext": (None, 0, None),
    "gettext_lazy": (None, 0, None),
    "gettext_noop": (None, 0, None),
    "_": (None, 0, None),
    "ngettext": (None, 0, 1),
    "ngettext_lazy": (None, 0, 1),
    "pgettext": (0, 1, None),
    "pgettext_lazy": (0, 1, None),
    "npgettext": (0, 1, 2),
    "npgettext_lazy": (0, 1, 2),
}
_CALL = re.compile(r"\b(n?p?gettext)\(")


@dataclass
class Message:
    msgid: str
    plural: str = ""
    context: str = ""
    where: list[str] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str]:
        return (self.context, self.msgid)


def po_path(language: str) -> Path:
    return LOCALE_DIR / to_locale(language) / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(language: str) -> Path:
    return po_path(language).with_suffix(".mo")


def template_files() -> list[Path]:
    return sorted(p for p in PACKAGE_DIR.rglob("*.html") if "templates" in p.parts)


def python_files() -> list[Path]:
    return sorted(
        p
        for p in PACKAGE_DIR.rglob("*.py")
        if "migrations" not in p.parts and "locale" not in p.parts
    )


def _where(path: Path, line: int) -> str:
    if path.is_relative_to(PACKAGE_DIR.parent):
        path = path.relative_to(PACKAGE_DIR.parent)
    return f"{path}:{line}"


def template_messages(path: Path) -> list[Message]:
    """The msgids of one template, exactly as ``makemessages`` would see them."""
    source = path.read_text(encoding="utf-8")
    out = templatize(source, origin=str(path))
    found = []
    for match in _CALL.finditer(out):
        call = None
        end = match.end()
        while call is None:
            end = out.find(")", end)
            if end < 0:
                raise ValueError(f"{path}: cannot read {out[match.start() :][:80]!r}")
            end += 1
            try:
                node = ast.parse(out[match.start() : end], mode="eval").body
            except SyntaxError:
                continue
            call = node
        line = out.count("\n", 0, match.start()) + 1
        message = _message_of(call, _where(path, line))  # type: ignore[arg-type]
        if message is not None:
            found.append(message)
    return found


def _message_of(call: ast.Call, where: str) -> Message | None:
    name = call.func.id if isinstance(call.func, ast.Name) else None
    if name is None and isinstance(call.func, ast.Attribute):
        name = call.func.attr
    if name not in GETTEXT_FUNCTIONS:
        return None
    context_at, msgid_at, plural_at = GETTEXT_FUNCTIONS[name]

    def literal(index: int | None) -> str | None:
        if index is None:
            return ""
        if index >= len(call.args):
            return None
        arg = call.args[index]
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            return arg.value
        return None

    msgid, plural, context = literal(msgid_at), literal(plural_at), literal(context_at)
    if msgid is None or plural is None or context is None or not msgid:
        return None
    return Message(msgid=msgid, plural=plural, context=context, where=[where])


def python_messages(path: Path) -> list[Message]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            message = _message_of(node, _where(path, node.lineno))
            if message is not None:
                found.append(message)
    return found


def project_messages() -> dict[tuple[str, str], Message]:
    """Every msgid of the code, by (context, msgid), with where it is used."""
    messages: dict[tuple[str, str], Message] = {}
    found = [m for p in template_files() for m in template_messages(p)]
    found += [m for p in python_files() for m in python_messages(p)]
    for message in found:
        known = messages.setdefault(message.key, message)
        if known is not message:
            known.where += message.where
            known.plural = known.plural or message.plural
    return messages


def load_catalogue(language: str) -> polib.POFile:
    path = po_path(language)
    if path.exists():
        return polib.pofile(str(path), wrapwidth=0)
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": "Backchannel",
        "Language": to_locale(language),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": PLURAL_FORMS[language],
    }
    return po


def nplurals(language: str) -> int:
    return int(re.search(r"nplurals=(\d+)", PLURAL_FORMS[language])[1])  # type: ignore[index]


def update_catalogues(languages: Iterable[str] = LANGUAGES) -> dict[str, int]:
    """Merge the code's msgids into each ``.po``; return how many are new per language."""
    messages = project_messages()
    added = {}
    for language in languages:
        po = load_catalogue(language)
        po.metadata["Plural-Forms"] = PLURAL_FORMS[language]
        entries = {(e.msgctxt or "", e.msgid): e for e in po}
        retired = {k: e for k, e in entries.items() if k not in messages}
        count = 0
        for key, message in sorted(messages.items()):
            entry = entries.get(key)
            if entry is None:
                entry = _new_entry(message, language, retired)
                po.append(entry)
                count += 1
            entry.obsolete = False
            entry.occurrences = [tuple(w.rsplit(":", 1)) for w in message.where]
            if message.plural and not entry.msgid_plural:
                entry.msgid_plural = message.plural
                entry.msgstr_plural = dict.fromkeys(range(nplurals(language)), "")
                entry.msgstr = ""
        for entry in retired.values():
            entry.obsolete = True
            entry.occurrences = []
        po.sort(key=lambda e: (e.obsolete, e.msgctxt or "", e.msgid))
        path = po_path(language)
        path.parent.mkdir(parents=True, exist_ok=True)
        po.save(str(path))
        added[language] = count
    return added


def _new_entry(
    message: Message, language: str, retired: dict[tuple[str, str], polib.POEntry]
) -> polib.POEntry:
    entry = polib.POEntry(msgid=message.msgid, msgctxt=message.context or None)
    if message.plural:
        entry.msgid_plural = message.plural
        entry.msgstr_plural = dict.fromkeys(range(nplurals(language)), "")
    # A string that changed a little keeps its old translation, marked fuzzy
    # (to be checked): like msgmerge, without it.
    close = difflib.get_close_matches(
        message.msgid,
        [
            k[1]
            for k, e in retired.items()
            if e.translated() and bool(e.msgid_plural) == bool(message.plural)
        ],
        n=1,
        cutoff=0.8,
    )
    if close:
        old = next(e for k, e in retired.items() if k[1] == close[0])
        entry.msgstr = old.msgstr
        if message.plural:
            entry.msgstr_plural = dict(old.msgstr_plural)
        entry.flags = ["fuzzy"]
        entry.previous_msgid = old.msgid
    return entry


def compiled(language: str) -> bytes:
    """The ``.mo`` bytes of a language's ``.po``, as ``compile_catalogues`` writes them."""
    po = polib.pofile(str(po_path(language)), wrapwidth=0)
    return po.to_binary()


def compile_catalogues(languages: Iterable[str] = LANGUAGES) -> list[str]:
    """Write every ``.mo`` from its ``.po``; return the languages that changed."""
    changed = []
    for language in languages:
        data = compiled(language)
        path = mo_path(language)
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
            changed.append(language)
    return changed


def todo(language: str) -> Iterator[polib.POEntry]:
    """The entries of a catalogue that are untranslated or fuzzy."""
    for entry in load_catalogue(language):
        if not entry.obsolete and (not entry.translated() or entry.fuzzy):
            yield entry


def entry_key(entry: polib.POEntry) -> str:
    """A JSON key for an entry: the msgid, after its context and U+0004 if any."""
    return f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid


def fill(translations: dict[str, dict[str, object]]) -> dict[str, int]:
    """Write translations (``{language: {key: msgstr or [forms]}}``) into the ``.po``."""
    filled = {}
    for language, entries in translations.items():
        if language not in LANGUAGES:
            raise ValueError(
                f"Unknown language {language!r}: use one of {', '.join(LANGUAGES)}."
            )
        po = load_catalogue(language)
        by_key = {entry_key(e): e for e in po if not e.obsolete}
        missing = sorted(set(entries) - set(by_key))
        if missing:
            raise ValueError(
                f"{language}: not in the catalogue (run `make messages` first): "
                + "; ".join(repr(m) for m in missing[:5])
            )
        count = 0
        for key, value in entries.items():
            entry = by_key[key]
            if isinstance(value, dict):
                value = value.get("msgstr", "")
            if entry.msgid_plural:
                forms = (
                    [value] * nplurals(language)
                    if isinstance(value, str)
                    else list(cast(Iterable[str], value))
                )
                if len(forms) != nplurals(language):
                    raise ValueError(
                        f"{language}: {key!r} needs {nplurals(language)} plural forms."
                    )
                if not all(forms):
                    continue
                entry.msgstr_plural = dict(enumerate(forms))
            else:
                if not isinstance(value, str) or not value:
                    continue
                entry.msgstr = value
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            entry.previous_msgid = None
            count += 1
        po.save(str(po_path(language)))
        filled[language] = count
    return filled


_PLACEHOLDER = re.compile(r"%\((\w+)\)[sdifr]|%[sdif]|(?<!\{)\{(\w*)\}(?!\})")


def placeholders(text: str) -> list[str]:
    """The printf-style and brace placeholders of a string, sorted."""
    return sorted(m.group(0) for m in _PLACEHOLDER.finditer(text.replace("%%", "")))


# Visible template text left outside translate tags.

VISIBLE_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder"}
NOT_TEXT_ELEMENTS = {"script", "style", "code", "kbd", "pre", "samp"}
# Words that are the same in every language: the product's name, codes.
UNTRANSLATABLE = {"Backchannel", "UTC"}
_LETTER = re.compile(r"[^\W\d_]{2,}")
_TRANSLATED, _VARIABLE = "\x02", "\x03"


def _visible_source(source: str) -> str:
    """The template with translated parts and variables replaced by markers and
    other tags removed (line numbers kept)."""
    out = []
    depth = 0
    comment = False
    for token in Lexer(source).tokenize():
        newlines = "\n" * token.contents.count("\n")
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split(" ", 1)[0]
            if name == "comment":
                comment = True
            elif name == "endcomment":
                comment = False
            elif name in ("blocktranslate", "blocktrans"):
                depth += 1
                out.append(_TRANSLATED)
            elif name in ("endblocktranslate", "endblocktrans"):
                depth -= 1
            elif name in ("translate", "trans"):
                out.append(_TRANSLATED)
            out.append(newlines)
        elif token.token_type == TokenType.VAR:
            out.append(_VARIABLE + newlines)
        elif token.token_type == TokenType.COMMENT:
            out.append(newlines)
        elif depth or comment:
            out.append(newlines)
        else:
            out.append(token.contents)
    return "".join(out)


class _TextFinder(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self.skip: list[str] = []

    def _check(self, text: str) -> None:
        words = [w for w in _LETTER.findall(text) if w not in UNTRANSLATABLE]
        if words:
            self.found.append((self.getpos()[0], " ".join(text.split())))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            visible = name in VISIBLE_ATTRIBUTES or (
                name == "value"
                and tag == "input"
                and dict(attrs).get("type") in ("submit", "button", "reset")
            )
            if visible and value:
                self._check(value)
        if tag in NOT_TEXT_ELEMENTS:
            self.skip.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.skip and self.skip[-1] == tag:
            self.skip.pop()

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self._check(data)


def untranslated_text(path: Path) -> list[tuple[int, str]]:
    """(line, text) of visible text in a template outside translate tags."""
    finder = _TextFinder()
    finder.feed(_visible_source(path.read_text(encoding="utf-8")))
    finder.close()
    return finder.found
