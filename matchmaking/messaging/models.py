"""A message thread per match (SME × demand project) and its messages."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from companies.models import Organisation
from missions.models import DemandProject

MESSAGE_MAX_LENGTH = 4000


class MessageThread(models.Model):
    """The conversation between an SME and the buyer of one demand project."""

    sme = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    demand = models.ForeignKey(DemandProject, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    last_message_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("message thread")
        verbose_name_plural = _("message threads")
        constraints = [
            models.UniqueConstraint(fields=["sme", "demand"], name="message_thread_one_per_match")
        ]

    def __str__(self) -> str:
        return f"{self.sme_id} ↔ demand {self.demand_id}"


class Message(models.Model):
    thread = models.ForeignKey(MessageThread, on_delete=models.CASCADE, related_name="messages")
    author_organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("message"), max_length=MESSAGE_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.thread_id}: {self.body[:40]}"
