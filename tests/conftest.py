"""Shared fixtures: which real services this run has, and the browser.

Tests run on PostgreSQL and Redis when ``DATABASE_URL`` / ``REDIS_URL`` are set and on
SQLite with inline tasks otherwise. Tests marked ``services`` need both; they are skipped
without them, unless ``REQUIRE_SERVICES=1``, which turns a missing service (or a missing
browser) into a failure.
"""

import os
import shutil
import socket
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings

pytest_plugins = ["tests.fixtures"]

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(settings.BASE_DIR) / "var" / "test-artifacts"

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _port_open(url: str, default_port: int) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection(
            (parts.hostname or "127.0.0.1", parts.port or default_port), 1
        ):
            return True
    except OSError:
        return False


def services_status() -> tuple[bool, str]:
    """Whether PostgreSQL and Redis are configured and answering, and why not."""
    if not settings.USING_POSTGRES:
        return False, "DATABASE_URL does not point to PostgreSQL"
    if not settings.REDIS_URL:
        return False, "REDIS_URL is not set"
    if not _port_open(settings.REDIS_URL, 6379):
        return False, f"Redis at {settings.REDIS_URL} does not answer"
    return True, ""


def pytest_report_header(config) -> list[str]:
    database = settings.DATABASES["default"]
    ok, why = services_status()
    return [
        f"database: {database['ENGINE'].rsplit('.', 1)[-1]} ({database.get('HOST') or database['NAME']})",
        f"redis: {settings.REDIS_URL or 'not configured'}; celery inline: "
        f"{settings.CELERY_TASK_ALWAYS_EAGER}",
        f"services tests: {'run' if ok else 'skipped: ' + why}; REQUIRE_SERVICES={REQUIRE_SERVICES}",
        f"browser: {CHROMIUM if Path(CHROMIUM).exists() else 'none'}",
    ]


def pytest_sessionstart(session) -> None:
    if REQUIRE_SERVICES:
        ok, why = services_status()
        if not ok:
            raise pytest.UsageError(f"REQUIRE_SERVICES=1 but services are missing: {why}")
        if not Path(CHROMIUM).exists():
            raise pytest.UsageError(f"REQUIRE_SERVICES=1 but no Chromium at {CHROMIUM}")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items) -> None:
    # The fault tests run last: they point this process's Celery app at Redis servers of
    # their own, which they stop, and kombu keeps some of what it bound to them.
    items.sort(key=lambda item: item.nodeid.startswith("tests/matchmaking/test_faults.py"))
    ok, why = services_status()
    has_browser = Path(CHROMIUM).exists()
    for item in items:
        if "services" in item.keywords and not ok:
            item.add_marker(pytest.mark.skip(reason=f"needs PostgreSQL and Redis: {why}"))
        if "browser" in item.keywords and not has_browser:
            item.add_marker(pytest.mark.skip(reason=f"no Chromium at {CHROMIUM}"))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def artifacts_dir() -> Path:
    """Where browser tests leave screenshots for people to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a page rendered in Chinese by one test
    must not leave Chinese active for the messages another test reads."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _celery_may_wait_for_results():
    """Each test starts outside any task. Celery marks "inside a task" in one flag for the
    whole process while an eager task runs, and restores it without a lock: eager tasks in
    the concurrency tests' threads can leave it set, and a later ``result.get()`` then
    refuses to wait ("Never call result.get() within a task")."""
    from celery.result import _set_task_join_will_block

    _set_task_join_will_block(False)
    yield


@pytest.fixture(autouse=True)
def _no_cached_lists():
    """Each test reads the clusters and briefs of its own database: a rolled-back test
    deletes its rows without the signals that forget the cached lists."""
    from django.core.cache import cache

    from companies.filters import CLUSTERS_KEY
    from matchmaking.intelligence.selectors import BRIEF_LINKS_KEY

    cache.delete_many([CLUSTERS_KEY, BRIEF_LINKS_KEY])


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploads of a test go to its own folder, so no test leaves files behind."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="session", autouse=True)
def _celery_configured_from_real_settings():
    """Load the Celery app's configuration once, from the run's real settings.

    Celery reads Django settings lazily and then keeps them; without this, a test that
    overrides CELERY_BROKER_URL could become the app's configuration for the whole run.
    """
    from matchmaking.celery import app

    assert app.conf.broker_url == settings.CELERY_BROKER_URL
    yield


_SESSION_STARTED = __import__("time").time()


def pytest_terminal_summary(terminalreporter) -> None:
    """Show the matching evaluation figures that this run measured (tests/matchmaking)."""
    import json

    path = Path(settings.BASE_DIR) / "var" / "eval" / "matching.json"
    if not path.exists() or path.stat().st_mtime < _SESSION_STARTED:
        return
    figures = json.loads(path.read_text())
    terminalreporter.write_sep("-", "matching evaluation (labelled set)")
    terminalreporter.write_line(
        f"nDCG@10 = {figures['ndcg_at_10']:.4f}   precision@5 = {figures['precision_at_5']:.4f}"
        f"   ({figures['smes']} SMEs, {figures['demands']} demand projects,"
        f" algorithm {figures['algorithm_version']})"
    )
    names = {"english": "English demands", "chinese": "Chinese-only demands", "heldout": "held-out"}
    for part, label in names.items():
        if part in figures.get("parts", {}):
            p = figures["parts"][part]
            terminalreporter.write_line(
                f"  {label:22s} nDCG@10 = {p['ndcg_at_10']:.4f}   precision@5 = "
                f"{p['precision_at_5']:.4f}   nDCG@25 = {p['ndcg_at_25']:.4f}   "
                f"({p['demands']} demands)"
            )
