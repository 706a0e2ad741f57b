from typing import Any

from django.apps import AppConfig
from django.core import checks

from backchannel.consultations.flood import limits


class ConsultationsConfig(AppConfig):
    name = "backchannel.consultations"
    label = "consultations"
    verbose_name = "Public consultations (opinion mapping)"

    def ready(self) -> None:
        checks.register(check_flood_limits)


def check_flood_limits(**kwargs: Any) -> list[checks.CheckMessage]:
    """A wrong CONSULTATION_FLOOD_LIMITS stops the server at start, not at a vote."""
    try:
        limits()
    except ValueError as exc:
        return [checks.Error(str(exc), id="consultations.E001")]
    return []
