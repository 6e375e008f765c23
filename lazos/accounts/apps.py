from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "lazos.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from lazos.accounts.two_factor import on_sign_in

        user_logged_in.connect(on_sign_in, dispatch_uid="lazos.accounts.two_factor.on_sign_in")
