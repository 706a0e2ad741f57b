from typing import Any

from django.apps import AppConfig
from django.db.models.signals import pre_save


def _second_factor_use_to_the_day(sender: Any, instance: Any, **kwargs: Any) -> None:
    """allauth records when a second factor was set up and last used, to the
    microsecond: login times. Kept to the day, like every other date we store."""
    for field in ("created_at", "last_used_at"):
        at = getattr(instance, field, None)
        if at is not None:
            setattr(
                instance, field, at.replace(hour=0, minute=0, second=0, microsecond=0)
            )


class AccountsConfig(AppConfig):
    name = "backchannel.accounts"
    label = "accounts"

    def ready(self) -> None:
        # Models and services load once the app registry is ready, not at import.
        from allauth.mfa.models import Authenticator

        from backchannel.accounts.services import mfa_secrets_rotate
        from backchannel.core.rotation import register_secrets

        register_secrets("mfa", mfa_secrets_rotate)

        pre_save.connect(
            _second_factor_use_to_the_day,
            sender=Authenticator,
            dispatch_uid="backchannel-mfa-last-used-day",
        )
