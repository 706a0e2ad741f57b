"""core.cli.acting_as: a command's service refusals, as the CommandError that
names the fix (the consultation, seat and invite commands share it)."""

from __future__ import annotations

import types

import pytest
from django.core.management.base import CommandError

from backchannel.core.cli import acting_as
from backchannel.core.errors import NotFound, PermissionDenied, ValidationFailed

USER = types.SimpleNamespace(username="ana")


def test_a_refused_file_lists_each_problem_under_what_was_not_done() -> None:
    refused = ValidationFailed({"line 2": ["no name"], "line 5": ["unknown side"]})
    with (
        pytest.raises(CommandError) as caught,
        acting_as(USER, refused="x.csv was refused; nobody was seated"),
    ):
        raise refused
    assert str(caught.value) == (
        "x.csv was refused; nobody was seated:\n"
        "  line 2: no name\n"
        "  line 5: unknown side"
    )


def test_without_a_heading_a_refusal_is_its_message_alone() -> None:
    with pytest.raises(CommandError) as caught, acting_as(USER, refused=None):
        raise ValidationFailed({"code": ["No such seat code."]})
    assert str(caught.value) == "code: No such seat code."


@pytest.mark.parametrize(
    "error", [NotFound("process"), PermissionDenied("Managers only.")]
)
def test_a_refused_access_names_the_acting_user_and_the_role_to_name(
    error: Exception,
) -> None:
    with (
        pytest.raises(CommandError) as caught,
        acting_as(USER, refused="nothing", role="a convener"),
    ):
        raise error
    assert str(caught.value).endswith("(acting as ana: --as names a convener)")
    assert str(caught.value).startswith(str(error))


def test_a_command_error_of_the_command_passes_through_unchanged() -> None:
    with pytest.raises(CommandError, match="its own"), acting_as(USER, refused=None):
        raise CommandError("its own")
