"""/healthz answers without dependencies; /readyz names what is down."""

import shutil
import signal
import socket
import subprocess
import time

import pytest
from django.db import connection

from tests.workers import celery_worker, wait_for


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


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_readyz_follows_a_real_redis_and_worker(client, settings, tmp_path):
    """Our own Redis server and a real worker: 200 while Redis runs, 503 naming it when stopped."""
    redis_server = shutil.which("redis-server")
    assert redis_server, "redis-server is needed for this test"
    port = free_port()
    url = f"redis://127.0.0.1:{port}/0"
    process = subprocess.Popen(
        [
            redis_server,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert wait_for(lambda: _redis_up(port), timeout=10)
        settings.REDIS_URL = url
        settings.CELERY_BROKER_URL = url
        settings.CELERY_TASK_ALWAYS_EAGER = False
        settings.READYZ_TOKEN = "probe"
        client.defaults["HTTP_X_READYZ_TOKEN"] = "probe"
        with celery_worker(redis_url=url) as worker:
            settings.CELERY_TASK_DEFAULT_QUEUE = worker.queue
            ready = wait_for(lambda: client.get("/readyz").status_code == 200, timeout=20)
            assert ready, client.get("/readyz").json()
            assert client.get("/readyz").json()["down"] == []
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=10)
            response = client.get("/readyz")
            assert response.status_code == 503
            assert response.json()["down"][0] == "redis"
    finally:
        if process.poll() is None:
            process.kill()


def _redis_up(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), 0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        time.sleep(0.1)
        return False
