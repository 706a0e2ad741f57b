from django.apps import AppConfig


class PortabilityConfig(AppConfig):
    name = "backchannel.portability"
    label = "portability"
    verbose_name = "Process export and import"
