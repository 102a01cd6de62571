"""The brief and readiness pages in a real browser, in English and Chinese at 1280 and
390 px: staff save a new version of a brief and read its history; an SME ticks its
checklist and its score rises with the missing items named."""

import pytest

from matchmaking.intelligence.models import MarketReadiness
from tests.browser import sign_in

from .conftest import HEAT, brief

TEXT = {
    "en": {"saved": "Saved as version 2.", "missing": "Missing", "history": "Version history"},
    "zh-hans": {"saved": "已保存为第 2 版。", "missing": "欠缺", "history": "版本历史"},
}


def _shots(page, artifacts_dir, name):
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(artifacts_dir / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_staff_edit_a_brief_and_an_sme_fills_in_its_checklist(
    language, browser, live_server, artifacts_dir, staff_user, sme_owner, sme_org
):
    tag = "en" if language == "en" else "zh"
    errors: list[str] = []
    version = brief(staff_user, market="china", code=HEAT, certifications=["China CCC"])
    sme_org.profile.sectors.set(version.brief.sector.children.all()[:1] or [version.brief.sector])

    staff = browser.new_context(extra_http_headers={"Accept-Language": language})
    page = staff.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, live_server, staff_user)
    page.goto(f"{live_server.url}/intelligence/briefs/china/{HEAT}/edit/")
    page.fill("#id_risks_en", "Long payment terms; local content rules.")
    page.click("#brief-form button[type='submit']")
    page.wait_for_selector(".brief-sections")
    assert TEXT[language]["saved"] in page.inner_text("body")
    _shots(page, artifacts_dir, f"intelligence-brief-{tag}")
    page.click(f"text={TEXT[language]['history']}")
    page.wait_for_selector("#history")
    assert page.locator(".brief-version-row").count() == 2
    _shots(page, artifacts_dir, f"intelligence-history-{tag}")
    staff.close()

    sme = browser.new_context(extra_http_headers={"Accept-Language": language})
    page = sme.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, live_server, sme_owner)
    page.goto(f"{live_server.url}/intelligence/readiness/{sme_org.slug}/")
    card = page.locator(".readiness[data-market='china']")
    before = int(card.locator(".readiness-score").inner_text())
    assert TEXT[language]["missing"] in card.inner_text()
    card.locator("input[name='china-local_partner']").check()
    card.locator("input[name='china-export_experience']").check()
    card.locator("button[type='submit']").click()
    card = page.locator(".readiness[data-market='china']")
    card.locator(".readiness-score").wait_for()
    after = int(card.locator(".readiness-score").inner_text())
    assert after == before + 33
    _shots(page, artifacts_dir, f"intelligence-readiness-{tag}")
    sme.close()
    record = MarketReadiness.objects.get(sme=sme_org, market="china")
    assert (record.local_partner, record.export_experience, record.ip_filed) == (True, True, False)
    assert errors == []
