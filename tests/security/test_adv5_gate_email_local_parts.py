"""Adversary (round 5): an email address built from a participant's given
name, initials or half their surname, or a role mailbox at their employer.

Attack: the addresses people really have and a reader recognises at once:
the given name at the participant's own employer's domain
(``zofia@kba.example``: the roster's address for Žofia Dvořáková is
``zofia.dvorakova@kba.example``), the given name with the surname's initial
(``yekaterina.v@proton.me``), one half of a double-barrelled surname with an
initial (``kmensah@gmail.com``, ``k.boateng@gmail.com``) or the given name
with it (``kwame.boateng@``), the double given name's initials with one half
of the surname (``almeyer@crd.example``), and the role mailbox of a
one-person title at the employer's domain (``imam@kessagrandmosque.example``,
``editor@kessavoice.example``). ``backchannel gate`` reports each clean,
though it catches ``zdvorakova@gmail.com``, ``ines@kelc.example`` (the
roster's own address), ``mayor@tolvar.example`` and
``deputy.minister@mwr.varnia.example``.

Promise broken: README, "Identification gate": "emails" ("built from a name:
``zofia.dvorakova@…``, ``@jnunez``" in the engine's docstring); a one-word
title "is a finding when it is the whole title of one person". Severity:
medium to high (an address that reaches the participant; for the given name
at the employer's own domain, high: the domain is the roster's).

Suggested fix direction: compare an email's local part with the given names,
initials and surname halves of the people whose roster address shares its
domain (or whose affiliation the domain abbreviates), and with titles that
fit one person; a given name with an initial counts anywhere when it fits
fewer than three.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.security.gate_cli import gate_cli

LEAKS = {
    "given_name_at_employer": ("Write to zofia@kba.example", "Žofia Dvořáková"),
    "given_name_at_employer_2": ("Write to leila@kba.example", "Leila Stone"),
    "given_name_at_employer_3": (
        "Write to abdulrahman@mwr.varnia.example",
        "Abdulrahman al-Hashimi",
    ),
    "given_name_at_employer_4": (
        "Write to yekaterina@assembly.ostrel.example",
        "Yekaterina Vorontsova",
    ),
    "given_name_initial_at_employer": (
        "Write to zofia.d@kba.example",
        "Žofia Dvořáková",
    ),
    "given_name_initial": ("Write to yekaterina.v@proton.me", "Yekaterina Vorontsova"),
    "given_name_initial_joined": ("Write to zofiad@proton.me", "Žofia Dvořáková"),
    "initial_first_half_surname": (
        "Write to kmensah@gmail.com",
        "Kwame Mensah-Boateng",
    ),
    "initial_second_half_surname": (
        "Write to k.boateng@gmail.com",
        "Kwame Mensah-Boateng",
    ),
    "given_name_second_half_surname": (
        "Write to kwame.boateng@gmail.com",
        "Kwame Mensah-Boateng",
    ),
    "double_initials_half_surname": (
        "Write to almeyer@crd.example",
        "Anna-Lena Meyer-Holt",
    ),
    "role_mailbox_imam": (
        "Write to imam@kessagrandmosque.example",
        "Ahmed Hassan",
    ),
    "role_mailbox_chief_engineer": (
        "Write to chiefengineer@ostrelhydro.example",
        "Lucas Baker",
    ),
}

CONTROLS = {
    "initial_surname": ("Write to zdvorakova@gmail.com", "Žofia Dvořáková"),
    "roster_address": ("Write to ines@kelc.example", "Ines Lindqvist"),
    "alias_at_employer": (
        "Write to katya@assembly.ostrel.example",
        "Yekaterina Vorontsova",
    ),
    "role_mailbox_mayor": ("Write to mayor@tolvar.example", "Mehmet Yılmaz"),
    "role_mailbox_deputy_minister": (
        "Write to deputy.minister@mwr.varnia.example",
        "Abdulrahman al-Hashimi",
    ),
    "surname_initial": ("Write to nunez.j@gmail.com", "José Núñez"),
}


# a one-person title as a mailbox is not fixed yet (README, gate: round 5)
ROLE_MAILBOXES = {"role_mailbox_imam", "role_mailbox_chief_engineer"}


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(
            c,
            marks=pytest.mark.xfail(
                strict=True,
                reason="adversary finding: a one-person role as the local part "
                "passes the gate",
            ),
        )
        if c in ROLE_MAILBOXES
        else c
        for c in sorted(LEAKS)
    ],
)
def test_an_address_built_from_the_person_is_caught(tmp_path: Path, case: str) -> None:
    text, who = LEAKS[case]
    code, out = gate_cli(tmp_path, text)
    assert code == 1, f"{case}: {text!r} ({who}) reported clean"
    assert who in out


@pytest.mark.parametrize("case", sorted(CONTROLS))
def test_the_name_built_addresses_are_caught(tmp_path: Path, case: str) -> None:
    text, who = CONTROLS[case]
    code, out = gate_cli(tmp_path, text)
    assert code == 1, text
    assert who in out
