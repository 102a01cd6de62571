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
        from .consortia import dispatch as consortia_dispatch
        from .consortia.selectors import meeting_co_participants
        from .intelligence.selectors import application_readiness
        from .matching import dispatch
        from .matching import hooks as matching_hooks
        from .matching.selectors import application_scores
        from .meetings.selectors import meeting_request_states, register_co_participants

        company_hooks.register_profile_changed(dispatch.on_profile_changed)
        mission_hooks.register_demand_changed(dispatch.on_demand_changed)
        # After matching's own callback, so without a broker the rescore runs first.
        mission_hooks.register_demand_changed(consortia_dispatch.on_demand_changed)
        register_co_participants(meeting_co_participants)
        mission_hooks.register_application_score_provider(application_scores)
        mission_hooks.register_application_readiness_provider(application_readiness)
        matching_hooks.register_meeting_request_states(meeting_request_states)

        # Investors: an approved investor sees an SME's contacts once it accepted the
        # introduction; the KPI funnel reads the pipelines as plain rows.
        from .investors.selectors import introduced, kpi_pipeline_rows
        from .outcomes.kpis import register_pipeline_source

        company_hooks.register_investor_contacts_rule(introduced)
        register_pipeline_source(kpi_pipeline_rows)
        # ... and the landing support applications, per host city.
        from .landing.selectors import kpi_support_rows
        from .outcomes.kpis import register_support_source

        register_support_source(kpi_support_rows)

        # The match lists keep the briefs that have a version in the cache; any write to a
        # brief, a version or a sector (services, admin, cascades) forgets them.
        from django.db.models.signals import post_delete, post_save

        from companies.models import Sector

        from .intelligence.models import MarketBrief, MarketBriefVersion
        from .intelligence.services import brief_links_forget

        for model in (MarketBrief, MarketBriefVersion, Sector):
            for signal in (post_save, post_delete):
                signal.connect(brief_links_forget, sender=model, weak=False)
        from .landing.selectors import packages_held_for_profile

        company_hooks.register_packages_held_provider(packages_held_for_profile)

        # Notifications listen to every area's events; none of them imports it.
        from .meetings import hooks as meeting_hooks
        from .notifications import events as notification_events

        meeting_hooks.register_meeting_event(notification_events.on_meeting_event)
        company_hooks.register_buyer_approved(notification_events.on_buyer_approved)
        # Member invitations go through the outbox, sent once even if a sender dies.
        from .meetings.outbox import outbox_add_member_invitation

        company_hooks.register_invitation_mailer(outbox_add_member_invitation)
        mission_hooks.register_application_decided(notification_events.on_application_decided)

        # Webhooks collect new events whenever a meeting event happens or an outcome is
        # recorded (and every minute).
        from .outcomes import hooks as outcome_hooks
        from .webhooks import dispatch as webhooks_dispatch

        meeting_hooks.register_meeting_event(webhooks_dispatch.on_meeting_event)
        outcome_hooks.register_outcome_recorded(webhooks_dispatch.on_outcome_recorded)
