"""Acceptance 1 of issue 12 in a real browser, entirely in Chinese: a buyer posts a demand
project written only in Chinese, sees English-only SMEs ranked with reasons in Chinese and
shortlists one; the SME then sees the demand with its Chinese title, marked as Chinese."""

import pytest
from django.urls import reverse

from matchmaking.models import BuyerDecision
from missions.models import DemandProject
from tests.browser import sign_in
from tests.factories import CompanyProfileFactory

TITLE_ZH = "江北新区低温区域供热管网与大型热泵"
DESCRIPTION_ZH = (
    "新区需要建设低温区域供热管网，由大型热泵和数据中心余热供热，"
    "希望与有城市供热项目经验的企业合作。"
)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_chinese_buyer_posts_in_chinese_and_shortlists_an_english_only_sme(
    page, browser, live_server, artifacts_dir, buyer, sme_owner, sme_org, other_sme_org,
    fresh_scoring_context,
):
    # A third English-only profile, in water treatment: it must rank below the heat firm.
    CompanyProfileFactory(
        organisation__name="Aqua Membranes AB", organisation__slug="aqua-membranes",
        description_en="Membrane bioreactors for municipal wastewater treatment plants.",
        technologies=["membrane bioreactor"], sectors=["water-treatment.wastewater"],
    )  # fmt: skip
    buyer.language = "zh-hans"
    buyer.save(update_fields=["language"])
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_viewport_size({"width": 1280, "height": 1000})
    sign_in(page, live_server, buyer)

    # 1. The buyer writes the demand in Chinese only; no English field is filled in.
    page.goto(live_server.url + reverse("missions:demand_create"))
    page.wait_for_selector("html[lang='zh-hans']")
    assert "新建需求项目" in page.inner_text("h1")
    page.fill("#id_title_zh", TITLE_ZH)
    page.fill("#id_description_zh", DESCRIPTION_ZH)
    page.fill("#id_city", "南京")
    page.select_option("#id_market", "china")
    page.screenshot(path=str(artifacts_dir / "chinese-buyer-demand-form-zh.png"), full_page=True)
    page.click("form.col-lg-8 button[type='submit']")
    page.wait_for_selector("h1 span[lang='zh-Hans']")
    demand = DemandProject.objects.get()
    assert (demand.title, demand.description_en, demand.title_zh) == ("", "", TITLE_ZH)
    assert demand.language == "zh-hans"  # the working language defaults to the reader's
    assert page.inner_text("h1") == TITLE_ZH  # the reader's language: no badge
    page.screenshot(path=str(artifacts_dir / "chinese-buyer-demand-zh.png"), full_page=True)

    # 2. Ranked English-only suppliers, with the reasons written in Chinese.
    page.goto(live_server.url + "/matching/demands/")
    page.click(f"[data-demand='{demand.pk}']")
    page.wait_for_selector("#suppliers")
    suppliers = page.locator("li.supplier")
    assert suppliers.count() == 3
    first = suppliers.nth(0)
    assert first.get_attribute("data-sme") == str(sme_org.pk)
    scores = [int(suppliers.nth(i).get_attribute("data-score")) for i in range(3)]
    assert scores == sorted(scores, reverse=True) and scores[0] > scores[1]
    reasons = first.inner_text()
    page.screenshot(path=str(artifacts_dir / "chinese-buyer-suppliers-zh.png"), full_page=True)
    assert "文本相关度：" in reasons and "“热泵”" in reasons
    assert "Text relevance" not in page.inner_text("#suppliers")
    page.screenshot(path=str(artifacts_dir / "chinese-buyer-suppliers-zh.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(
        path=str(artifacts_dir / "chinese-buyer-suppliers-zh-390.png"), full_page=True
    )
    page.set_viewport_size({"width": 1280, "height": 1000})

    # 3. The buyer shortlists the heat firm.
    first.locator("button[value='shortlisted']").click()
    page.wait_for_selector(f"li.supplier[data-sme='{sme_org.pk}'] [data-decision='shortlisted']")
    assert list(BuyerDecision.objects.values_list("demand_id", "sme_id", "status")) == [
        (demand.pk, sme_org.pk, "shortlisted")
    ]

    # 4. The SME, reading English, sees the demand with its Chinese title marked as such.
    sme_context = browser.new_context(viewport={"width": 1280, "height": 1000})
    sme_page = sme_context.new_page()
    sign_in(sme_page, live_server, sme_owner)
    sme_page.goto(live_server.url + "/matching/mine/")
    card = sme_page.locator(f"li.demand-match[data-demand='{demand.pk}']")
    assert card.count() == 1
    assert card.locator("h2 span[lang='zh-Hans']").inner_text() == TITLE_ZH
    assert card.locator("h2 .lang-badge").inner_text() == "Chinese"
    sme_page.screenshot(path=str(artifacts_dir / "chinese-buyer-sme-matches-en.png"), full_page=True)
    sme_context.close()
    assert other_sme_org.pk != sme_org.pk
    assert errors == []
