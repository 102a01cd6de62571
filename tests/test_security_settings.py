"""Security settings: the secret key, the proxy header, headers and cookies in production.

Settings are read once from the environment, so production values are checked in a fresh
interpreter started with the compose-like environment.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.test import RequestFactory

ROOT = Path(settings.BASE_DIR)
COMPOSE = ROOT / "docker-compose.yml"
# Django's test runner and the developer's shell must not leak into the fresh interpreter.
DROPPED = {
    "DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG", "MAILER_URL", "ALLOWED_HOSTS",
    "BEHIND_PROXY", "DJANGO_ALLOW_ASYNC_UNSAFE", "TESTING",
}
GENERATED_KEY = "Zq3xv8Hk2pLw9Rt7Yb4Nc6Md1Fg5Js0Ua8Ee2Ii4Oo6Kk9Ll3Pp7Ww1Xx5Vv0Hh"
PUBLISHED_KEYS = [
    "change-me-to-a-long-random-string-before-going-live-0123456789",
    "embedded-development-key-not-for-production-use-0123456789abcdef",
]


def compose_environment(**overrides: str) -> dict[str, str]:
    """The web service's environment as compose gives it, with a generated key."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in DROPPED and not key.startswith("PYTEST")
    }
    env.update(
        DEBUG="false",
        SECRET_KEY=GENERATED_KEY,
        ALLOWED_HOSTS="match.example.org",
        CSRF_TRUSTED_ORIGINS="https://match.example.org",
        SITE_URL="https://match.example.org",
        DATABASE_URL="postgres://matchmaking:matchmaking@postgres:5432/matchmaking",
        REDIS_URL="redis://redis:6379/0",
        MAILER_URL="smtp://mailpit:1025",
        DJANGO_SETTINGS_MODULE="matchmaking.settings",
    )
    env.update(overrides)
    return env


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def production_settings(*names: str, **overrides: str) -> dict:
    code = (
        "import json, django; django.setup(); from django.conf import settings as s;"
        f"print(json.dumps({{n: getattr(s, n) for n in {list(names)!r}}}, default=str))"
    )
    result = run(["-c", code], compose_environment(**overrides))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- Finding 1: no published SECRET_KEY, no trusted proxy header without a proxy ---------


def test_compose_requires_a_secret_key_and_has_no_fallback():
    spec = yaml.safe_load(COMPOSE.read_text())
    for name in ("web", "worker", "beat"):
        value = spec["services"][name]["environment"]["SECRET_KEY"]
        assert value.startswith("${SECRET_KEY:?"), value
    text = COMPOSE.read_text()
    assert not [key for key in PUBLISHED_KEYS if key in text]
    assert "${SECRET_KEY:-" not in text


@pytest.mark.parametrize("key", PUBLISHED_KEYS + ["django-insecure-" + "x" * 50])
def test_check_deploy_fails_on_a_published_or_development_key(key):
    result = run(["manage.py", "check", "--deploy"], compose_environment(SECRET_KEY=key))
    assert result.returncode == 1
    assert "(companies.E001) SECRET_KEY is a published or development key" in result.stderr


def test_published_key_check_is_silent_while_debugging(settings):
    from companies.checks import check_secret_key_not_published

    settings.DEBUG = True
    settings.SECRET_KEY = PUBLISHED_KEYS[1]
    assert check_secret_key_not_published() == []
    settings.DEBUG = False
    assert [error.id for error in check_secret_key_not_published()] == ["companies.E001"]
    settings.SECRET_KEY = GENERATED_KEY
    assert check_secret_key_not_published() == []


def test_forwarded_proto_is_not_trusted_without_a_proxy():
    assert settings.SECURE_PROXY_SSL_HEADER is None
    request = RequestFactory().get("/", HTTP_X_FORWARDED_PROTO="https")
    assert request.is_secure() is False
    assert production_settings("SECURE_PROXY_SSL_HEADER") == {"SECURE_PROXY_SSL_HEADER": None}
    assert production_settings("SECURE_PROXY_SSL_HEADER", BEHIND_PROXY="true") == {
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"]
    }


# --- Finding 10: CSP without inline scripts, Permissions-Policy, cookies, HSTS, referrer ---

TEMPLATE_DIRS = [ROOT / "templates", ROOT / "companies" / "templates", ROOT / "missions" / "templates"]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)


def test_templates_have_no_inline_scripts_or_event_handlers():
    offenders = []
    for folder in TEMPLATE_DIRS:
        for path in sorted(folder.rglob("*.html")):
            text = path.read_text()
            for pattern in (INLINE_SCRIPT, INLINE_HANDLER):
                offenders += [f"{path.relative_to(ROOT)}: {m.group(0)}" for m in pattern.finditer(text)]
    assert offenders == []


@pytest.mark.django_db
def test_pages_send_a_script_tight_csp_and_a_permissions_policy(client):
    for url in ("/", "/companies/", "/accounts/login/"):
        response = client.get(url)
        policy = dict(
            part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
        )
        assert policy["script-src"] == "'self'", url
        assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
        assert policy["default-src"] == "'self'"
        assert "camera=()" in response["Permissions-Policy"], url
        assert "geolocation=()" in response["Permissions-Policy"], url


def test_production_cookies_hsts_and_referrer_policy():
    values = production_settings(
        "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "LANGUAGE_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_REFERRER_POLICY",
    )
    assert values == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "LANGUAGE_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_REFERRER_POLICY": "strict-origin-when-cross-origin",
    }


def test_production_responses_carry_the_headers_and_secure_cookies(tmp_path):
    """A real request through the whole middleware stack with the compose settings."""
    code = (
        "import json, django; django.setup();"
        "from django.test import Client;"
        "r = Client(HTTP_HOST='match.example.org').get('/accounts/login/', secure=True);"
        "c = r.cookies['csrftoken'];"
        "print(json.dumps({'status': r.status_code,"
        " 'hsts': r.get('Strict-Transport-Security'), 'referrer': r.get('Referrer-Policy'),"
        " 'csp': r.get('Content-Security-Policy', ''), 'pp': r.get('Permissions-Policy', ''),"
        " 'csrf_secure': bool(c['secure'])}))"
    )
    result = run(
        ["-c", code],
        # TESTING only swaps the hashed static-files manifest (not built here) for plain files.
        compose_environment(
            DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", REDIS_URL="", TESTING="true"
        ),
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["status"] == 200
    assert values["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert values["referrer"] == "strict-origin-when-cross-origin"
    assert "script-src 'self';" in values["csp"] + ";"
    assert "microphone=()" in values["pp"]
    assert values["csrf_secure"] is True


def test_check_deploy_is_clean_with_the_compose_environment():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], compose_environment()
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
