from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "backchannel.accounts"
    label = "accounts"
