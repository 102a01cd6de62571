"""The authorization matrix: every URL pattern of the project × nine personas, with the
exact answer each gets.

``ROWS`` holds one row per URL pattern (keyed ``namespace:name``; an unnamed pattern by its
route): the request to send and, for each persona of ``ALL_PERSONAS``, the status and, for a
redirect, where it goes. A pattern without a row fails ``test_every_url_pattern_has_a_row``,
a row naming no pattern fails too. The Django admin's per-model pages are one rule for every
registered model (``ADMIN_MODEL_PAGES``); the REST resources under /api/v1/ are the API
matrix's (tests/matchmaking/api/test_permissions.py), which this file checks covers each of
them. The world is in ``authorization_world.py``: objects of another organisation answer 404,
and no page shows a persona a ``LEAK_MARKERS`` text it may not read.

Adding a URL: add its row here (and any object it names to the world).
"""

import os
import re
from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver

from tests.fixtures import ALL_PERSONAS

from .authorization_world import LEAK_MARKERS, Answer, ask, build_world, login_url, seen_by

A, SO, SM, OS, B, AB, OB, ST, AD = ALL_PERSONAS
SIGNED_IN = ALL_PERSONAS[1:]
LOGIN = "login"  # 302 to the log-in page, coming back to the same path
ADMIN_LOGIN = "admin-login"  # 302 to the admin's log-in page, coming back


def to(target: str) -> str:
    """A 302 to ``target`` (filled from the world's values like the path)."""
    return "->" + target


def each(default, **overrides) -> dict[str, object]:
    """Every persona gets ``default`` but those named (by persona name)."""
    return {p: overrides.get(p, default) for p in ALL_PERSONAS}


def signed_in(default, **overrides) -> dict[str, object]:
    """Anonymous visitors are sent to log in; signed-in personas get ``default``."""
    return each(default, anonymous=LOGIN, **overrides)


@dataclass(frozen=True)
class Row:
    path: str
    expect: dict[str, object]
    method: str = "GET"
    data: dict | None = None
    shows: tuple[str, ...] = ()  # leak markers this page rightly shows whoever reaches it


def get(path, expect, **data) -> Row:
    return Row(path, expect, "GET", data or None)


def post(path, expect, **data) -> Row:
    return Row(path, expect, "POST", data or None)


# Who may see what, in the personas' words.
SME_SIDE = {"sme_owner", "sme_member"}  # the SME whose objects the world's rows name
STAFF = {"staff", "admin"}


def only(allowed: dict[str, object] | set[str], default=404, anonymous=LOGIN, ok=200):
    """Signed-in personas not named get ``default`` (404: the object is someone else's);
    ``allowed`` maps persona → answer, or is a set of personas that get ``ok``."""
    if isinstance(allowed, set):
        allowed = dict.fromkeys(allowed, ok)
    return {p: anonymous if p == A else allowed.get(p, default) for p in ALL_PERSONAS}


def staff_only(ok=200, default=403):
    """Cluster staff pages: everyone else signed in is refused (403), anonymous logs in."""
    return only(STAFF, default=default, ok=ok)


