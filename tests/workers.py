"""Start and stop a real Celery worker process for integration tests."""

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)


@dataclass
class WorkerProcess:
    process: subprocess.Popen
    queue: str
    log_path: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 20.0) -> None:
        """Stop the worker by its pid (SIGKILL after ``timeout`` seconds)."""
        if self.process.poll() is None:
            os.kill(self.pid, sig)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.kill(self.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


def database_url_of_test_database() -> str:
    """A DATABASE_URL for the database this test run uses (pytest-django's test_ copy)."""
    db = connection.settings_dict
    if connection.vendor != "postgresql":
        raise RuntimeError("a worker process needs a shared database server (PostgreSQL)")
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


@contextmanager
def celery_worker(
    *,
    redis_url: str | None = None,
    concurrency: int = 1,
    extra_env: dict[str, str] | None = None,
    wait_ready: float = 60.0,
) -> Iterator[WorkerProcess]:
    """Run ``celery worker`` on a private queue against the test database; yield it ready.

    Send work to it with ``app.send_task(name, kwargs=..., queue=worker.queue)``.
    """
    queue = f"test-{uuid.uuid4().hex[:10]}"
    log_path = ROOT / "var" / "test-artifacts" / f"worker-{queue}.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTEST", "DJANGO_SETTINGS"))
    }
    env.update(
        {
            "DATABASE_URL": database_url_of_test_database(),
            "REDIS_URL": redis_url or settings.REDIS_URL,
            "DJANGO_SETTINGS_MODULE": "matchmaking.settings",
            "TESTING": "false",
            "CELERY_TASK_ALWAYS_EAGER": "false",
            **(extra_env or {}),
        }
    )
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "matchmaking",
        "worker",
        "-Q",
        queue,
        "-n",
        f"{queue}@%h",
        "--concurrency",
        str(concurrency),
        "--pool",
        "prefork",
        "--without-mingle",
        "--without-gossip",
        "--loglevel",
        "INFO",
    ]
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT
        )
        worker = WorkerProcess(process=process, queue=queue, log_path=log_path)
        try:
            deadline = time.monotonic() + wait_ready
            while "ready." not in worker.log():
                if process.poll() is not None:
                    raise RuntimeError(f"worker exited early:\n{worker.log()}")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"worker not ready after {wait_ready}s:\n{worker.log()}")
                time.sleep(0.2)
            yield worker
        finally:
            worker.stop()


def wait_for(predicate, *, timeout: float = 30.0, interval: float = 0.2):
    """Poll ``predicate`` until it returns something truthy; returns it (or the last value)."""
    deadline = time.monotonic() + timeout
    value = predicate()
    while not value and time.monotonic() < deadline:
        time.sleep(interval)
        value = predicate()
    return value


@dataclass
class RedisServer:
    """A redis-server of the test's own, on a free port, with its data in ``directory``.

    It keeps Redis's default snapshot rules, as a production server does: stopped with
    SIGTERM it writes its data, and started again it reads them back.
    """

    port: int
    directory: Path
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def answers(self) -> bool:
        import socket

        try:
            with socket.create_connection(("127.0.0.1", self.port), 0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def start(self) -> None:
        import shutil

        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is not installed")
        self.process = subprocess.Popen(
            [
                binary,
                "--port", str(self.port),
                "--bind", "127.0.0.1",
                "--dir", str(self.directory),
                "--logfile", str(self.directory / "redis.log"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if not wait_for(self.answers, timeout=15, interval=0.05):
            raise RuntimeError(f"redis-server on port {self.port} did not answer")

    def stop(self, timeout: float = 15.0) -> None:
        """SIGTERM (Redis saves its data), SIGKILL if it does not exit in time."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def redis_server(directory: Path) -> Iterator[RedisServer]:
    """Run our own redis-server (never the machine's) for the duration of the block."""
    server = RedisServer(port=free_port(), directory=directory)
    server.start()
    try:
        yield server
    finally:
        server.stop()
