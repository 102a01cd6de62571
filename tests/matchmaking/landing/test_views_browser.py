"""Acceptance 2 in a real browser: an SME applies for a landing support package and the
provider (reading Chinese) accepts it; the SME then holds it. Screenshots at 1280 and 390 px
in var/test-artifacts/landing-*.png."""

import pytest

from matchmaking.landing.models import PackageApplication
from tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shots(page, artifacts_dir, name: str) -> None:
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, (name, width, overflow)
        page.screenshot(path=str(artifacts_dir / f"landing-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_an_sme_applies_and_the_provider_accepts(page, live_server, artifacts_dir, package,
                                                 provider, sme_owner, sme_org):
    base = live_server.url
    page.set_default_timeout(20_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    # The SME finds the package in Nanjing and applies.
    sign_in(page, live_server, sme_owner, "en")
    page.goto(f"{base}/landing/?city=Nanjing")
    card = page.locator(f".package-card[data-package='{package.pk}']")
    assert "0 of 3 places taken" in card.inner_text()
    _shots(page, artifacts_dir, "list-en")
    card.locator("h2 a").click()
    page.fill("#id_apply_message", "We open our Nanjing office in March and need a lab bench.")
    page.click("#apply")
    page.wait_for_selector("#own-status[data-status=submitted]")
    application = PackageApplication.objects.get()
    assert (application.sme, application.status) == (sme_org, "submitted")

    # The provider, who reads Chinese, accepts it with a message.
    sign_in(page, live_server, provider, "zh-hans")
    page.goto(f"{base}/landing/packages/{package.pk}/")
    assert page.locator("h1").inner_text().startswith("江北新区六个月实验室场地")
    row = page.locator(f"[data-application='{application.pk}']")
    row.locator("input[name=answer]").fill("欢迎来到江北！")
    _shots(page, artifacts_dir, "provider-zh")
    row.locator("button[value=accepted]").click()
    page.wait_for_selector(f"[data-application='{application.pk}'][data-status=accepted]")
    assert "已占用 1 / 3 个名额" in page.locator("#package-places").inner_text()

    # The SME holds it.
    sign_in(page, live_server, sme_owner, "en")
    page.goto(f"{base}/landing/mine/")
    assert page.locator(f"#packages-held [data-package='{package.pk}']").count() == 1
    assert "欢迎来到江北！" in page.locator("#applications").inner_text()
    _shots(page, artifacts_dir, "mine-en")
    application.refresh_from_db()
    assert (application.status, application.answer, application.decided_by) == (
        "accepted", "欢迎来到江北！", provider)
    assert errors == []
