"""Findings of the security probe in companies: each test failed on the code before its fix.

Sign-up through an invitation with another address, organisations only after the address
is verified, invitation flooding, staff TOTP enrolment, and who may download uploads.
"""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from companies import services
from companies.models import Invitation, Membership, Organisation, User

from ..fixtures import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def _invitation_link(organisation: Organisation, inviter: User, email: str) -> str:
    invitation = services.invitation_create(
        organisation=organisation, email=email, role=Membership.Role.MEMBER, invited_by=inviter
    )
    return reverse("companies:invitation_accept", args=[services.invitation_token(invitation)])


# --- Finding 2: sign-up after opening an invitation, with another address -----------------


def test_signup_with_another_address_than_the_invited_one_is_refused_and_writes_nothing(
    sme_org, sme_owner
):
    client = Client()
    link = _invitation_link(sme_org, sme_owner, "colleague@nordic-heat.example.com")
    assert client.get(link).status_code == 200
    users_before = User.objects.count()

    response = client.post(
        reverse("account_signup"),
        {
            "full_name": "Someone Else",
            "email": "someone.else@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["email"] == [
        "This invitation to Nordic Heat Solutions is for colleague@nordic-heat.example.com. "
        "Sign up with that address, or open the invitation again and choose to register "
        "your own organisation."
    ]
    assert User.objects.count() == users_before
    assert not User.objects.filter(email="someone.else@example.org").exists()
    assert Organisation.objects.count() == 1
    assert Invitation.objects.get().accepted_at is None


def test_declining_an_invitation_gives_the_full_signup_form(sme_org, sme_owner):
    client = Client()
    link = _invitation_link(sme_org, sme_owner, "colleague@nordic-heat.example.com")
    client.get(link)
    response = client.get(link + "?decline=1")
    assert response["Location"] == reverse("account_signup")
    form = client.get(reverse("account_signup")).context["form"]
    assert {"kind", "organisation_name", "country"} <= set(form.fields)


def test_signup_with_the_invited_address_joins_the_organisation(sme_org, sme_owner):
    client = Client()
    link = _invitation_link(sme_org, sme_owner, "colleague@nordic-heat.example.com")
    client.get(link)
    response = client.post(
        reverse("account_signup"),
        {
            "full_name": "Cora Colleague",
            "email": "Colleague@nordic-heat.example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="colleague@nordic-heat.example.com")
    assert list(user.memberships.values_list("organisation__slug", "role")) == [
        ("nordic-heat", "member")
    ]
    assert Organisation.objects.count() == 1
