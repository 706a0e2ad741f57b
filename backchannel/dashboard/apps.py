from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "backchannel.dashboard"
    label = "dashboard"
    verbose_name = "Process dashboard"
