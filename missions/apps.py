from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MissionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "missions"
    verbose_name = _("Missions")

    def ready(self) -> None:
        # Registers the app's Celery tasks, so ``dispatch`` finds them by name.
        from . import tasks  # noqa: F401
