"""The API tokens page, the webhooks page and the API's own messages read in Simplified
Chinese, with no English interface text left."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from matchmaking.api import services as api_services
from matchmaking.models import WebhookDelivery
from matchmaking.webhooks import services as webhook_services
from matchmaking.webhooks.models import Event
from tests.i18n_utils import catalog_entries, untranslated_in
from tests.test_i18n import CHROME_CATALOGS, catalogs

from .conftest import bearer


def _zh_msgids() -> list[str]:
    return [m for path in catalogs("zh_Hans", CHROME_CATALOGS) for m, _, _ in catalog_entries(path)]


def _in_chinese(client, url, data=None) -> str:
    client.cookies["django_language"] = "zh-hans"
    response = client.post(url, data) if data is not None else client.get(url)
    assert response.status_code == 200, url
    text = response.content.decode()
    assert 'lang="zh-hans"' in text, url
    # The event identifiers (match.created …) are the wire format receivers subscribe to.
    return re.sub(r"<code>.*?</code>", "", text, flags=re.S)


@pytest.fixture(autouse=True)
def _fresh_rate_counts():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
def test_tokens_page_in_chinese_has_no_english_left(sme_owner_client, sme_owner, sme_org):
    api_services.api_token_create(actor=sme_owner, name="CRM", scope="write", organisation=sme_org)
    revoked, _secret = api_services.api_token_create(actor=sme_owner, name="Old", scope="read")
    api_services.api_token_revoke(token=revoked, actor=sme_owner)
    url = reverse("api:tokens")
    text = _in_chinese(sme_owner_client, url)
    assert untranslated_in(text, _zh_msgids()) == []
    for words in ("API 令牌", "读写", "只读", "已撤销", "从未使用", "创建令牌"):
        assert words in text, words
    assert reverse("webhooks:list", args=[sme_org.slug]) in text
    assert f"{sme_org.name} 的 Webhook" in text
    created = _in_chinese(sme_owner_client, url, {"name": "Sync", "scope": "read",
                                                  "organisation": ""})
    assert "请立即复制此令牌" in created
    assert untranslated_in(created, _zh_msgids()) == []
    refused = _in_chinese(sme_owner_client, url, {"name": "", "scope": "read"})
    assert untranslated_in(refused, _zh_msgids()) == []


@pytest.mark.django_db
def test_webhooks_page_in_chinese_has_no_english_left(sme_owner_client, sme_owner, sme_org,
                                                      settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    hook = webhook_services.webhook_create(
        organisation=sme_org, actor=sme_owner, url="http://127.0.0.1:9/hook",
        events=[Event.MATCH_CREATED, Event.MEETING_MOVED],
    )
    WebhookDelivery.objects.create(
        webhook=hook, event=Event.MEETING_MOVED, event_key="meeting:x:1", status="failed",
        attempts=8,
    )
    url = reverse("webhooks:list", args=[sme_org.slug])
    text = _in_chinese(sme_owner_client, url)
    assert untranslated_in(text, _zh_msgids()) == []
    for words in ("推送记录", "会面已改期", "失败", "已登记的 Webhook", "最低匹配分数"):
        assert words in text, words
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    refused = _in_chinese(sme_owner_client, url, {"url": "http://127.0.0.1/hook", "min_score": 70,
                                                  "events": [Event.MATCH_CREATED]})
    assert "Webhook 不能指向内网地址。" in refused
    assert untranslated_in(refused, _zh_msgids()) == []


@pytest.mark.django_db
def test_api_messages_answer_in_the_readers_language(client, sme_owner, heat_demand):
    _token, secret = api_services.api_token_create(actor=sme_owner, name="r", scope="read")
    zh = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
    response = client.post(
        f"/api/v1/matches/{heat_demand.pk}/feedback/", {"verdict": "interested"},
        content_type="application/json", **bearer(secret), **zh,
    )
    assert (response.status_code, response.json()["detail"]) == (403, "此令牌为只读令牌。")
    unknown = client.get("/api/v1/applications/", **bearer("cmk_unknown"), **zh)
    assert (unknown.status_code, unknown.json()["detail"]) == (401, "令牌无效或已撤销。")
    cursor = client.get("/api/v1/sectors/?cursor=garbage", **zh)
    assert (cursor.status_code, cursor.json()["detail"]) == (404, "分页游标无效")


def test_navigation_leads_to_the_tokens_page_and_the_tokens_page_to_webhooks():
    from matchmaking.site.navigation import entries_for

    for role in ("sme", "buyer", "staff"):
        assert reverse("api:tokens") in [e["url"] for e in entries_for(role)], role
    assert reverse("api:tokens") not in [e["url"] for e in entries_for("anonymous")]
