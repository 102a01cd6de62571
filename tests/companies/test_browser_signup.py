"""Acceptance 1: an SME signs up in Chromium, verifies its e-mail, publishes a profile with
logo and brochure, and finds itself in the directory by a word and by a sector."""

import io
import re

import pytest
from django.core import mail
from PIL import Image

from companies.models import CompanyProfile, Membership, Organisation, User

from ..factories import ensure_sectors

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _png(color=(31, 122, 77)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (240, 240), color).save(out, format="PNG")
    return out.getvalue()


def test_sme_signs_up_publishes_and_is_found(live_server, page, artifacts_dir, tmp_path):
    ensure_sectors()
    base = live_server.url
    page.set_default_timeout(15_000)

    # Sign up as an SME.
    page.goto(f"{base}/accounts/signup/")
    page.check("input[name=kind][value=sme]")
    page.fill("input[name=organisation_name]", "Aurora Geothermal AB")
    page.select_option("select[name=country]", "SE")
    page.fill("input[name=full_name]", "Sara Lind")
    page.fill("input[name=email]", "sara@aurora-geo.example.com")
    page.fill("input[name=password1]", "a-long-and-unusual-passphrase-77")
    page.fill("input[name=password2]", "a-long-and-unusual-passphrase-77")
    page.screenshot(path=artifacts_dir / "companies-signup.png", full_page=True)
    page.click("form.allauth-form button[type=submit]")
    page.wait_for_url(re.compile(r"/accounts/confirm-email/$"))
    page.screenshot(path=artifacts_dir / "companies-verification-sent.png", full_page=True)

    # The verification e-mail arrives and its link confirms the address.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["sara@aurora-geo.example.com"]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", message.body).group(0)
    page.goto(link)
    page.screenshot(path=artifacts_dir / "companies-confirm-email.png", full_page=True)
    page.click("form.allauth-form button[type=submit]")
    page.wait_for_url(re.compile(r"/companies/"))

    user = User.objects.get(email="sara@aurora-geo.example.com")
    organisation = Organisation.objects.get(name="Aurora Geothermal AB")
    assert (organisation.kind, organisation.country.code) == ("sme", "SE")
    assert list(Membership.objects.filter(user=user).values_list("organisation__slug", "role")) == [
        (organisation.slug, "owner")
    ]
    assert user.emailaddress_set.get().verified is True

    # Fill in and publish the profile, with a logo and a brochure.
    page.goto(f"{base}/companies/{organisation.slug}/profile/")
    page.fill(
        "textarea[name=description_en]",
        "Aurora drills shallow geothermal boreholes and installs ground-source heat pumps "
        "for apartment blocks.",
    )
    page.fill("input[name=technologies]", "geothermal, borehole drilling, heat pumps")
    page.check("label:has-text('Geothermal') >> xpath=preceding-sibling::input")
    page.select_option("select[name=trl]", "8")
    page.check("input[name=target_markets][value=china]")
    page.fill("input[name=contact_name]", "Sara Lind")
    page.fill("input[name=contact_email]", "sara@aurora-geo.example.com")
    logo = tmp_path / "logo.png"
    logo.write_bytes(_png())
    brochure = tmp_path / "brochure.pdf"
    brochure.write_bytes(MINIMAL_PDF)
    page.set_input_files("input[name=logo]", str(logo))
    page.set_input_files("input[name=brochure]", str(brochure))
    page.screenshot(path=artifacts_dir / "companies-profile-edit.png", full_page=True)
    page.click("#save-and-publish")
    page.wait_for_url(f"{base}/companies/{organisation.slug}/")
    page.screenshot(path=artifacts_dir / "companies-profile-published.png", full_page=True)
    assert page.locator("#profile-logo").is_visible()
    assert page.locator("#profile-brochure").is_visible()

    profile = CompanyProfile.objects.get(organisation=organisation)
    assert profile.status == CompanyProfile.Status.PUBLISHED
    assert profile.logo.name.startswith("logos/") and profile.logo.name.endswith(".png")
    assert profile.brochure.name.startswith("brochures/")
    assert profile.brochure.read() == MINIMAL_PDF
    assert list(profile.sectors.values_list("code", flat=True)) == [
        "renewable-energy.geothermal"
    ] or "geothermal" in " ".join(profile.sectors.values_list("code", flat=True))

    # Found in the directory by a word from the description (htmx, shareable URL) …
    page.goto(f"{base}/companies/")
    page.fill("#id_q", "boreholes")
    page.wait_for_url(re.compile(r"q=boreholes"))
    cards = page.locator("#directory-list .directory-card")
    cards.first.wait_for()
    assert cards.count() == 1
    assert cards.first.get_attribute("data-slug") == organisation.slug
    page.screenshot(path=artifacts_dir / "companies-directory-search.png", full_page=True)
    shared_url = page.url
    page.goto(shared_url)
    assert page.locator("#directory-list .directory-card").count() == 1

    # … and by its sector filter.
    page.goto(f"{base}/companies/")
    sector_code = profile.sectors.get().code
    page.select_option("#id_sector", sector_code)
    page.wait_for_url(re.compile(rf"sector={re.escape(sector_code)}"))
    page.locator(f"#directory-list .directory-card[data-slug='{organisation.slug}']").wait_for()
    page.screenshot(path=artifacts_dir / "companies-directory-sector.png", full_page=True)

    # The same pages in Simplified Chinese.
    page.context.add_cookies([{"name": "django_language", "value": "zh-hans", "url": base}])
    page.goto(f"{base}/companies/?q=boreholes")
    assert page.locator("h1").inner_text() == "中小企业名录"
    page.screenshot(path=artifacts_dir / "companies-directory-zh.png", full_page=True)
    page.goto(f"{base}/companies/{organisation.slug}/manage/")
    page.screenshot(path=artifacts_dir / "companies-manage-zh.png", full_page=True)
