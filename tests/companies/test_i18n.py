"""Acceptance 6: every page of the companies app (and the allauth pages it restyles)
renders in English and in Simplified Chinese, with no English interface text left in
Chinese."""

import re
from pathlib import Path

import allauth
import pytest
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from companies import services

from ..factories import StaffFactory, UserFactory
from ..fixtures import _client_for
from ..i18n_utils import catalog_entries, untranslated_in

pytestmark = pytest.mark.django_db

OUR_CATALOG = Path(settings.BASE_DIR) / "companies/locale/zh_Hans/LC_MESSAGES/django.po"
ALLAUTH_CATALOG = Path(allauth.__file__).parent / "locale/zh_Hans/LC_MESSAGES/django.po"


def _msgids(path: Path) -> list[str]:
    return [msgid for msgid, msgstr, _fuzzy in catalog_entries(path) if msgstr]


def test_our_catalog_is_complete():
    entries = catalog_entries(OUR_CATALOG)
    assert len(entries) > 250
    assert [msgid for msgid, msgstr, fuzzy in entries if not msgstr or fuzzy] == []


def _visible_text(html: str) -> str:
    html = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", html)
    html = re.sub(r"(?s)<!--.*?-->", " ", html)
    text = re.sub(r"(?s)<[^>]+>", " ", html)
    return " ".join(text.replace("&nbsp;", " ").split())


def _get(client: Client, language: str, url: str, data=None, method="get"):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = getattr(client, method)(url, data or {})
    assert response.status_code in (200, 404), (url, response.status_code)
    return response


@pytest.fixture
def pages(sme_owner, sme_member, other_sme_owner, buyer, approved_buyer, staff_user, sme_org,
          django_capture_on_commit_callbacks):
    """(name, client, url, method, data, expected status) for every page of the app."""
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_create(
            organisation=sme_org, email="new@nordic-heat.example.com", role="member",
            invited_by=sme_owner,
        )
    invite_url = reverse("companies:invitation_accept", args=[services.invitation_token(invitation)])
    newcomer = UserFactory(email="newcomer@example.org")
    staff_without_totp = StaffFactory(email="new-staff@cluster.example.org", totp=False)
    owner = lambda: _client_for(sme_owner)  # noqa: E731 - a fresh client per page
    slug = sme_org.slug
    bad_logo = {"description_en": "x", "logo": SimpleUploadedFile("x.png", b"<svg/>")}
    return [
        ("directory", Client, reverse("companies:directory"), "get", {}, 200),
        ("directory, no results", Client, reverse("companies:directory"), "get", {"q": "zzzz"}, 200),
        ("directory, staff", lambda: _client_for(staff_user), reverse("companies:directory"), "get", {}, 200),
        ("profile, anonymous", Client, reverse("companies:profile_detail", args=[slug]), "get", {}, 200),
        ("profile, buyer", lambda: _client_for(buyer), reverse("companies:profile_detail", args=[slug]), "get", {}, 200),
        ("profile, approved", lambda: _client_for(approved_buyer), reverse("companies:profile_detail", args=[slug]), "get", {}, 200),
        ("profile, owner", owner, reverse("companies:profile_detail", args=[slug]), "get", {}, 200),
        ("manage", owner, reverse("companies:organisation_manage", args=[slug]), "get", {}, 200),
        ("manage, member", lambda: _client_for(sme_member), reverse("companies:organisation_manage", args=[slug]), "get", {}, 200),
        ("manage, buyer", lambda: _client_for(buyer), reverse("companies:organisation_manage", args=[buyer.organisation.slug]), "get", {}, 200),
        ("organisation edit", owner, reverse("companies:organisation_edit", args=[slug]), "get", {}, 200),
        ("profile edit", owner, reverse("companies:profile_edit", args=[slug]), "get", {}, 200),
        ("profile edit, errors", owner, reverse("companies:profile_edit", args=[slug]), "post", bad_logo, 200),
        ("references", owner, reverse("companies:references", args=[slug]), "get", {}, 200),
        ("preferences", owner, reverse("companies:preferences"), "get", {}, 200),
        ("new organisation", lambda: _client_for(newcomer), reverse("companies:my_organisation"), "get", {}, 200),
        ("buyer approvals", lambda: _client_for(staff_user), reverse("companies:buyer_approvals"), "get", {}, 200),
        ("invitation", Client, invite_url, "get", {}, 200),
        ("invitation, wrong person", lambda: _client_for(buyer), invite_url, "get", {}, 200),
        ("invitation, invalid", Client, reverse("companies:invitation_accept", args=["forged"]), "get", {}, 404),
        ("log in", Client, reverse("account_login"), "get", {}, 200),
        ("sign up", Client, reverse("account_signup"), "get", {}, 200),
        ("sign up, errors", Client, reverse("account_signup"), "post", {"email": "bad"}, 200),
        ("password reset", Client, reverse("account_reset_password"), "get", {}, 200),
        ("password reset done", Client, reverse("account_reset_password_done"), "get", {}, 200),
        ("verification sent", Client, reverse("account_email_verification_sent"), "get", {}, 200),
        ("e-mail addresses", owner, reverse("account_email"), "get", {}, 200),
        ("change password", owner, reverse("account_change_password"), "get", {}, 200),
        ("two-factor", owner, reverse("mfa_index"), "get", {}, 200),
        ("staff must add TOTP", lambda: _client_for(staff_without_totp), reverse("companies:staff_totp_required"), "get", {}, 200),
    ]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_page_renders_in_both_languages(language, pages):
    ours = _msgids(OUR_CATALOG)
    theirs = _msgids(ALLAUTH_CATALOG)
    problems, english_pages = {}, []
    for name, make_client, url, method, data, status in pages:
        response = _get(make_client(), language, url, data, method)
        assert response.status_code == status, name
        html = response.content.decode()
        assert f'<html lang="{language}">' in html, name
        left = untranslated_in(_visible_text(html), ours + theirs)
        if language == "zh-hans" and left:
            problems[name] = left
        if left:
            english_pages.append(name)
    assert problems == {}
    # The check itself works: in English, every page shows catalog text.
    assert english_pages == ([name for name, *_ in pages] if language == "en" else [])


def test_chinese_pages_show_chinese(sme_owner_client, sme_profile):
    sme_owner_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    body = sme_owner_client.get(reverse("companies:directory")).content.decode()
    assert "中小企业名录" in body and "所有行业" in body and "区域供热" in body
    body = sme_owner_client.get(reverse("companies:profile_edit", args=["nordic-heat"])).content.decode()
    assert "编辑企业简介" in body and "技术成熟度（TRL）" in body


def test_invitation_mail_in_the_inviters_language(sme_org, sme_owner, django_capture_on_commit_callbacks):
    from django.utils import translation

    with translation.override("zh-hans"), django_capture_on_commit_callbacks(execute=True):
        services.invitation_create(
            organisation=sme_org, email="li@example.cn", role="member", invited_by=sme_owner
        )
    assert mail.outbox[0].subject == "您受邀加入清洁技术对接平台上的一个机构"
    assert "此链接在 7 天内有效。" in mail.outbox[0].body
