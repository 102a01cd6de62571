"""Acceptance 1 in a real browser: a buyer reviews ranked suppliers with their reasons in
English and in Chinese, shortlists one and declines one; the SME sees the demand."""

import pytest

from matchmaking.matching import rescoring
from matchmaking.models import BuyerDecision
from tests.browser import sign_in


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_buyer_reviews_ranked_suppliers_and_the_sme_sees_the_demand(
    page, browser, live_server, artifacts_dir, buyer, sme_owner, sme_org, other_sme_org,
    heat_demand,
):
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    rescoring.scoring_run_start_full()  # inline: tasks run eagerly after commit
    page.set_viewport_size({"width": 1280, "height": 1000})
    sign_in(page, live_server, buyer)

    page.goto(live_server.url + "/matching/demands/")
    page.click(f"[data-demand='{heat_demand.pk}']")
    page.wait_for_selector("#suppliers")
    suppliers = page.locator("li.supplier")
    assert suppliers.count() == 2
    first, second = suppliers.nth(0), suppliers.nth(1)
    assert first.get_attribute("data-sme") == str(sme_org.pk)
    assert int(first.get_attribute("data-score")) > int(second.get_attribute("data-score"))
    assert "Technologies: both name district heating and heat pump." in first.inner_text()
    assert first.locator(".match-components li").count() >= 7
    page.screenshot(path=str(artifacts_dir / "matching-suppliers-en.png"), full_page=True)

    # The reader switches to Simplified Chinese: the same reasons, written in Chinese.
    if page.locator(".navbar-toggler").is_visible():  # the bar folds below 1400 px
        page.click(".navbar-toggler")
    page.select_option("#language-switcher", "zh-hans")
    page.wait_for_selector("html[lang='zh-hans']")
    first = page.locator("li.supplier").nth(0)
    text = first.inner_text()
    assert "技术关键词：双方都涉及区域供热、热泵。" in text
    assert "技术成熟度：该方案处于TRL 7，达到项目要求的最低TRL 6。" in text
    assert "加入候选名单" in text
    page.screenshot(path=str(artifacts_dir / "matching-suppliers-zh.png"), full_page=True)

    first.locator("button[value='shortlisted']").click()
    page.wait_for_selector(f"li.supplier[data-sme='{sme_org.pk}'] [data-decision='shortlisted']")
    second = page.locator(f"li.supplier[data-sme='{other_sme_org.pk}']")
    second.locator("input[name='reason']").fill("我们需要供热方案，不需要光伏")
    second.locator("button[value='declined']").click()
    page.wait_for_selector(f"li.supplier[data-sme='{other_sme_org.pk}'] [data-decision='declined']")
    page.screenshot(path=str(artifacts_dir / "matching-decisions-zh.png"), full_page=True)
    assert sorted(BuyerDecision.objects.values_list("sme_id", "status", "reason")) == sorted(
        [
            (sme_org.pk, "shortlisted", ""),
            (other_sme_org.pk, "declined", "我们需要供热方案，不需要光伏"),
        ]
    )

    # The SME, in its own browser session, finds the demand among its matches.
    sme_context = browser.new_context(viewport={"width": 1280, "height": 1000})
    sme_page = sme_context.new_page()
    sign_in(sme_page, live_server, sme_owner)
    sme_page.goto(live_server.url + "/matching/mine/")
    card = sme_page.locator(f"li.demand-match[data-demand='{heat_demand.pk}']")
    assert card.count() == 1
    assert "Jiangbei low-temperature heat network" in card.inner_text()
    assert "Sector fit:" in card.inner_text()
    sme_page.screenshot(path=str(artifacts_dir / "matching-sme-matches-en.png"), full_page=True)
    sme_context.close()
    assert errors == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_folded_card_loads_its_reasons_when_opened(
    page, live_server, artifacts_dir, buyer, heat_demand
):
    """The fourth card of the list comes folded and without its reasons; opening it loads
    them into the card, in the reader's language, on a phone as on a desktop."""
    from tests.factories import CompanyProfileFactory

    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    for number in range(4):
        CompanyProfileFactory(description_en=f"Heat pumps for district heating, plant {number}.")
    rescoring.scoring_run_start_full()
    sign_in(page, live_server, buyer)
    for width, language, heading in ((1280, "en", "Why this match"), (390, "zh-hans", "匹配理由")):
        page.set_viewport_size({"width": width, "height": 900})
        page.context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        page.goto(f"{live_server.url}/matching/demands/{heat_demand.pk}/?min_score=0")
        folded = page.locator("li.supplier").nth(3)
        assert folded.locator(".match-components li").count() == 0
        summary = folded.locator("summary")
        assert summary.inner_text() == heading
        summary.click()
        folded.locator(".match-components li").first.wait_for()
        assert folded.locator(".match-components li").count() >= 5
        text = folded.locator(".match-components").inner_text()
        assert ("Text" in text) if language == "en" else ("Text" not in text)
        page.screenshot(
            path=str(artifacts_dir / f"matching-folded-reasons-{language}-{width}.png"),
            full_page=True,
        )
    assert errors == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_smes_folded_card_loads_its_reasons_in_chinese_on_a_phone(
    page, live_server, artifacts_dir, sme_owner, sme_org, buyer_org
):
    from tests.factories import DemandProjectFactory

    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    for number in range(4):
        DemandProjectFactory(buyer=buyer_org, title=f"Heat network {number}",
                             title_zh=f"供热管网 {number}")
    rescoring.scoring_run_start_full()
    sign_in(page, live_server, sme_owner)
    page.set_viewport_size({"width": 390, "height": 900})
    page.context.add_cookies([{"name": "django_language", "value": "zh-hans",
                               "url": live_server.url}])
    page.goto(live_server.url + "/matching/mine/")
    folded = page.locator("li.demand-match").nth(3)
    assert folded.locator(".match-components li").count() == 0
    folded.locator("summary").click()
    folded.locator(".match-components li").first.wait_for()
    text = folded.inner_text()
    assert "行业匹配" in text and "Sector fit" not in text
    page.screenshot(path=str(artifacts_dir / "matching-sme-folded-reasons-zh-390.png"),
                    full_page=True)
    # Without JavaScript the card links to a page of the reasons, which links back.
    page.goto(live_server.url + folded.locator("details").get_attribute("hx-get"))
    assert page.locator("h1").inner_text() == "匹配理由"
    assert page.locator(".match-components li").count() >= 5
    page.screenshot(path=str(artifacts_dir / "matching-reasons-page-zh-390.png"), full_page=True)
    page.click("text=返回列表")
    page.wait_for_selector("li.demand-match")
    assert errors == []
