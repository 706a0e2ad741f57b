from django.apps import AppConfig


class TransferConfig(AppConfig):
    name = "backchannel.transfer"
    label = "transfer"
    verbose_name = "Outputs, identification gate and transfer log"
