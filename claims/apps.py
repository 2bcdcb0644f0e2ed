from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = _("Hồ sơ hưởng trợ cấp thất nghiệp")

    def ready(self) -> None:
        # Imports inside ready(): the app registry is ready only now, and these modules import
        # models. Registering is idempotent, so ready() running twice (tests, reloads) is safe.
        from django.contrib.auth.signals import user_logged_in, user_logged_out  # see above

        from claims.api.tokens import on_user_logged_out  # see above
        from claims.core.services import on_transition, on_transition_in_transaction  # see above
        from claims.decisions.services import (  # see above
            decisions_in_transition,
            on_decision_signed,
        )
        from claims.notifications.hooks import notify_citizen_of_transition  # see above
        from claims.payments.services import (  # see above
            payments_on_decision_signed,
            payments_on_transition,
        )
        from claims.period.services import period_on_transition  # see above
        from claims.session.timeout import on_login  # see above

        # Every side effect of a claim's state change leaves by these hooks (docs/architecture.md).
        on_transition_in_transaction(decisions_in_transition)
        on_transition(notify_citizen_of_transition)
        # The benefit months before the schedule: its first release already follows the period.
        on_transition(period_on_transition)
        on_transition(payments_on_transition)
        on_decision_signed(payments_on_decision_signed)

        user_logged_in.connect(on_login, dispatch_uid="claims.session.timeout.on_login")
        # Logging out of the portal ends the API tokens too (claims/api/tokens.py).
        user_logged_out.connect(on_user_logged_out, dispatch_uid="claims.api.tokens.logout")
