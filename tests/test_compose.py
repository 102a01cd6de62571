"""docker-compose.yml describes the production-like stack users start with `make up`."""

from pathlib import Path

import yaml
from django.conf import settings

COMPOSE = Path(settings.BASE_DIR) / "docker-compose.yml"


def test_compose_has_every_service_with_a_health_check():
    spec = yaml.safe_load(COMPOSE.read_text())
    services = spec["services"]
    assert set(services) == {"web", "worker", "beat", "postgres", "redis", "mailpit"}
    for name, service in services.items():
        assert service["healthcheck"]["test"], name
    assert "gunicorn" in services["web"]["command"]
    assert services["worker"]["command"].startswith("celery -A matchmaking worker")
    assert services["beat"]["command"].startswith("celery -A matchmaking beat")


def test_app_services_are_configured_by_environment_only():
    spec = yaml.safe_load(COMPOSE.read_text())
    for name in ("web", "worker", "beat"):
        environment = spec["services"][name]["environment"]
        assert environment["DEBUG"] == "false"
        assert environment["DATABASE_URL"].startswith("postgres://")
        assert environment["REDIS_URL"] == "redis://redis:6379/0"
        assert environment["MAILER_URL"] == "smtp://mailpit:1025"
        # Django 6.1 refuses old EMAIL_* settings next to MAILERS.
        assert not [key for key in environment if key.startswith("EMAIL_")]
        assert spec["services"][name]["depends_on"]["postgres"]["condition"] == "service_healthy"
