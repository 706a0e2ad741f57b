from django.apps import AppConfig


class IdeasConfig(AppConfig):
    name = "backchannel.ideas"
    label = "ideas"
    verbose_name = "Trial balloons and joint texts"
