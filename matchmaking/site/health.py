"""Readiness checks of the services the platform depends on."""

from dataclasses import dataclass

from django.conf import settings
from django.db import connection


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def check_database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any failure means "not ready"; the message says which
        return Check("database", False, str(error)[:200])
    return Check("database", True, connection.vendor)


def check_redis() -> Check:
    if not settings.REDIS_URL:
        return Check("redis", True, "not configured (embedded setup)")
    import redis

    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1
        )
        client.ping()
    except Exception as error:
        return Check("redis", False, str(error)[:200])
    return Check("redis", True, "ping ok")


def check_celery() -> Check:
    """Some worker answers and consumes the default queue (where unrouted work goes)."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return Check("celery", True, "tasks run inline (no broker)")
    from celery import Celery

    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    # A throwaway app: the probe must not leave connections in the real app's pools.
    probe = Celery("readyz", broker=settings.CELERY_BROKER_URL, set_as_current=False)
    try:
        replies = probe.control.inspect(timeout=1.0).active_queues() or {}
    except Exception as error:
        return Check("celery", False, str(error)[:200])
    finally:
        probe.close()
    if not replies:
        return Check("celery", False, "no worker answered")
    consumers = [
        worker
        for worker, queues in replies.items()
        if any(q.get("name") == queue for q in queues or ())
    ]
    if not consumers:
        return Check(
            "celery", False, f"{len(replies)} worker(s), none consumes the queue {queue!r}"
        )
    return Check("celery", True, f"{len(consumers)} worker(s) on the queue {queue!r}")


def readiness() -> list[Check]:
    """Database, Redis and a Celery ping; Celery is not pinged when Redis is down."""
    checks = [check_database(), check_redis()]
    if checks[1].ok:
        checks.append(check_celery())
    else:
        checks.append(Check("celery", False, "broker (redis) is down"))
    return checks
