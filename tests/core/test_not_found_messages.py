""" "Not found" and the commands' shared errors in the reader's language: the
404 text, the API's and the CLI's come from gettext, and every kind of object
the code names has its word translated."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from backchannel.core import cli
from backchannel.core.errors import THINGS, NotFound
from backchannel.core.i18n import PACKAGE_DIR

pytestmark = pytest.mark.no_db_difference

# NotFound("seat"), what="meeting", parse_id(value, "person"), find_*(…, "output")
NAMED = re.compile(
    r"""NotFound\(\s*"([^"]+)"|what="([^"]+)"|parse_id\([^,()]+,\s*"([^"]+)"\)"""
)


def test_every_kind_the_code_names_has_a_translated_word() -> None:
    named = set()
    for path in PACKAGE_DIR.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for match in NAMED.finditer(path.read_text(encoding="utf-8")):
            named.add(next(g for g in match.groups() if g))
    assert named, "the pattern found nothing: it no longer matches the code"
    assert named <= set(THINGS), sorted(named - set(THINGS))


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "No such seat, or you do not have access to it."),
        ("fr", "Introuvable, ou vous n’y avez pas accès : siège."),
        ("ar", "غير موجود، أو لا تملك صلاحية الوصول إليه: مقعد."),
        ("zh-hans", "未找到，或您无权访问：席位。"),
    ],
)
def test_not_found_reads_in_the_readers_language(language: str, expected: str) -> None:
    with translation.override(language):
        assert NotFound("seat").message == expected


def test_the_commands_shared_errors_are_translated() -> None:
    with translation.override("es"):
        with pytest.raises(cli.NotAnId, match="no es un identificador \\(reunión\\)"):
            cli._wanted("zz", "meeting")
        with pytest.raises(cli.NoMatch, match="Ningún objeto \\(proceso\\)"):
            cli._one([], "abcdef12", "process")
    with translation.override("ru"):
        seats = [type("Seat", (), {"pseudonym": "V-01"})()]
        with pytest.raises(cli.CommandError, match="Нет мест с кодами X-1, X-2"):
            cli.seats_by_code(seats, ["X-1", "X-2"])
    with translation.override("en"):
        with pytest.raises(cli.Ambiguous, match="'abcdef12' starts the ids of 2 seats"):
            cli._one([(None, 1), (None, 2)], "abcdef12", "seat")