ROWS = {
    # --- Site ------------------------------------------------------------------------------
    "home": get("/", each(200)),
    "healthz": get("/healthz", each(200)),
    "readyz": get("/readyz", each(200)),
    "set_language": post("/i18n/setlang/", each(to("/companies/")), language="zh-hans",
                         next="/companies/"),
    # --- Accounts (allauth's pages; signed-in people are sent home from the log-in pages) -----
    "account_login": get("/accounts/login/", each(to("/"), anonymous=200)),
    "account_logout": get("/accounts/logout/", each(200, anonymous=to("/"))),
    "account_inactive": get("/accounts/inactive/", each(200)),
    "account_signup": get("/accounts/signup/", each(to("/"), anonymous=200)),
    "account_reauthenticate": get("/accounts/reauthenticate/", signed_in(200)),
    "account_request_reauthentication_code": get("/accounts/reauthenticate/code/", signed_in(200)),
    "account_confirm_reauthentication_code": get(
        "/accounts/reauthenticate/code/confirm/", signed_in(to("/accounts/reauthenticate/code/"))),
    "account_email": get("/accounts/email/", signed_in(200)),
    "account_email_verification_sent": get("/accounts/confirm-email/", each(200)),
    "account_change_password": get("/accounts/password/change/", signed_in(200)),
    "account_set_password": get("/accounts/password/set/",
                                signed_in(to("/accounts/password/change/"))),
    "account_reset_password": get("/accounts/password/reset/", each(200)),
    "account_confirm_login_code": get("/accounts/login/code/confirm/",
                                      each(to("/"), anonymous=to("/accounts/login/"))),
    "account_confirm_email": get("/accounts/confirm-email/not-a-key/", each(200)),
    "account_reset_password_from_key_done": get("/accounts/password/reset/key/done/", each(200)),
    "account_reset_password_from_key": get("/accounts/password/reset/key/1-not-a-key/", each(200)),
    "account_reset_password_done": get("/accounts/password/reset/done/", each(200)),
    # Only staff and the admin have an authenticator; the others have nothing to deactivate.
    "mfa_index": get("/accounts/2fa/", signed_in(200)),
    "mfa_authenticate": get("/accounts/2fa/authenticate/",
                            each(to("/"), anonymous=to("/accounts/login/"))),
    "mfa_reauthenticate": get("/accounts/2fa/reauthenticate/",
                              signed_in(to("/accounts/reauthenticate/"), staff=200, admin=200)),
    "mfa_activate_totp": get("/accounts/2fa/totp/activate/", each(
        to("/accounts/reauthenticate/?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F"),
        anonymous=to("/accounts/login/?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F"))),
    "mfa_deactivate_totp": get("/accounts/2fa/totp/deactivate/", signed_in(
        404, staff=to("/accounts/reauthenticate/?next=%2Faccounts%2F2fa%2Ftotp%2Fdeactivate%2F"),
        admin=to("/accounts/reauthenticate/?next=%2Faccounts%2F2fa%2Ftotp%2Fdeactivate%2F"))),
    "mfa_view_recovery_codes": get("/accounts/2fa/recovery-codes/", signed_in(404)),
    "mfa_generate_recovery_codes": get("/accounts/2fa/recovery-codes/generate/", each(
        to("/accounts/reauthenticate/?next=%2Faccounts%2F2fa%2Frecovery-codes%2Fgenerate%2F"),
        anonymous=to("/accounts/login/?next=%2Faccounts%2F2fa%2Frecovery-codes%2Fgenerate%2F"))),
    "mfa_download_recovery_codes": get("/accounts/2fa/recovery-codes/download/", signed_in(404)),
    # --- Companies ---------------------------------------------------------------------------
    "companies:directory": get("/companies/", each(200)),
    "companies:directory_export": get("/companies/export.csv", staff_only()),
    "companies:my_organisation": get("/companies/mine/", signed_in(
        to("/companies/{sme}/manage/"), other_sme=to("/companies/{other_sme}/manage/"),
        buyer=to("/companies/{unapproved_buyer_slug}/manage/"),
        approved_buyer=to("/companies/{buyer_slug}/manage/"),
        other_buyer=to("/companies/suzhou-water/manage/"),
        staff=to("/companies/smart-city-cluster/manage/"), admin=to("/companies/"))),
    "companies:preferences": get("/companies/preferences/", signed_in(200)),
    "companies:buyer_approvals": get("/companies/buyers/", staff_only()),
    "companies:buyer_approval_set": post("/companies/buyers/{unapproved_buyer_slug}/approval/",
                                         staff_only(to("/companies/buyers/")), approved="1"),
    # The link itself is the key: whoever holds it reads the invitation (and its address).
    "companies:invitation_accept": Row("/companies/invitations/{invitation_token}/", each(200),
                                       shows=("invitee-7q@nordic-heat.example.com",)),
    "companies:staff_totp_required": get("/companies/staff/authenticator/", signed_in(to("/"))),
    # Staff who already have an authenticator have no enrolment to open.
    "companies:staff_totp_enrol": get("/companies/staff/authenticator/{staff_uid}/{staff_token}/",
                                      signed_in(404)),
    "companies:profile_detail": [
        get("/companies/{sme}/", each(200)),
        get("/companies/{hidden}/", each(404, staff=200, admin=200)),  # a draft
    ],
    "companies:organisation_manage": get("/companies/{sme}/manage/", only(SME_SIDE | STAFF)),
    "companies:organisation_edit": get("/companies/{sme}/edit/", only(SME_SIDE | STAFF)),
    "companies:profile_edit": get("/companies/{sme}/profile/", only(SME_SIDE | STAFF)),
    "companies:profile_publish": post("/companies/{sme}/profile/publish/",
                                      only(SME_SIDE | STAFF, ok=to("/companies/{sme}/"))),
    "companies:profile_unpublish": post("/companies/{sme}/profile/unpublish/",
                                        only(SME_SIDE | STAFF, ok=to("/companies/{sme}/manage/"))),
    "companies:references": get("/companies/{sme}/references/", only(SME_SIDE | STAFF)),
    "companies:reference_delete": post(
        "/companies/{sme}/references/{reference}/delete/",
        only(SME_SIDE | STAFF, ok=to("/companies/{sme}/references/"))),
    # People are the owners' (and staff's) to manage; a plain member is refused.
    "companies:member_invite": post("/companies/{sme}/members/invite/", only(
        {"sme_owner", *STAFF}, ok=to("/companies/{sme}/manage/")) | {"sme_member": 403},
        email="new-colleague@example.org", role="member"),
    "companies:member_role": post("/companies/{sme}/members/{member}/role/", only(
        {"sme_owner", *STAFF}, ok=to("/companies/{sme}/manage/")) | {"sme_member": 403},
        role="owner"),
    "companies:member_remove": post("/companies/{sme}/members/{member}/remove/", only(
        {"sme_owner", *STAFF}, ok=to("/companies/{sme}/manage/")) | {"sme_member": 403}),
    # --- Missions ----------------------------------------------------------------------------
    "missions:mission_list": get("/missions/", signed_in(200)),
    "missions:mission_create": get("/missions/new/", staff_only()),
    # Demand projects are the buyer side's; SMEs have no such pages.
    "missions:demand_list": get("/missions/demand/", signed_in(
        200, sme_owner=404, sme_member=404, other_sme=404)),
    "missions:demand_create": get("/missions/demand/new/", signed_in(
        200, sme_owner=404, sme_member=404, other_sme=404)),
    "missions:demand_import": get("/missions/demand/import/", staff_only()),
    "missions:demand_import_template": get("/missions/demand/import/template.csv", staff_only()),
    "missions:demand_detail": [
        get("/missions/demand/{demand}/", only({"approved_buyer", *STAFF})),
        get("/missions/demand/{closed_demand}/", only({"approved_buyer", *STAFF})),
    ],
    "missions:demand_edit": get("/missions/demand/{demand}/edit/",
                                only({"approved_buyer", *STAFF})),
    "missions:mission_detail": get("/missions/{mission}/", signed_in(200)),
    "missions:mission_edit": get("/missions/{mission}/edit/", staff_only()),
    "missions:mission_transition": post("/missions/{mission}/status/",
                                        staff_only(to("/missions/{mission}/dashboard/")),
                                        status="selecting"),
    "missions:mission_dashboard": get("/missions/{mission}/dashboard/", staff_only()),
    # Both SMEs already are in the delegation: applying again shows the mission.
    "missions:mission_apply": get("/missions/{mission}/apply/", only(
        {"sme_owner", "sme_member", "other_sme"}, ok=to("/missions/{mission}/"))),
    "missions:application_withdraw": post("/missions/{mission}/withdraw/", only(
        {"sme_owner", "sme_member", "other_sme"}, ok=to("/missions/{mission}/"))),
    "missions:application_decide": post(
        "/missions/{mission}/applications/{application}/decide/",
        staff_only(to("/missions/{mission}/dashboard/")), status="waitlisted"),
    "missions:agenda_manage": get("/missions/{mission}/agenda/", staff_only()),
    "missions:agenda_day_add": post("/missions/{mission}/agenda/days/",
                                    staff_only(to("/missions/{mission}/agenda/"))),
    "missions:agenda_session_add": post("/missions/{mission}/agenda/days/{day}/sessions/",
                                        staff_only(to("/missions/{mission}/agenda/"))),
    "missions:agenda_session_delete": post(
        "/missions/{mission}/agenda/sessions/{session}/delete/",
        staff_only(to("/missions/{mission}/agenda/"))),
    # Participants of the mission: its delegates and the buyers who bring a demand project.
    "missions:availability": get("/missions/{mission}/availability/", only(
        {"sme_owner", "sme_member", "other_sme", "approved_buyer", "other_buyer"})),
    "missions:availability_toggle": post("/missions/{mission}/availability/{slot}/", only({
        "sme_owner": to("/missions/{mission}/availability/?organisation={sme_id}"),
        "sme_member": to("/missions/{mission}/availability/?organisation={sme_id}"),
        "other_sme": to("/missions/{mission}/availability/?organisation={other_sme_id}"),
        "approved_buyer": to("/missions/{mission}/availability/?organisation={buyer_id}"),
        "other_buyer": to("/missions/{mission}/availability/?organisation={other_buyer_id}"),
    })),
    # --- Matching ----------------------------------------------------------------------------
    "matchmaking:buyer_demands": get("/matching/demands/", signed_in(200)),  # one's own
    "matchmaking:demand_suppliers": get("/matching/demands/{demand}/",
                                        only({"approved_buyer", *STAFF})),
    "matchmaking:demand_decide": post(
        "/matching/demands/{demand}/suppliers/{sme_id}/decide/",
        only({"approved_buyer", *STAFF}, ok=to("/matching/demands/{demand}/")),
        status="shortlisted"),
    "matchmaking:demand_supplier_reasons": get(
        "/matching/demands/{demand}/suppliers/{sme_id}/reasons/", only({"approved_buyer", *STAFF})),
    "matchmaking:sme_matches": get("/matching/mine/", only({"sme_owner", "sme_member", "other_sme"})),
    "matchmaking:sme_match_reasons": get("/matching/mine/{demand}/reasons/",
                                         only({"sme_owner", "sme_member", "other_sme"})),
    "matchmaking:sme_feedback": post("/matching/mine/{demand}/feedback/", only(
        {"sme_owner", "sme_member", "other_sme"}, ok=to("/matching/mine/")), verdict="interested"),
    "matchmaking:scoring_runs": get("/matching/runs/", staff_only()),
    "matchmaking:scoring_run_start": post("/matching/runs/start/",
                                          staff_only(to("/matching/runs/#run-{next_run}"))),
    "matchmaking:scoring_run_progress": get("/matching/runs/{scoring_run}/progress/",
                                            staff_only()),
    # --- Meetings: the two sides of a request or meeting; staff run the schedule ---------------
    "matchmaking:meeting_request_create": get("/matching/requests/new/", only(
        {"sme_owner", "sme_member", "approved_buyer"}), demand="{demand}", sme="{sme_id}"),
    "matchmaking:meeting_request_answer": post("/matching/requests/{request}/accept/", only(
        {"sme_owner", "sme_member", "approved_buyer"}, ok=to("/matching/agenda/"))),
    "matchmaking:meeting_request_detail": get("/matching/requests/{request}/", only(
        {"sme_owner", "sme_member", "approved_buyer"})),
    "matchmaking:meeting_ics": get("/matching/meetings/{meeting}/meeting.ics", only(
        {"sme_owner", "sme_member", "approved_buyer"})),
    "matchmaking:meeting_answer": post("/matching/meetings/{meeting}/answer/accepted/", only(
        {"sme_owner", "sme_member", "approved_buyer"}, ok=to("/matching/agenda/"))),
    # One's own agenda; the admin belongs to no organisation and has none.
    "matchmaking:my_agenda": get("/matching/agenda/", signed_in(200, admin=404)),
    "matchmaking:my_agenda_ics": get("/matching/agenda/agenda.ics", signed_in(200, admin=404)),
    "matchmaking:meeting_respond": get("/matching/meetings/respond/{respond_token}/", each(200)),
    "matchmaking:mission_schedule": get("/matching/missions/{mission_id}/schedule/",
                                        staff_only()),
    "matchmaking:mission_schedule_run": post(
        "/matching/missions/{mission_id}/schedule/run/",
        staff_only(to("/matching/missions/{mission_id}/schedule/"))),
    "matchmaking:schedule_run_status": get(
        "/matching/missions/{mission_id}/schedule/runs/{schedule_run}/", staff_only()),
    "matchmaking:meeting_move": post(
        "/matching/missions/{mission_id}/schedule/move/",
        staff_only(to("/matching/missions/{mission_id}/schedule/")),
        meeting="{meeting}", slot="{slot}", table="2"),
    "matchmaking:mission_schedule_publish": post(
        "/matching/missions/{mission_id}/schedule/publish/",
        staff_only(to("/matching/missions/{mission_id}/schedule/"))),
    "matchmaking:meeting_cancel": post(
        "/matching/missions/{mission_id}/meetings/{meeting}/cancel/",
        staff_only(to("/matching/missions/{mission_id}/schedule/"))),
    # --- Outcomes (issue 14): each side's own; staff read the KPIs ------------------------------
    "matchmaking:my_outcomes": get("/matching/outcomes/", signed_in(200, admin=404)),
    "matchmaking:outcome_create": get("/matching/outcomes/new/", only(
        {"sme_owner", "sme_member", "approved_buyer"}), meeting="{past_meeting}"),
    "matchmaking:meeting_feedback": get("/matching/outcomes/meetings/{past_meeting}/feedback/",
                                        only({"sme_owner", "sme_member", "approved_buyer"})),
    "matchmaking:follow_up_answer": get("/matching/outcomes/follow-ups/{follow_up}/",
                                        only(SME_SIDE)),
    "matchmaking:kpis": get("/matching/kpis/", staff_only()),
    "matchmaking:kpis_export": get("/matching/kpis/export.csv", staff_only()),
    # The delegation catalogue is for approved buyers (and staff).
    "matchmaking:delegation_catalogue": get("/matching/missions/{mission_id}/catalogue.pdf",
                                            only({"approved_buyer", *STAFF}, default=403)),
    # --- Notifications and messages ------------------------------------------------------------
    "matchmaking:notifications": get("/matching/notifications/", signed_in(200)),
    "matchmaking:notifications_mark_read": post("/matching/notifications/read/",
                                                signed_in(to("/matching/notifications/"))),
    "matchmaking:notification_preferences": get("/matching/notifications/preferences/",
                                                signed_in(200)),
    "matchmaking:message_threads": get("/matching/messages/", signed_in(200)),
    "matchmaking:message_thread": get("/matching/messages/{demand}/{sme_id}/",
                                      only({"sme_owner", "sme_member", "approved_buyer", *STAFF})),
    # --- Consortia: SMEs matched to the demand form them; the buyer sees one once presented -----
    "consortia:list": get("/consortia/", signed_in(200)),
    "consortia:demand_proposals": get("/consortia/demands/{demand}/", only(
        {"sme_owner", "sme_member", "other_sme", *STAFF})),
    "consortia:form_from_proposal": post("/consortia/demands/{demand}/proposals/1/form/", only(
        {"sme_owner", "sme_member", "other_sme", *STAFF}, ok=to("/consortia/demands/{demand}/"))),
    "consortia:form_from_scratch": get("/consortia/demands/{demand}/new/", only(
        {"sme_owner", "sme_member", "other_sme", *STAFF})),
    "consortia:detail": get("/consortia/{consortium}/", only(SME_SIDE | STAFF)),
    "consortia:present": post("/consortia/{consortium}/present/",
                              only(SME_SIDE | STAFF, ok=to("/consortia/{consortium}/"))),
    # Not presented yet: the buyer cannot decide on it nor ask it to a meeting.
    "consortia:decide": post("/consortia/{consortium}/decide/",
                             only(STAFF, ok=to("/consortia/{consortium}/")),
                             decision="shortlisted"),
    "consortia:meeting": post("/consortia/{consortium}/meeting/",
                              only(STAFF, ok=to("/consortia/{consortium}/"))),
    "consortia:meeting_accept": post("/consortia/{consortium}/meeting/accept/",
                                     only(SME_SIDE | STAFF, ok=to("/consortia/{consortium}/"))),
    "consortia:invitation": get("/consortia/invitation/{consortium_token}/", each(200)),
    # --- Market intelligence: staff write briefs, SMEs read them --------------------------------
    "intelligence:brief_list": get("/intelligence/briefs/", only(STAFF)),
    "intelligence:brief_edit": get("/intelligence/briefs/china/district-heating/edit/",
                                   only(STAFF)),
    "intelligence:brief_detail": get("/intelligence/briefs/{brief}/", only(
        {"sme_owner", "sme_member", "other_sme", *STAFF})),
    "intelligence:brief_history": get("/intelligence/briefs/{brief}/history/", only(STAFF)),
    "intelligence:brief_pdf": get("/intelligence/briefs/{brief}/pdf/", only(STAFF)),
    "intelligence:readiness": get("/intelligence/readiness/{sme}/", only(SME_SIDE | STAFF)),
    # --- API pages (the resources under /api/v1/ are the API matrix's) ---------------------------
    "api:schema": get("/api/schema/", each(200)),
    "api:docs": get("/api/docs/", each(200)),
    "api:tokens": get("/api/tokens/", signed_in(200)),  # one's own tokens
    "api:token_revoke": post("/api/tokens/{token}/revoke/",
                             only({"sme_owner": to("/api/tokens/")})),
    # --- Data portability and webhooks: the organisation's owners only --------------------------
    "portability:data": get("/data/{sme}/", only({"sme_owner"})),
    "portability:export": get("/data/{sme}/export.zip", only({"sme_owner"})),
    "webhooks:list": get("/webhooks/{sme}/", only({"sme_owner"})),
    "webhooks:delete": post("/webhooks/{sme}/{webhook}/delete/",
                            only({"sme_owner": to("/webhooks/{sme}/")})),
    # --- Investors: the investor (no persona) and the SME it is interested in ---------------
    "investors:pipelines": get("/investors/", signed_in(200)),  # one's own pipelines
    "investors:browse": get("/investors/smes/", only(STAFF)),
    "investors:interest_create": get("/investors/smes/{sme}/interest/", signed_in(404)),
    "investors:pipeline_detail": get("/investors/pipelines/{pipeline}/", only(SME_SIDE | STAFF)),
    "investors:introduction_answer": post(
        "/investors/pipelines/{pipeline}/introduction/",
        only(SME_SIDE, ok=to("/investors/pipelines/{pipeline}/")), answer="accept"),
    "investors:pipeline_move": post("/investors/pipelines/{pipeline}/move/", signed_in(404),
                                    stage="due_diligence"),
    # --- Landing support: the approved buyer provides a package the SME applied to -----------
    "landing:package_list": get("/landing/", signed_in(200)),
    "landing:package_create": get("/landing/packages/new/", only({"approved_buyer", *STAFF})),
    "landing:package_detail": get("/landing/packages/{package}/", signed_in(200)),
    "landing:package_apply": post("/landing/packages/{package}/apply/", only(
        {"sme_owner", "sme_member", "other_sme"}, ok=to("/landing/packages/{package}/")),
        message="A desk for two engineers from May."),
    "landing:application_decide": post(
        "/landing/applications/{landing_application}/decide/",
        only({"approved_buyer", *STAFF}, ok=to("/landing/packages/{package}/")),
        status="accepted"),
    "landing:my_applications": get("/landing/mine/",
                                   only({"sme_owner", "sme_member", "other_sme"})),
    "landing:providers": get("/landing/providers/", staff_only()),
    # --- Staff's bulk profile import ------------------------------------------------------------
    "companies:profile_import": get("/companies/staff/profile-import/", staff_only()),
    "companies:profile_import_confirm": post(
        "/companies/staff/profile-import/confirm/",
        staff_only(to("/companies/staff/profile-import/"))),
    "companies:profile_import_template": get("/companies/staff/profile-import/template.csv",
                                             staff_only()),
    # --- Admin (its per-model pages are ADMIN_MODEL_PAGES); log-in goes through allauth ---------
    "admin:index": get("/admin/", each(ADMIN_LOGIN, staff=200, admin=200)),
    "admin:login": get("/admin/login/", each(
        403, anonymous=to("/accounts/login/?next=%2Fadmin%2Flogin%2F"), staff=to("/admin/"),
        admin=to("/admin/"))),
    "admin:logout": post("/admin/logout/", each(to("/admin/"), staff=200, admin=200)),
    "admin:password_change": get("/admin/password_change/",
                                 each(ADMIN_LOGIN, staff=200, admin=200)),
    "admin:password_change_done": get("/admin/password_change/done/",
                                      each(ADMIN_LOGIN, staff=200, admin=200)),
    "admin:autocomplete": get("/admin/autocomplete/", each(ADMIN_LOGIN, staff=403, admin=403)),
    "admin:jsi18n": get("/admin/jsi18n/", each(ADMIN_LOGIN, staff=200, admin=200)),
    # No model of ours has an address on the site to send anyone to.
    "admin:view_on_site": get("/admin/r/{profile_type}/{sme_profile}/",
                              each(ADMIN_LOGIN, staff=404, admin=404)),
    # Staff work on missions in the admin; the other apps are the administrator's.
    "admin:app_list": get("/admin/companies/", each(ADMIN_LOGIN, staff=404, admin=200)),
    "admin:auth_user_password_change": get("/admin/companies/user/{sme_owner_id}/password/",
                                           each(ADMIN_LOGIN, staff=403, admin=200)),
    "admin/(?P<url>.*)$": get("/admin/no-such-page/", each(ADMIN_LOGIN, staff=404, admin=404)),
    # --- Uploads: as the profile they belong to --------------------------------------------------
    "media": [
        get("/media/{logo}", each(200)),
        get("/media/{hidden_logo}", each(404, staff=200, admin=200)),  # a draft's logo
    ],
}

