"""The intelligence area queues no Celery work: briefs and readiness are saved and read in
the request. The module is here so every area has the same shape."""

TASK_NAMES: tuple[str, ...] = ()
