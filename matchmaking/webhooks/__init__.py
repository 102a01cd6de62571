"""Webhooks: organisations register URLs for events; signed deliveries go out through an
outbox table, sent by Celery with retries and back-off."""
