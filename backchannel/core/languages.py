"""Language codes of content (not of the interface): BCP 47 tags such as
``en``, ``fr``, ``ar``, ``ru``, ``zh-hans``, with a readable name for each."""

from __future__ import annotations

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
