from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "backchannel.core"
    label = "core"
