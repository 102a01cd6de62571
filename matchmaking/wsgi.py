"""WSGI entry point (gunicorn in production)."""

import gc
import os

from django.core.signals import request_finished
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "matchmaking.settings")
# Web requests repeat the same small queries: prepare them (see DATABASES in settings).
os.environ.setdefault("DATABASE_SERVER_SIDE_BINDING", "true")

application = get_wsgi_application()

# A worker's first requests load what it keeps until it exits: modules imported where they
# are used, compiled templates, translation catalogues, the URL resolver. The garbage
# collector's full passes walk all of it: on the match lists one request in about forty
# paid a pass of 70-80 ms. Once those requests are served, what the worker holds is moved
# out of the collector's way (gc.freeze); later passes walk only what came after.
SETTLE_AFTER_REQUESTS = 50


def _settle_after(requests: int):
    served = 0

    def settle(**_kwargs) -> None:
        nonlocal served
        served += 1
        if served == requests:
            gc.collect()
            gc.freeze()
            request_finished.disconnect(settle)

    return settle


request_finished.connect(_settle_after(SETTLE_AFTER_REQUESTS), weak=False)