# Every registered model's admin pages. Staff keep the missions app; the rest needs an
# administrator.
STAFF_ADMIN_APPS = {"missions"}
ADMIN_MODEL_PAGES = {
    "admin:{app}_{model}_changelist": "/admin/{app}/{model}/",
    "admin:{app}_{model}_add": "/admin/{app}/{model}/add/",
    "admin:{app}_{model}_history": "/admin/{app}/{model}/{pk}/history/",
    "admin:{app}_{model}_delete": "/admin/{app}/{model}/{pk}/delete/",
    "admin:{app}_{model}_change": "/admin/{app}/{model}/{pk}/change/",
    "admin/{app}/{model}/<path:object_id>/": "/admin/{app}/{model}/{pk}/",
}


# Admin pages that differ from the rule: slots come from the agenda, nobody adds one by hand.
ADMIN_EXCEPTIONS = {
    "/admin/missions/slot/add/": each(ADMIN_LOGIN, staff=403, admin=403),
}


def admin_model_expect(app: str, path: str) -> dict[str, object]:
    if path in ADMIN_EXCEPTIONS:
        return ADMIN_EXCEPTIONS[path]
    if path.endswith("/{pk}/"):  # a bare object address sends anyone signed in to its form
        return each(ADMIN_LOGIN, staff=to(path + "change/"), admin=to(path + "change/"))
    return each(ADMIN_LOGIN, staff=200 if app in STAFF_ADMIN_APPS else 403, admin=200)


