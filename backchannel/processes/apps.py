from django.apps import AppConfig


class ProcessesConfig(AppConfig):
    name = "backchannel.processes"
    label = "processes"
