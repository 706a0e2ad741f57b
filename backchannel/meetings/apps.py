from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "backchannel.meetings"
    label = "meetings"
