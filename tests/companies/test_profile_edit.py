"""Saving a published profile that no longer meets the publishing rules says so plainly."""

import pytest
from django.urls import reverse

from companies.forms import ProfileForm
from companies.models import CompanyProfile

pytestmark = pytest.mark.django_db


def _post_data(profile, **changes) -> dict:
    data = {}
    for name, value in ProfileForm.initial_for(profile).items():
        if value is None or name in ("logo", "brochure"):
            continue
        if isinstance(value, list | tuple) or hasattr(value, "all"):
            items = list(value.all()) if hasattr(value, "all") else list(value)
            data[name] = [getattr(item, "pk", item) for item in items]
        else:
            data[name] = value
    data.update(changes)
    return data


def test_clearing_the_english_description_says_the_profile_left_the_directory(
    sme_owner_client, sme_profile
):
    response = sme_owner_client.post(
        reverse("companies:profile_edit", args=[sme_profile.organisation.slug]),
        _post_data(sme_profile, description_en=""),
        follow=True,
    )
    sme_profile.refresh_from_db()
    assert sme_profile.status == CompanyProfile.Status.DRAFT
    shown = [(m.level_tag, str(m)) for m in response.context["messages"]]
    assert len(shown) == 1
    level, text = shown[0]
    assert level == "warning"
    assert "no longer published" in text
    assert text != "The profile has been saved."


def test_directory_csv_names_sectors_instead_of_codes(staff_client, sme_profile):
    from django.urls import reverse

    response = staff_client.get(reverse("companies:directory_export"))
    text = b"".join(response.streaming_content).decode()
    row = next(line for line in text.splitlines() if line.startswith("Nordic Heat"))
    sector = sme_profile.sectors.get()
    assert sector.name_en in row
    assert f",{sector.code}," not in row
