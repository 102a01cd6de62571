from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _email_confirmed(sender, request, email_address, **kwargs) -> None:
    """A verified address turns the organisation named at sign-up into a real one."""
    from . import services

    services.signup_organisation_create(user=email_address.user)


class CompaniesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "companies"
    verbose_name = _("Companies")

    def ready(self) -> None:
        from allauth.account.signals import email_confirmed

        from . import (
            checks,  # noqa: F401  (registers the system checks)
            converters,  # noqa: F401  (registers the <id:...> path converter)
        )

        email_confirmed.connect(_email_confirmed, dispatch_uid="companies.signup_organisation")

        from django.db.models.signals import post_delete, post_save

        from .models import Organisation
        from .services import clusters_forget

        for signal in (post_save, post_delete):
            signal.connect(clusters_forget, sender=Organisation, weak=False)
