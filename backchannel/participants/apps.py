from django.apps import AppConfig


class ParticipantsConfig(AppConfig):
    name = "backchannel.participants"
    label = "participants"

    def ready(self) -> None:
        # People's login indexes are derived from the master key: a rotation
        # recomputes them (``backchannel keys rotate``).
        from backchannel.core.rotation import register_secrets
        from backchannel.participants.logins import login_indexes_rotate

        register_secrets("login_index", login_indexes_rotate)
