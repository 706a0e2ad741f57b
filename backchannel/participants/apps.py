from django.apps import AppConfig


class ParticipantsConfig(AppConfig):
    name = "backchannel.participants"
    label = "participants"
