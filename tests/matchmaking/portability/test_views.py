"""The data page and the export over every persona: the organisation's owners only,
everyone else 404 (staff too), anonymous visitors to the log-in; in Chinese too."""

import pytest
from django.urls import reverse

from companies.models import Organisation
from tests.i18n_utils import catalog_entries, untranslated_in
from tests.test_i18n import CHROME_CATALOGS, catalogs

PERSONAS = ["anonymous", "sme_owner", "sme_member", "other_sme", "buyer", "approved_buyer",
            "staff"]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", ["portability:data", "portability:export"])
def test_only_the_owner_reaches_the_data(persona, name, personas, sme_org):
    client = personas[persona].client
    response = client.get(reverse(name, args=[sme_org.slug]))
    if persona == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif persona == "sme_owner":
        assert response.status_code == 200
    else:
        assert response.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["sme_member", "other_sme", "buyer", "staff"])
def test_no_one_but_the_owner_erases(persona, personas, sme_org):
    response = personas[persona].client.post(
        reverse("portability:data", args=[sme_org.slug]), {"confirm": sme_org.name}
    )
    assert response.status_code == 404
    assert Organisation.objects.get(pk=sme_org.pk).name == "Nordic Heat Solutions"


@pytest.mark.django_db
def test_a_wrong_name_erases_nothing(sme_owner_client, sme_org):
    response = sme_owner_client.post(reverse("portability:data", args=[sme_org.slug]),
                                     {"confirm": "Nordic Heat"})
    assert response.status_code == 200
    assert response.context["form"].errors == {"confirm": ["The name does not match."]}
    assert Organisation.objects.get(pk=sme_org.pk).name == "Nordic Heat Solutions"


@pytest.mark.django_db
def test_the_data_page_in_chinese_has_no_english_left(sme_owner_client, sme_org):
    sme_owner_client.cookies["django_language"] = "zh-hans"
    msgids = [m for path in catalogs("zh_Hans", CHROME_CATALOGS) for m, _, _ in catalog_entries(path)]
    url = reverse("portability:data", args=[sme_org.slug])
    for response in (sme_owner_client.get(url), sme_owner_client.post(url, {"confirm": "x"})):
        text = response.content.decode()
        assert 'lang="zh-hans"' in text
        assert "删除机构数据" in text
        assert untranslated_in(text, msgids) == []
    tokens = sme_owner_client.get(reverse("api:tokens")).content.decode()
    assert url in tokens and untranslated_in(tokens, msgids) == []
