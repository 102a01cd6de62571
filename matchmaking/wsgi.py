"""WSGI entry point (gunicorn in production)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "matchmaking.settings")
# Web requests repeat the same small queries: prepare them (see DATABASES in settings).
os.environ.setdefault("DATABASE_SERVER_SIDE_BINDING", "true")

application = get_wsgi_application()
