from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "backchannel.evaluation"
    label = "evaluation"
    verbose_name = "Trust over years, evaluation against objectives"