# --- Which patterns there are ---------------------------------------------------------------


def pattern_keys(patterns=None, namespace: str = "", prefix: str = "") -> list[str]:
    """``namespace:name`` of every pattern under ``patterns`` (the project's by default),
    included ones too; an unnamed pattern by its full route."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    keys = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            keys += pattern_keys(entry.url_patterns, inner, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            if entry.name:
                keys.append(f"{namespace}:{entry.name}" if namespace else entry.name)
            else:
                keys.append(prefix + str(entry.pattern))
    return keys


def admin_model_rows() -> dict[str, tuple[str, Row]]:
    """key → (model label, row with ``{pk}`` in it) for every registered model's pages."""
    rows = {}
    for model in admin.site._registry:
        app, name = model._meta.app_label, model._meta.model_name
        for key, path in ADMIN_MODEL_PAGES.items():
            path = path.replace("{app}", app).replace("{model}", name)
            rows[key.format(app=app, model=name)] = (
                model._meta.label_lower, Row(path, admin_model_expect(app, path)),
            )  # fmt: skip
    return rows


def api_resource_keys(keys) -> set[str]:
    """The REST resources' patterns (the router's names), which the API matrix covers."""
    return {k for k in keys if k.startswith("api:") and "-" in k}


def missing_and_stale(keys) -> tuple[list[str], list[str]]:
    covered = set(ROWS) | set(admin_model_rows()) | api_resource_keys(keys)
    return sorted(set(keys) - covered), sorted(set(ROWS) - set(keys))


