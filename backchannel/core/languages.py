"""Language codes of content (not of the interface): BCP 47 tags such as
``en``, ``fr``, ``ar``, ``ru``, ``zh-hans``, with a readable name for each."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

LANGUAGE_MAX = 35

language_code = RegexValidator(
    r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$",
    _("Give a language code such as 'en', 'fr' or 'pt-BR' (BCP 47)."),
)

# Scripts written right to left: their text is shown with dir="rtl".
RTL = frozenset({"ar", "fa", "he", "ur", "ps", "yi", "ckb", "dv", "sd", "ug"})


def language_name(code: str) -> str:
    """The language's name in the interface's language, or the code itself."""
    if not code:
        return ""
    for candidate in (code, code.lower(), code.split("-")[0]):
        try:
            return str(get_language_info(candidate)["name_translated"])
        except KeyError:
            continue
    return code


def is_rtl(code: str) -> bool:
    return code.split("-")[0].lower() in RTL


def language_choices(
    codes: Iterable[str] = (), *, keep: str = ""
) -> list[tuple[str, str]]:
    """Choices for a content-language ``<select>``: the interface languages
    (``settings.LANGUAGES``), then ``codes`` (languages used elsewhere in the
    process), each as "Name (code)", sorted by name; ``keep`` (the current
    value) is always offered, so editing never drops a language already set."""
    wanted: dict[str, None] = {}
    for code in [*(c for c, _name in settings.LANGUAGES), *codes, keep]:
        code = str(code or "").strip()
        if not code or code in wanted:
            continue
        try:
            language_code(code)
        except ValidationError:
            continue
        wanted[code] = None
    named = [(code, f"{language_name(code)} ({code})") for code in wanted]
    return sorted(named, key=lambda pair: pair[1].casefold())
