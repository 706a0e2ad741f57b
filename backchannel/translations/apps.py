from django.apps import AppConfig


class TranslationsConfig(AppConfig):
    name = "backchannel.translations"
    label = "translations"
    verbose_name = "Translations of content"

    def ready(self) -> None:
        # Here, not at the top: models load once the app registry is ready.
        from backchannel.records.signals import note_text_changed
        from backchannel.transfer.selectors import register_content_languages
        from backchannel.translations.selectors import content_languages
        from backchannel.translations.services import note_text_changed as receiver

        note_text_changed.connect(
            receiver, dispatch_uid="backchannel-translations-note-changed"
        )
        register_content_languages("translations", content_languages)
