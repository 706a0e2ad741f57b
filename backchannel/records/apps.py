from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "backchannel.records"
    label = "records"
    verbose_name = "Records and airtime"
