"""The navigation follows the user's role and never links to a page that is not there."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import NoReverseMatch, reverse

from companies.models import Membership, Organisation, User
from matchmaking.site.navigation import NAVIGATION, entries_for


def _user_in(kind: str | None, *, staff: bool = False) -> User:
    user = User.objects.create_user(
        f"{kind or 'newcomer'}{'-staff' if staff else ''}@example.org",
        "pw-123456789",
        is_staff=staff,
    )
    if kind:
        organisation = Organisation.objects.create(
            name=f"{kind} org", slug=f"{kind}-org-{user.pk}", kind=kind, country="SE"
        )
        Membership.objects.create(user=user, organisation=organisation, role="owner")
    return user


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "staff", "role"),
    [
        ("sme", False, "sme"),
        ("buyer", False, "buyer"),
        ("investor", False, "buyer"),
        ("cluster", True, "staff"),
        (None, False, "newcomer"),
        (None, True, "staff"),
    ],
)
def test_role_follows_staff_status_and_organisation_kind(kind, staff, role):
    assert _user_in(kind, staff=staff).role == role


def test_entries_only_for_the_role_and_only_pages_that_exist():
    for role in ("anonymous", "sme", "buyer", "staff", "newcomer"):
        expected = []
        for entry in NAVIGATION:
            if role not in entry.roles:
                continue
            try:
                expected.append(reverse(entry.url_name))
            except NoReverseMatch:
                continue
        assert [e["url"] for e in entries_for(role)] == expected
    assert "/admin/" in [e["url"] for e in entries_for("staff")]
    assert "/admin/" not in [e["url"] for e in entries_for("sme")]
    assert "/admin/" not in [e["url"] for e in entries_for("anonymous")]


@pytest.mark.django_db
def test_page_shows_role_navigation_and_login_links(client):
    anonymous = client.get("/").content.decode()
    assert 'data-role="anonymous"' in anonymous
    assert reverse("account_login") in anonymous and reverse("account_signup") in anonymous
    assert 'href="/admin/"' not in anonymous

    staff_user = _user_in("cluster", staff=True)
    # Staff must have an authenticator app before they see anything else.
    TOTP.activate(staff_user, generate_totp_secret())
    client.force_login(staff_user)
    staff = client.get("/").content.decode()
    assert 'data-role="staff"' in staff
    assert 'href="/admin/"' in staff
    assert reverse("account_logout") in staff
