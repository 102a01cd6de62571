"""Sector suggestions people see and correct: the profile form shows each suggested sector
with the words behind it; a dismissed suggestion stops counting in the matching."""

import pytest
from django.urls import reverse

from companies import services
from matchmaking.matching.records import sme_records

HEAT_PUMPS = "energy-efficiency.heat-pumps"


@pytest.mark.django_db
def test_the_profile_form_shows_suggestions_with_the_words_behind_them(
    sme_profile, sme_owner_client
):
    sme_profile.dismissed_sectors = []
    sme_profile.save(update_fields=["dismissed_sectors"])
    url = reverse("companies:profile_edit", args=[sme_profile.organisation.slug])
    page = sme_owner_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'data-sector="{HEAT_PUMPS}"' in page
    assert "“Heat pumps”" in page  # the words behind the suggestion
    assert f'name="dismissed_sectors" value="{HEAT_PUMPS}">' in page  # offered, not ticked


@pytest.mark.django_db
def test_a_dismissed_suggestion_no_longer_counts_in_the_matching(sme_profile, sme_org):
    before = {r.id: r for r in sme_records()}[sme_org.pk]
    assert HEAT_PUMPS in before.suggested_sectors
    services.profile_update(profile=sme_profile, data={"dismissed_sectors": [HEAT_PUMPS]})
    sme_profile.refresh_from_db()
    assert sme_profile.dismissed_sectors == [HEAT_PUMPS]
    after = {r.id: r for r in sme_records()}[sme_org.pk]
    assert HEAT_PUMPS not in after.suggested_sectors
