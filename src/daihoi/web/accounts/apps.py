from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "daihoi.web.accounts"
    label = "accounts"
