"""/healthz answers without dependencies; /readyz tells the public its status alone and
staff or a probe with the token what is down (tests/matchmaking/test_faults.py follows a
real Redis and worker going away and coming back)."""

import socket

import pytest
from django.db import connection


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_healthz_answers_without_touching_the_database(db, client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_embedded_setup_is_ready_and_tells_the_public_the_status_alone(client, settings):
    settings.REDIS_URL = ""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def _redis_down(settings) -> str:
    dead = f"redis://127.0.0.1:{free_port()}/0"
    settings.REDIS_URL = dead
    settings.CELERY_BROKER_URL = dead
    settings.CELERY_TASK_ALWAYS_EAGER = False
    return dead


@pytest.mark.django_db
def test_readyz_tells_the_public_only_that_it_is_unavailable(client, settings, sme_owner):
    dead = _redis_down(settings)
    port = dead.rsplit(":", 1)[1].split("/")[0]
    for caller in ("anonymous", "sme_owner", "wrong token"):
        if caller == "sme_owner":
            client.force_login(sme_owner)
        settings.READYZ_TOKEN = "probe-secret-1"
        headers = {"X-Readyz-Token": "probe-secret-2"} if caller == "wrong token" else {}
        response = client.get("/readyz", headers=headers)
        assert response.status_code == 503
        assert response.json() == {"status": "unavailable"}, caller
        assert port not in response.content.decode()
        assert "redis" not in response.content.decode().lower()


@pytest.mark.django_db
def test_readyz_names_what_is_down_to_staff(staff_client, settings):
    _redis_down(settings)
    response = staff_client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["down"] == ["redis", "celery"]
    assert body["checks"]["database"] == {"ok": True, "detail": connection.vendor}
    assert body["checks"]["redis"]["ok"] is False
    assert "Connection refused" in body["checks"]["redis"]["detail"]
    assert body["checks"]["celery"] == {"ok": False, "detail": "broker (redis) is down"}


@pytest.mark.django_db
def test_readyz_details_need_staff_with_their_authenticator(client, settings):
    from tests.factories import StaffFactory

    _redis_down(settings)
    client.force_login(StaffFactory(totp=False))
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}


@pytest.mark.django_db
def test_readyz_names_what_is_down_to_a_probe_with_the_token(client, settings):
    _redis_down(settings)
    settings.READYZ_TOKEN = "probe-secret-1"
    response = client.get("/readyz", headers={"X-Readyz-Token": "probe-secret-1"})
    assert response.status_code == 503
    assert response.json()["down"] == ["redis", "celery"]
    settings.READYZ_TOKEN = ""
    response = client.get("/readyz", headers={"X-Readyz-Token": ""})
    assert response.json() == {"status": "unavailable"}
