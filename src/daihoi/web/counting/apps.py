from django.apps import AppConfig


class CountingConfig(AppConfig):
    name = "daihoi.web.counting"
    label = "counting"
    verbose_name = "Kiểm phiếu"

    def ready(self) -> None:
        from daihoi.web.accounts.gates import add_login_check

        from .services import account_refusal

        # A station account is refused at the login once its congress's counting has ended.
        add_login_check(account_refusal)
