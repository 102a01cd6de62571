"""Accounts: sign-up as SME or buyer, e-mail verification, log-in, password reset, rate
limits, staff TOTP, the admin log-in, preferences."""

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from companies import services
from companies.models import CompanyProfile, Organisation, User

from ..factories import PASSWORD, StaffFactory, UserFactory
from ..fixtures import _client_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def _signup(client: Client, **overrides):
    data = {
        "kind": "sme",
        "organisation_name": "Graz Solar GmbH",
        "country": "AT",
        "full_name": "Franz Huber",
        "email": "franz@graz-solar.example.com",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **overrides,
    }
    return client.post(reverse("account_signup"), data)


def test_sme_signup_creates_owner_organisation_and_draft_profile_once_verified():
    client = Client()
    response = _signup(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert not Organisation.objects.exists()  # only once the address is verified
    link = re.search(r"https?://\S+(/accounts/confirm-email/\S+)", mail.outbox[0].body).group(1)
    Client().post(link)
    user = User.objects.get(email="franz@graz-solar.example.com")
    assert (user.full_name, user.is_staff, user.role) == ("Franz Huber", False, "sme")
    organisation = Organisation.objects.get()
    assert (organisation.name, organisation.slug, organisation.kind, organisation.country.code) == (
        "Graz Solar GmbH", "graz-solar-gmbh", "sme", "AT"
    )
    assert list(organisation.memberships.values_list("user__email", "role")) == [
        ("franz@graz-solar.example.com", "owner")
    ]
    assert organisation.profile.status == CompanyProfile.Status.DRAFT
    assert EmailAddress.objects.get(user=user).verified is True
    assert [m.to for m in mail.outbox] == [["franz@graz-solar.example.com"]]


def test_signup_sends_verification_and_does_not_sign_in():
    client = Client()
    _signup(client)
    assert EmailAddress.objects.get().verified is False
    assert [m.to for m in mail.outbox] == [["franz@graz-solar.example.com"]]
    assert client.get(reverse("companies:my_organisation")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_buyer_signup_creates_unapproved_buyer_without_profile():
    _signup(Client(), kind="buyer", organisation_name="Nanjing Utilities", country="CN",
            email="li@nanjing.example.cn")
    link = re.search(r"https?://\S+(/accounts/confirm-email/\S+)", mail.outbox[0].body).group(1)
    Client().post(link)
    organisation = Organisation.objects.get()
    assert (organisation.kind, organisation.buyer_approved) == ("buyer", False)
    assert not CompanyProfile.objects.exists()
    assert User.objects.get().role == "buyer"


def test_signup_cannot_make_staff_or_clusters():
    response = _signup(Client(), kind="cluster", is_staff="on")
    assert response.status_code == 200
    assert "kind" in response.context["form"].errors
    assert not User.objects.exists() and not Organisation.objects.exists()


def test_verification_link_verifies_and_signs_in():
    client = Client()
    _signup(client)
    link = re.search(r"https?://\S+(/accounts/confirm-email/\S+)", mail.outbox[0].body).group(1)
    assert client.get(link).status_code == 200
    response = client.post(link)
    assert response.status_code == 302
    assert EmailAddress.objects.get().verified is True
    response = client.get(reverse("companies:my_organisation"))
    assert response["Location"] == reverse("companies:organisation_manage", args=["graz-solar-gmbh"])


def test_login_by_email_and_logout(db):
    UserFactory(email="anna@example.org")
    client = Client()
    response = client.post(reverse("account_login"), {"login": "ANNA@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get().pk)
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_failed_logins_are_rate_limited(db):
    UserFactory(email="anna@example.org")
    client = Client()
    for _ in range(5):
        response = client.post(reverse("account_login"), {"login": "anna@example.org", "password": "wrong"})
        assert response.status_code == 200
    response = client.post(reverse("account_login"), {"login": "anna@example.org", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode()


def test_password_reset_sends_a_working_link(db):
    user = UserFactory(email="anna@example.org")
    client = Client()
    client.post(reverse("account_reset_password"), {"email": "anna@example.org"})
    assert [m.to for m in mail.outbox] == [["anna@example.org"]]
    link = re.search(r"https?://\S+(/accounts/password/reset/key/\S+)", mail.outbox[0].body).group(1)
    response = client.get(link)
    assert response.status_code == 302  # allauth moves the key into the session
    response = client.post(response["Location"], {"password1": "brand-new-secret-9876", "password2": "brand-new-secret-9876"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("brand-new-secret-9876")


def test_staff_without_totp_are_sent_to_ask_for_an_enrolment_link(db):
    staff = StaffFactory(totp=False)
    client = _client_for(staff)
    for url in (reverse("companies:directory"), reverse("admin:index"), reverse("home")):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("companies:staff_totp_required")
    assert client.get(reverse("companies:staff_totp_required")).status_code == 200
    assert client.get("/static/css/site.css").status_code in (200, 404)  # never redirected


def test_staff_with_totp_go_anywhere_and_cannot_remove_it(staff_client, staff_user):
    assert staff_client.get(reverse("companies:directory")).status_code == 200
    response = staff_client.post(reverse("mfa_deactivate_totp"))
    assert Authenticator.objects.filter(user=staff_user, type="totp").count() == 1
    assert response.status_code in (302, 403, 200)


def test_non_staff_are_not_forced_to_use_totp(sme_owner_client):
    assert sme_owner_client.get(reverse("companies:directory")).status_code == 200


def test_admin_login_goes_through_allauth(db):
    response = Client().get(reverse("admin:login"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_staff_login_asks_for_the_totp_code(db):
    staff = StaffFactory(email="eva@cluster.example.org", totp=False)
    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    services.demo_staff_totp_setup(user=staff, secret=secret)
    services.demo_staff_totp_setup(user=staff, secret=secret)  # idempotent
    assert Authenticator.objects.filter(user=staff, type="totp").count() == 1
    client = Client()
    response = client.post(reverse("account_login"), {"login": "eva@cluster.example.org", "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    import time

    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)


def test_preferences_change_time_zone_and_language(sme_owner_client, sme_owner):
    response = sme_owner_client.post(
        reverse("companies:preferences"),
        {"full_name": "Olga O.", "time_zone": "Asia/Shanghai", "language": "zh-hans"},
    )
    assert response.status_code == 302
    sme_owner.refresh_from_db()
    assert (sme_owner.full_name, sme_owner.time_zone, sme_owner.language) == (
        "Olga O.", "Asia/Shanghai", "zh-hans"
    )
    page = sme_owner_client.get(reverse("companies:preferences"))
    assert page.context["reader_time_zone"] == "Asia/Shanghai"
    assert '<html lang="zh-hans">' in page.content.decode()


def test_preferences_reject_unknown_time_zone(sme_owner_client, sme_owner):
    response = sme_owner_client.post(
        reverse("companies:preferences"), {"time_zone": "Mars/Olympus", "language": ""}
    )
    assert "time_zone" in response.context["form"].errors
    sme_owner.refresh_from_db()
    assert sme_owner.time_zone == "Europe/Brussels"
