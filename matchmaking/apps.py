from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchmakingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "matchmaking"
    verbose_name = _("Matchmaking")

    def ready(self) -> None:
        # Import order: companies ← missions ← matchmaking; the lower apps only call hooks.
        from companies import hooks as company_hooks
        from missions import hooks as mission_hooks

        # Registers every area's Celery tasks, so the dispatch modules find them by name.
        from . import tasks  # noqa: F401
        from .matching import dispatch
        from .matching.selectors import application_scores

        company_hooks.register_profile_changed(dispatch.on_profile_changed)
        mission_hooks.register_demand_changed(dispatch.on_demand_changed)
        mission_hooks.register_application_score_provider(application_scores)
