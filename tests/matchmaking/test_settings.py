"""Settings come from the environment; defaults are the embedded setup."""

import json
import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from matchmaking.settings import mailers_from_url

ROOT = settings.BASE_DIR


def run_python(code: str, **env_overrides: str) -> subprocess.CompletedProcess:
    """Run ``code`` in a fresh interpreter with a clean, controlled environment."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DATABASE_URL",
            "REDIS_URL",
            "SECRET_KEY",
            "DEBUG",
            "MAILER_URL",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
        and not key.startswith("PYTEST")
    }
    env.update(env_overrides)
    env["DJANGO_SETTINGS_MODULE"] = "matchmaking.settings"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_embedded_defaults_use_sqlite_inline_tasks_and_console_mail():
    result = run_python(
        "import json, django; django.setup(); from django.conf import settings as s;"
        "print(json.dumps({'engine': s.DATABASES['default']['ENGINE'],"
        " 'name': str(s.DATABASES['default']['NAME']),"
        " 'eager': s.CELERY_TASK_ALWAYS_EAGER, 'mailer': s.MAILERS['default']['BACKEND'],"
        " 'cache': s.CACHES['default']['BACKEND'], 'debug': s.DEBUG}))"
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values == {
        "engine": "django.db.backends.sqlite3",
        "name": str(ROOT / "var" / "db.sqlite3"),
        "eager": True,
        "mailer": "django.core.mail.backends.console.EmailBackend",
        "cache": "django.core.cache.backends.locmem.LocMemCache",
        "debug": True,
    }
    # Exactly one log line says that tasks run inline.
    assert result.stderr.count("Celery tasks run inline") == 1


def test_production_variables_switch_database_broker_cache_and_mail():
    result = run_python(
        "import json, django; django.setup(); from django.conf import settings as s;"
        "print(json.dumps({'engine': s.DATABASES['default']['ENGINE'],"
        " 'host': s.DATABASES['default']['HOST'], 'eager': s.CELERY_TASK_ALWAYS_EAGER,"
        " 'broker': s.CELERY_BROKER_URL, 'cache': s.CACHES['default']['BACKEND'],"
        " 'mail': s.MAILERS['default']['OPTIONS']['host'], 'hosts': s.ALLOWED_HOSTS}))",
        DEBUG="false",
        SECRET_KEY="x" * 60,
        DATABASE_URL="postgres://u:p@db.internal:5432/platform",
        REDIS_URL="redis://cache.internal:6379/1",
        MAILER_URL="smtp+tls://mailer:secret@smtp.internal:587",
        ALLOWED_HOSTS="match.example.org",
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values == {
        "engine": "django.db.backends.postgresql",
        "host": "db.internal",
        "eager": False,
        "broker": "redis://cache.internal:6379/1",
        "cache": "django.core.cache.backends.redis.RedisCache",
        "mail": "smtp.internal",
        "hosts": ["match.example.org"],
    }
    assert "run inline" not in result.stderr


def test_debug_off_without_secret_key_fails_with_a_clear_message():
    result = run_python("import django; django.setup()", DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
    assert "set the SECRET_KEY environment variable" in result.stderr


def test_check_deploy_with_production_variables_reports_no_warnings():
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
        and not key.startswith("PYTEST")
    }
    env.update(
        DEBUG="false",
        SECRET_KEY="a-very-long-production-secret-key-with-enough-entropy-9f8e7d6c5b4a3",
        ALLOWED_HOSTS="match.example.org",
        MAILER_URL="smtps://mailer:secret@smtp.example.org:465",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("console://", {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}),
        ("locmem://", {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}),
        (
            "smtp://relay.example.org",
            {
                "default": {
                    "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                    "OPTIONS": {
                        "host": "relay.example.org",
                        "port": 25,
                        "use_tls": False,
                        "use_ssl": False,
                        "timeout": 30,
                    },
                }
            },
        ),
        (
            "smtps://me%40example.org:p%40ss@smtp.example.org?timeout=5",
            {
                "default": {
                    "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                    "OPTIONS": {
                        "host": "smtp.example.org",
                        "port": 465,
                        "use_tls": False,
                        "use_ssl": True,
                        "timeout": 5,
                        "username": "me@example.org",
                        "password": "p@ss",
                    },
                }
            },
        ),
    ],
)
def test_mailer_url_becomes_mailers(url, expected):
    assert mailers_from_url(url) == expected


def test_unknown_mailer_scheme_is_refused():
    with pytest.raises(ImproperlyConfigured, match="MAILER_URL scheme 'pop3'"):
        mailers_from_url("pop3://mail.example.org")


def test_no_old_email_settings_next_to_mailers():
    """Django 6.1 refuses EMAIL_* settings next to MAILERS; the module defines none."""
    source = (ROOT / "matchmaking" / "settings.py").read_text()
    assert re.findall(r"^EMAIL_\w+\s*=", source, flags=re.MULTILINE) == []
    assert settings.MAILERS["default"]["BACKEND"].endswith("EmailBackend")
