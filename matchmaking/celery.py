"""The Celery application.

Configuration lives in Django settings under the ``CELERY_`` prefix, so the embedded setup
(no broker, tasks run inline) and production (Redis) differ only by environment variables.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "matchmaking.settings")

app = Celery("matchmaking")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
