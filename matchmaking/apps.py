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

        from .selectors_matching import application_scores
        from .tasks.matching import on_demand_changed, on_profile_changed

        company_hooks.register_profile_changed(on_profile_changed)
        mission_hooks.register_demand_changed(on_demand_changed)
        mission_hooks.register_application_score_provider(application_scores)
