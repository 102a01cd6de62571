"""Translation catalogs: Simplified Chinese complete everywhere, the chrome in every language."""

import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from matchmaking.site.navigation import NAVIGATION
from tests.i18n_utils import catalog_entries, untranslated_in

ROOT = Path(settings.BASE_DIR)
CATALOG_ROOTS = [
    ROOT / "locale",
    ROOT / "companies" / "locale",
    ROOT / "missions" / "locale",
    ROOT / "matchmaking" / "locale",
]
CHROME_CATALOGS = [ROOT / "locale", ROOT / "matchmaking" / "locale"]


def catalogs(language: str, roots=CATALOG_ROOTS) -> list[Path]:
    return [
        path for root in roots if (path := root / language / "LC_MESSAGES" / "django.po").exists()
    ]


def test_simplified_chinese_catalogs_are_complete():
    paths = catalogs("zh_Hans")
    assert ROOT / "locale/zh_Hans/LC_MESSAGES/django.po" in paths
    for path in paths:
        entries = catalog_entries(path)
        assert entries, path
        assert [msgid for msgid, msgstr, fuzzy in entries if not msgstr or fuzzy] == [], path


@pytest.mark.parametrize("language", ["sv", "fr", "de", "da"])
def test_interface_chrome_is_translated(language):
    """The chrome (base layout, home page, navigation, language names) in every language."""
    root = catalog_entries(ROOT / "locale" / language / "LC_MESSAGES" / "django.po")
    assert root
    assert [msgid for msgid, msgstr, fuzzy in root if not msgstr or fuzzy] == []
    with translation.override("en"):
        chrome = {str(entry.label) for entry in NAVIGATION}
        chrome |= {str(entry.menu) for entry in NAVIGATION if entry.menu}
        chrome |= {str(name) for _, name in settings.LANGUAGES}
    app = catalog_entries(ROOT / "matchmaking" / "locale" / language / "LC_MESSAGES" / "django.po")
    translated = {msgid for msgid, msgstr, fuzzy in app if msgstr and not fuzzy}
    assert sorted(chrome - translated) == []


def test_catalogs_compile_cleanly():
    for path in catalogs("zh_Hans") + [
        p for lang in ("sv", "fr", "de", "da") for p in catalogs(lang)
    ]:
        result = subprocess.run(
            ["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True
        )
        assert result.returncode == 0, f"{path}: {result.stderr}"


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "sv", "fr", "de", "da"])
def test_home_page_chrome_has_no_english_left(language):
    msgids = [
        m for path in catalogs("zh_Hans", CHROME_CATALOGS) for m, _, _ in catalog_entries(path)
    ]
    client = Client(headers={"accept-language": language})
    html = client.get("/").content.decode()
    assert f'<html lang="{language}">' in html
    text = _visible_text(html)
    left = untranslated_in(text, msgids)
    if language != "zh-hans":
        # Brand names read the same in these languages.
        left = [fragment for fragment in left if fragment != "Cleantech Matchmaking"]
    assert left == []


def test_language_names_translate():
    with translation.override("zh-hans"):
        assert str(dict(settings.LANGUAGES)["sv"]) == "瑞典语"


def _visible_text(html: str) -> str:
    import re

    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"<[^>]+>", " ", html)
    return " ".join(html.split())


def _country_options(html: str) -> dict[str, str]:
    select = re.search(r'<select[^>]*\bname="country".*?</select>', html, flags=re.S).group(0)
    return {
        code: " ".join(label.split())
        for code, label in re.findall(r'<option value="([A-Z]{2})"[^>]*>([^<]*)</option>', select)
    }


@pytest.mark.django_db
def test_country_menus_name_countries_in_the_readers_language(buyer, buyer_org):
    """The directory's, the buyer's supplier list's and the sign-up form's country menus,
    in Chinese and then in English (names from django-countries' CLDR translations)."""
    from django.urls import reverse

    from tests.factories import DemandProjectFactory

    demand = DemandProjectFactory(buyer=buyer_org)
    client = Client()
    client.force_login(buyer, backend="django.contrib.auth.backends.ModelBackend")
    pages = [
        reverse("companies:directory"),
        reverse("matchmaking:demand_suppliers", args=[demand.pk]),
        reverse("account_signup"),
    ]
    for language, sweden, germany in (("zh-hans", "瑞典", "德国"), ("en", "Sweden", "Germany")):
        buyer.language = language
        buyer.save(update_fields=["language"])
        for url in pages:
            reader = client if url != pages[-1] else Client(headers={"accept-language": language})
            page = reader.get(url)
            assert page.status_code == 200, url
            options = _country_options(page.content.decode())
            assert len(options) > 200, url
            assert (options["SE"], options["DE"]) == (sweden, germany), (language, url)
            if language == "zh-hans":
                latin = [name for name in options.values() if re.fullmatch(r"[A-Za-z ,.()'-]+", name)]
                assert latin == [], url