# --- Asking every row --------------------------------------------------------------------


def requests_of(world) -> list[tuple[str, Row]]:
    """(key, row with its path filled) for every row and every admin model page."""
    out = []
    for key, rows in ROWS.items():
        for row in rows if isinstance(rows, list) else [rows]:
            out.append((key, row))
    rows = admin_model_rows()
    absent = sorted({label for label, _ in rows.values() if label not in world.admin_objects})
    assert absent == [], "the world needs one object of each model the admin shows"
    for key, (label, row) in rows.items():
        pk = world.admin_objects[label]
        expect = {p: v.replace("{pk}", pk) if isinstance(v, str) else v
                  for p, v in row.expect.items()}  # fmt: skip
        out.append((key, Row(row.path.replace("{pk}", pk), expect)))
    return out


def fill(value, values):
    if isinstance(value, str):
        return value.format(**values)
    if isinstance(value, dict):
        return {k: fill(v, values) for k, v in value.items()}
    return value


def full_path(row: Row, values) -> str:
    path = fill(row.path, values)
    if row.method == "GET" and row.data:
        from urllib.parse import urlencode

        path += "?" + urlencode(fill(row.data, values))
    return path


def notation(answer: Answer, path: str, values) -> object:
    """How the table writes this answer."""
    if answer.status == 302:
        if answer.location == login_url(path):
            return LOGIN
        if answer.location == login_url(path, admin_site=True):
            return ADMIN_LOGIN
        return to(answer.location)
    return answer.status


