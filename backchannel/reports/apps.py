from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "backchannel.reports"
    label = "reports"
    verbose_name = "Process reports"
