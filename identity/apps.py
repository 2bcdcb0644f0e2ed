from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentityConfig(AppConfig):
    name = "identity"
    verbose_name = _("Tài khoản và định danh")

    def ready(self) -> None:
        # The ID token of a VNeID login is kept for the RP-initiated logout (identity.oidc.logout).
        from allauth.account.signals import user_logged_in

        # In ready(): the receiver's module imports models, which are loaded only now.
        from identity.oidc.logout import on_user_logged_in

        user_logged_in.connect(on_user_logged_in, dispatch_uid="identity.vneid_id_token")
