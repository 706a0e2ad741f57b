from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "backchannel.meetings"
    label = "meetings"

    def ready(self) -> None:
        # Here, not at the top: models load once the app registry is ready.
        from backchannel.meetings.selectors import single_participant_warnings
        from backchannel.participants.composition import register_warnings

        register_warnings("meeting_single_participant", single_participant_warnings)