def matches(expected, answer: Answer, path: str, values) -> bool:
    if isinstance(expected, str) and expected.startswith("->"):
        target = expected[2:]
        if "{next_run}" in target:
            # The run a request creates: PostgreSQL's sequences do not roll back with the
            # rows, so each persona's new run has a larger id than the one before.
            prefix = fill(target.split("{next_run}")[0], values)
            number = answer.location.removeprefix(prefix)
            return (answer.status == 302 and answer.location.startswith(prefix)
                    and number.isdigit() and int(number) >= values["next_run"])
        return answer.status == 302 and answer.location == fill(target, values)
    return notation(answer, path, values) == expected


def leaks(persona: str, answer: Answer) -> list[str]:
    return [m for m in LEAK_MARKERS if m in answer.text and not seen_by(persona, m)]


@pytest.fixture
def world(request, django_capture_on_commit_callbacks, settings):
    import logging

    settings.MEDIA_SENDFILE = ""
    # Two thousand refusals would each log a traceback; the matrix reports what it finds.
    quiet = logging.getLogger("django.request")
    level, quiet.level = quiet.level, logging.CRITICAL
    yield build_world(request.getfixturevalue, django_capture_on_commit_callbacks)
    quiet.level = level


@pytest.mark.django_db
@pytest.mark.slow
@pytest.mark.timeout(900)
def test_each_persona_gets_what_its_row_says(world):
    values = world.values
    wrong, leaked, record, shown = [], [], [], set()
    for key, row in requests_of(world):
        path = full_path(row, values)
        seen = {}
        for persona in ALL_PERSONAS:
            answer = ask(world, persona, row.method, fill(row.path, values), fill(row.data, values))
            seen[persona] = notation(answer, path, values)
            expected = (row.expect or {}).get(persona)
            if not matches(expected, answer, path, values):
                wrong.append(f"{key} {row.method} {path} as {persona}: expected {expected!r}, "
                             f"got {seen[persona]!r} {answer.error}")  # fmt: skip
            leaked += [f"{key} {path} shows {persona} {m!r}" for m in leaks(persona, answer)
                       if m not in row.shows]  # fmt: skip
            shown |= {m for m in LEAK_MARKERS if m in answer.text and seen_by(persona, m)}
        record.append((key, row, seen))
    if os.environ.get("MATRIX_RECORD"):
        _print_record(record)
    # Each marker is on some page of those who may read it, so its absence elsewhere counts.
    assert shown == set(LEAK_MARKERS)
    assert leaked == [], "\n".join(leaked)
    assert wrong == [], "\n".join(wrong)


