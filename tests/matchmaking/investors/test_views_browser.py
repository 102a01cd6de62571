"""Acceptance 1 in a real browser, in English and in Chinese: an investor signs up and staff
approve it; it marks interest in an SME; the SME accepts the introduction; the investor then
sees the contact details and moves the pipeline to an investment with a value; the KPI page
shows it and its XLSX export holds the same figures. Screenshots at 1280 and 390 px in
var/test-artifacts/investors-*.png."""

import io
import re

import pytest
from django.core import mail
from django.core.cache import cache

from companies.models import Organisation, User
from matchmaking.investors.models import Pipeline
from tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONTACT = "sales@nordic-heat.example.com"


def _shots(page, artifacts_dir, name: str) -> None:
    """The page at 1280 and at 390 px; nothing wider than the window at either."""
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, (name, width, overflow)
        page.screenshot(path=str(artifacts_dir / f"investors-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_investor_journey(page, live_server, artifacts_dir, language, sme_profile, sme_owner,
                          staff_user, delegation_mission):
    zh = language == "zh-hans"
    tag = "zh" if zh else "en"
    base = live_server.url
    page.set_default_timeout(20_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sme_profile.contact_phone = "+46 40 600 70 80"
    sme_profile.save()
    # Sign-up and confirmation e-mails are rate-limited per address in the cache.
    cache.clear()
    email = f"ingrid-{tag}@ngv.example.com"

    # 1. The investor signs up and confirms its address.
    page.context.add_cookies([{"name": "django_language", "value": language, "url": base}])
    page.goto(f"{base}/accounts/signup/")
    page.check("input[name=kind][value=investor]")
    page.fill("input[name=organisation_name]", "Nordic Green Ventures")
    page.select_option("select[name=country]", "SE")
    page.fill("input[name=full_name]", "Ingrid Investor")
    page.fill("input[name=email]", email)
    page.fill("input[name=password1]", "a-long-and-unusual-passphrase-77")
    page.fill("input[name=password2]", "a-long-and-unusual-passphrase-77")
    page.click("form.allauth-form button[type=submit]")
    page.wait_for_url(re.compile(r"/accounts/confirm-email/$"))
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.click("form.allauth-form button[type=submit]")
    page.wait_for_url(re.compile(r"/companies/"))
    investor_org = Organisation.objects.get(name="Nordic Green Ventures")
    investor = User.objects.get(email=email)
    assert (investor_org.kind, investor_org.buyer_approved) == ("investor", False)
    page.goto(f"{base}/investors/")
    assert page.locator("#awaiting-approval").is_visible()
    assert page.locator("#browse-smes").count() == 0

    # 2. Staff approve it on the buyer approval page, as they approve buyers.
    sign_in(page, live_server, staff_user, language)
    page.goto(f"{base}/companies/buyers/")
    page.locator(f"tr[data-buyer='{investor_org.slug}'] button[type=submit]").click()
    page.wait_for_selector(f"tr[data-buyer='{investor_org.slug}'] .badge.text-bg-success")
    investor_org.refresh_from_db()
    assert investor_org.buyer_approved is True

    # 3. The investor finds the SME in the mission's delegation and marks interest.
    sign_in(page, live_server, investor, language)
    page.goto(f"{base}/investors/")
    page.click("#browse-smes")
    card = page.locator(f".investor-sme-card[data-slug='{sme_profile.organisation.slug}']").first
    card.wait_for()
    assert card.locator(".readiness").count() == 1
    _shots(page, artifacts_dir, f"browse-{tag}")
    card.locator("a.mark-interest").click()
    page.fill("#id_note", "我们投资江苏的区域供热。" if zh else "We back district heating in Jiangsu.")
    page.click("#send-interest")
    page.wait_for_selector("#pipeline-stage[data-stage=interest]")
    assert page.locator("#contacts-hidden").is_visible()
    assert CONTACT not in page.content()
    pipeline = Pipeline.objects.get()

    # 4. The SME sees the interest (notification) and accepts the introduction.
    sign_in(page, live_server, sme_owner, language)
    page.goto(f"{base}/investors/")
    page.locator(f"tr[data-pipeline='{pipeline.pk}'] a").click()
    page.wait_for_selector("#introduction-answer")
    _shots(page, artifacts_dir, f"introduction-{tag}")
    page.click("#accept-introduction")
    page.wait_for_selector("#pipeline-stage[data-stage=introduced]")

    # 5. The investor now sees the contact details and moves to an investment.
    sign_in(page, live_server, investor, language)
    page.goto(f"{base}/investors/pipelines/{pipeline.pk}/")
    assert page.locator("#contact-details").inner_text().count(CONTACT) == 1
    assert "+46 40 600 70 80" in page.locator("#contact-details").inner_text()
    page.select_option("#id_stage", "investment")
    page.fill("#id_value", "2500000")
    page.select_option("#id_currency", "EUR")
    page.fill("#id_stake_percent", "12.5")
    page.fill("#id_deal_date", "2027-06-15")
    page.click("#move-pipeline")
    page.wait_for_selector("#pipeline-stage[data-stage=investment]")
    assert page.locator("#deal-value").inner_text() == "2500000 EUR"
    when = page.locator("#pipeline-deal").text_content()
    assert ("2027年6月15日" if zh else "Tue 15 Jun 2027") in when, when
    _shots(page, artifacts_dir, f"pipeline-{tag}")
    pipeline.refresh_from_db()
    assert (pipeline.stage, pipeline.value, pipeline.currency) == ("investment", 2_500_000, "EUR")

    # 6. Staff read it on the KPI page, and in the XLSX export.
    sign_in(page, live_server, staff_user, language)
    page.goto(f"{base}/matching/kpis/")
    total = page.locator("#kpi-pipeline-total")
    total.wait_for()
    assert total.locator("tr[data-stage=investment] .kpi-count").inner_text() == "1"
    assert total.locator("tr[data-stage=investment] [data-currency=EUR]").inner_text() == "2500000 EUR"
    bar = page.locator("#kpi-pipeline-chart g.kpi-bar[data-stage=investment]")
    assert bar.get_attribute("data-count") == "1"
    assert bar.locator("rect").bounding_box()["width"] > 10
    label = bar.locator("text").first.text_content()
    assert label == ("投资与合资" if zh else "Investments and joint ventures")
    mission_row = page.locator(f"#kpi-pipeline-missions tr[data-group='{delegation_mission.pk}']")
    assert mission_row.locator("td[data-stage=investment]").inner_text() == "1"
    page.locator("#kpi-pipeline").scroll_into_view_if_needed()
    _shots(page, artifacts_dir, f"kpis-{tag}")
    with page.expect_download() as download:
        page.click("#kpi-exports a[href*='export.xlsx']")
    from openpyxl import load_workbook

    with open(download.value.path(), "rb") as file:
        workbook = load_workbook(io.BytesIO(file.read()))
    rows = list(workbook["Funnel"].iter_rows(values_only=True))
    section = "投资进程" if zh else "Investment pipeline"
    everyone = "全部" if zh else "All"
    invested = "投资与合资" if zh else "Investments and joint ventures"
    mine = [r for r in rows if r[0] == section and r[1] == everyone]
    assert [r[3] for r in mine if r[3] not in ("", None)] == [1, 1, 1, 1, 1, 0]
    assert [(r[2], r[4], r[5]) for r in mine if r[4]] == [(invested, "EUR", 2_500_000)]
    assert errors == []
