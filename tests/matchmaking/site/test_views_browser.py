"""The home page in a real browser, in English and in Simplified Chinese."""

import pytest

from companies.models import CompanyProfile, Organisation
from tests.i18n_utils import catalog_entries, untranslated_in
from tests.test_i18n import CHROME_CATALOGS, catalogs


@pytest.fixture
def a_published_sme(db):
    organisation = Organisation.objects.create(
        name="Heliotherm Systems AB", slug="heliotherm", kind="sme", country="SE", city="Lund"
    )
    return CompanyProfile.objects.create(
        organisation=organisation, description_en="Solar heat.", status="published"
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_home_page_renders_and_is_translated(
    page, live_server, artifacts_dir, a_published_sme, language
):
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    response = page.goto(live_server.url + "/")
    assert response.status == 200
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(artifacts_dir / f"home-{language}.png"), full_page=True)

    assert errors == []
    assert failed == []
    assert page.locator("html").get_attribute("lang") == language
    # Bootstrap is served from static/ and applied: the navbar is laid out as flex.
    assert page.eval_on_selector("nav.navbar", "el => getComputedStyle(el).display") == "flex"
    assert page.locator("[data-stat=smes]").inner_text() == "1"
    text = page.inner_text("body")
    msgids = [
        m for path in catalogs("zh_Hans", CHROME_CATALOGS) for m, _, _ in catalog_entries(path)
    ]
    if language == "zh-hans":
        assert "欧洲清洁技术" in text
        assert untranslated_in(text, msgids) == []
    else:
        assert "European cleantech, matched to real demand in China and the USA" in text
    # The browser's zone is reported back for visitors who are not signed in.
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    assert cookies.get("tz")
