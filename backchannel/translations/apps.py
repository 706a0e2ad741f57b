from django.apps import AppConfig


class TranslationsConfig(AppConfig):
    name = "backchannel.translations"
    label = "translations"
    verbose_name = "Translations of content"