def _print_record(record) -> None:
    """``MATRIX_RECORD=1 pytest -s``: each row as every persona got it, to check a new row
    against (never to copy without reading)."""
    from collections import Counter

    for key, row, seen in record:
        default = Counter(v for p, v in seen.items() if p != A).most_common(1)[0][0]
        parts = [repr(default)] + [f"{p}={v!r}" for p, v in seen.items() if v != default]
        print(f"@@ {key!r} {row.method} {row.path}: each({', '.join(parts)})")


# --- Every pattern has a row ------------------------------------------------------------


def test_every_url_pattern_has_a_row():
    missing, stale = missing_and_stale(pattern_keys())
    assert missing == [], "URL patterns without a row in ROWS"
    assert stale == [], "rows naming no URL pattern"


def test_a_pattern_without_a_row_or_a_row_without_a_pattern_is_caught():
    from django.urls import path

    missing, stale = missing_and_stale(pattern_keys())
    keys = pattern_keys([*get_resolver().url_patterns, path("new-page/", lambda r: None,
                                                             name="new_page")])  # fmt: skip
    assert missing_and_stale(keys) == (sorted([*missing, "new_page"]), stale)
    keys.remove("matchmaking:kpis")
    assert missing_and_stale(keys) == (sorted([*missing, "new_page"]),
                                       sorted([*stale, "matchmaking:kpis"]))  # fmt: skip


def test_the_api_matrix_covers_every_rest_resource():
    """The REST resources have no row here: the API matrix asks each of them as eight of
    these personas. Each of their patterns must be reached by one of its rows."""
    from django.urls import resolve

    from tests.matchmaking.api.test_permissions import MATRIX

    delegated = api_resource_keys(pattern_keys())
    reached = set()
    for _method, template in MATRIX:
        match = resolve(re.sub(r"\{[^}]+\}", "1", template))
        reached.add(f"{match.namespace}:{match.url_name}")
    assert len(delegated) >= 20
    assert delegated - reached == set()
