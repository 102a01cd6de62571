"""Every demo log-in starts with a filled agenda, open requests and an unread notification."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from companies.models import User

pytestmark = pytest.mark.django_db

LOGINS = {
    "sme@demo.example.org": "sme",
    "sme-colleague@demo.example.org": "sme",
    "buyer@demo.example.org": "buyer",
    "buyer-us@demo.example.org": "buyer",
}


def test_every_demo_login_has_an_agenda_requests_and_a_notification():
    call_command("seed_demo", "--seed", "7", stdout=StringIO())
    call_command("seed_demo", "--seed", "7", stdout=StringIO())  # idempotent
    for email in [*LOGINS, "staff@demo.example.org"]:
        user = User.objects.get(email=email)
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        assert client.get(reverse("matchmaking:notifications")).context[
            "unread_notifications"
        ] == 1, email
        if email == "staff@demo.example.org":
            continue
        agenda = client.get(reverse("matchmaking:my_agenda")).context
        open_requests = len(agenda["received"]) + len(agenda["sent"])
        if email != "buyer-us@demo.example.org":
            assert len(agenda["meetings"]) >= 1, email
        assert open_requests >= 1, email
