from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "lazos.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from lazos.accounts import personal_data
        from lazos.accounts.two_factor import on_sign_in
        from lazos.core.personal_data import register

        user_logged_in.connect(on_sign_in, dispatch_uid="lazos.accounts.two_factor.on_sign_in")
        register(personal_data.accounts, *personal_data.sign_in_records, personal_data.requests)
