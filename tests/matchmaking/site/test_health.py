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
def test_readyz_embedded_setup_is_ready(client, settings):
    settings.REDIS_URL = ""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["down"] == []
    assert body["checks"]["database"] == {"ok": True, "detail": connection.vendor}


@pytest.mark.django_db
def test_readyz_names_redis_when_nothing_listens(client, settings):
    dead = f"redis://127.0.0.1:{free_port()}/0"
    settings.REDIS_URL = dead
    settings.CELERY_BROKER_URL = dead
    settings.CELERY_TASK_ALWAYS_EAGER = False
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["down"] == ["redis", "celery"]
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["celery"]["detail"] == "broker (redis) is down"


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
        with celery_worker(redis_url=url):
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
