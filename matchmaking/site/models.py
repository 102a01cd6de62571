"""The worker heartbeat the operators (and /readyz) watch."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """A row written by a Celery worker, so operators (and /readyz) see workers are alive."""

    hostname = models.CharField(_("worker"), max_length=200)
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")
        ordering = ["-recorded_at"]

    def __str__(self) -> str:
        return f"{self.hostname} {self.recorded_at:%Y-%m-%d %H:%M:%S}"
