from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = _("Hồ sơ hưởng trợ cấp thất nghiệp")

    def ready(self) -> None:
        import claims.core.services as services
        from claims.core.services import on_transition
        from claims.notifications.hooks import notify_citizen_of_transition

        # ready() may run more than once (tests, reloads): register the hook once.
        if notify_citizen_of_transition not in services._after_transition:
            on_transition(notify_citizen_of_transition)

        from django.contrib.auth.signals import user_logged_in

        from claims.session.timeout import on_login

        user_logged_in.connect(on_login, dispatch_uid="claims.session.timeout.on_login")

        from django.contrib.auth.signals import user_logged_out

        from claims.api.tokens import on_user_logged_out

        # Logging out of the portal ends the API tokens too (claims/api/tokens.py).
        user_logged_out.connect(on_user_logged_out, dispatch_uid="claims.api.tokens.logout")

        from claims.payments.services import payments_on_transition

        if payments_on_transition not in services._after_transition:
            on_transition(payments_on_transition)
