"""Cluster staff import SME profiles from CSV or XLSX: checked row by row through the
profile form, previewed, then created all or nothing; sectors suggested where a row names
none wait for the SME to confirm them at its first log-in."""

import csv
import io
import re

import pytest
from django.urls import reverse

from companies import profile_import
from companies.models import CompanyProfile, Invitation, Membership, Organisation
from tests.factories import PASSWORD, ClusterFactory, MembershipFactory, StaffFactory, UserFactory
from tests.fixtures import ALL_PERSONAS, _client_for

HEADER = list(profile_import.COLUMNS)
HEAT = {
    "organisation": "Aalborg Heat Pumps", "country": "dk", "city": "Aalborg",
    "website": "https://aalborg-heat.example.com", "owner_email": "CEO@aalborg-heat.example.com",
    "sectors": "district-heating|energy-efficiency.heat-pumps",
    "technologies": "large heat pumps;waste heat recovery",
    "certifications": "ISO 9001|Nordic Swan", "target_markets": "china|usa",
    "description_en": "Industrial heat pumps for district heating networks.",
    "description_zh": "区域供热用工业热泵。", "employees_band": "10-49", "turnover_band": "2-10m",
    "contact_name": "Sales", "contact_email": "sales@aalborg-heat.example.com",
    "contact_phone": "+45 98 12 34 56", "trl": "8", "founded_year": "2011",
    "clusters": "clean-denmark",
}
WATER = {
    "organisation": "Lyon Water Treatment", "country": "FR",
    "description_en": "Membrane bioreactors for municipal wastewater treatment and sludge "
                      "drying, with nutrient recovery.",
    "technologies": "membrane bioreactor|sludge drying",
}


def _csv(*rows, header=HEADER) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return out.getvalue().encode()


def _xlsx(*rows, header=HEADER) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(name) for name in header])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.fixture
def cluster(db):
    return ClusterFactory(name="CLEAN Denmark", slug="clean-denmark")


def _profile_state(name):
    profile = CompanyProfile.objects.get(organisation__name=name)
    organisation = profile.organisation
    return {
        "organisation": (organisation.kind, organisation.country.code, organisation.city,
                         organisation.website),
        "sectors": sorted(profile.sectors.values_list("code", flat=True)),
        "suggested": profile.suggested_sectors,
        "clusters": sorted(profile.clusters.values_list("slug", flat=True)),
        "fields": (profile.technologies, profile.certifications, profile.target_markets,
                   profile.description_en, profile.description_zh, profile.employees_band,
                   profile.turnover_band, profile.contact_name, profile.contact_email,
                   profile.contact_phone, profile.trl, profile.founded_year, profile.status),
        "members": profile.organisation.memberships.count(),
    }


HEAT_STATE = {
    "organisation": ("sme", "DK", "Aalborg", "https://aalborg-heat.example.com"),
    "sectors": ["district-heating", "energy-efficiency.heat-pumps"],
    "suggested": None,
    "clusters": ["clean-denmark"],
    "fields": (["large heat pumps", "waste heat recovery"], ["ISO 9001", "Nordic Swan"],
               ["china", "usa"], "Industrial heat pumps for district heating networks.",
               "区域供热用工业热泵。", "10-49", "2-10m", "Sales", "sales@aalborg-heat.example.com",
               "+45 98 12 34 56", 8, 2011, "draft"),
    "members": 0,
}


@pytest.mark.django_db
@pytest.mark.parametrize("make", [_csv, _xlsx], ids=["csv", "xlsx"])
def test_a_valid_file_imports_its_rows_exactly(make, cluster, staff_user,
                                               django_capture_on_commit_callbacks):
    before = Organisation.objects.count()
    xlsx_heat = {**HEAT, "trl": 8, "founded_year": 2011} if make is _xlsx else HEAT
    with django_capture_on_commit_callbacks(execute=True):
        result = profile_import.profiles_import(content=make(xlsx_heat, WATER), actor=staff_user)
    assert result.errors == []
    assert [o.name for o in result.created] == ["Aalborg Heat Pumps", "Lyon Water Treatment"]
    assert Organisation.objects.count() == before + 2
    assert _profile_state("Aalborg Heat Pumps") == HEAT_STATE
    water = _profile_state("Lyon Water Treatment")
    assert water["sectors"] == [] and water["organisation"] == ("sme", "FR", "", "")
    # No sector named: the water sectors its words point to wait for the SME to confirm.
    assert water["suggested"] == ["water-treatment.wastewater",
                                  "circular-economy.industrial-symbiosis"]
    assert list(Invitation.objects.values_list("organisation__name", "email", "role")) == [
        ("Aalborg Heat Pumps", "ceo@aalborg-heat.example.com", Membership.Role.OWNER)]


@pytest.mark.django_db
def test_a_csv_with_semicolons_as_european_spreadsheets_save_it(staff_user):
    content = (b"organisation;country;technologies;description_en\n"
               b"Lyon Water Treatment;FR;membrane bioreactor|sludge drying;"
               b"\"Membranes; sludge drying\"\n")
    result = profile_import.profiles_import(content=content, actor=staff_user)
    assert result.errors == []
    profile = CompanyProfile.objects.get(organisation__name="Lyon Water Treatment")
    assert (profile.organisation.country.code, profile.technologies, profile.description_en) == (
        "FR", ["membrane bioreactor", "sludge drying"], "Membranes; sludge drying")


@pytest.mark.django_db
def test_one_bad_row_saves_nothing_and_names_every_problem(cluster, staff_user, sme_org):
    before = (Organisation.objects.count(), CompanyProfile.objects.count(),
              Invitation.objects.count())
    bad = {**WATER, "organisation": "Lyon Water 2", "country": "XX", "sectors": "moon-mining",
           "trl": "12", "owner_email": "not-an-address", "description_en": "x" * 5001}
    content = _csv(HEAT, bad, {**WATER, "organisation": sme_org.name.upper()}, HEAT)
    result = profile_import.profiles_import(content=content, actor=staff_user)
    assert [(e.line, e.column, e.message) for e in result.errors] == [
        (3, "country", "Value 'XX' is not a valid choice."),
        (3, "owner_email", "Enter a valid email address."),
        (3, "sectors", "Unknown sector: moon-mining."),
        (3, "description_en", "Ensure this value has at most 5000 characters (it has 5001)."),
        (3, "trl", "Select a valid choice. 12 is not one of the available choices."),
        (4, "organisation", "An organisation with this name is already registered."),
        (5, "organisation", "This organisation is already on line 2 of the file."),
    ]
    assert result.bad_lines == [3, 4, 5] and result.created == [] and result.rows == []
    assert (Organisation.objects.count(), CompanyProfile.objects.count(),
            Invitation.objects.count()) == before


HOSTILE = {
    "bare carriage return": (
        b"organisation,country\r\nNordic\rHeat,SE\r\n",
        "The file is not valid CSV at line 2: put text with line breaks in double quotes, "
        "and keep every field under 131,072 characters.",
    ),
    "field over the csv limit": (
        b'organisation,country\n"' + b"x" * 140_000 + b'",SE\n',
        "The file is not valid CSV at line 2: put text with line breaks in double quotes, "
        "and keep every field under 131,072 characters.",
    ),
    "not utf-8": (b"organisation,country\n\xff\xfeHeat,SE\n", "The file is not UTF-8 encoded text."),
    "nul byte": (b"organisation,country\nHeat\x00Pumps,SE\n",
                 "The file holds a NUL character, which no text may contain."),
    "broken xlsx": (b"PK\x03\x04" + b"\x00" * 200, "The file is not a valid XLSX workbook."),
    "empty": (b"", "The submitted file is empty."),
    "header only": (b"organisation,country\n", "The file holds no rows."),
    "missing columns": (b"name,city\nHeat,Malm\xc3\xb6\n",
                        "Missing columns: country, organisation."),
    "unknown columns": (b"organisation,country,password\nHeat,SE,x\n",
                        "Unknown columns: password."),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_files_answer_with_errors_on_the_form(case, staff_client):
    content, message = HOSTILE[case]
    before = Organisation.objects.count()
    upload = io.BytesIO(content)
    upload.name = "profiles.xlsx" if content.startswith(b"PK") else "profiles.csv"
    response = staff_client.post(reverse("companies:profile_import"), {"file": upload},
                                 HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert message in response.content.decode().replace("&#x27;", "'")
    assert "companies.profile_import" not in staff_client.session
    assert Organisation.objects.count() == before


def _xml_bomb_xlsx() -> bytes:
    """A real workbook whose sheet declares nested entities (billion laughs) and uses the
    last one as the organisation's name."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(_xlsx({"organisation": "Heat", "country": "SE"})))
    entities = b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"lol") * 10)
        for i in range(1, 10)
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                assert b"<t>Heat</t>" in data
                data = (
                    b'<?xml version="1.0"?><!DOCTYPE worksheet [' + entities + b"]>"
                    + data.replace(b"<t>Heat</t>", b"<t>&lol9;</t>")
                )
            target.writestr(item, data)
    return out.getvalue()


def test_workbooks_are_parsed_without_entity_expansion():
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML is True


@pytest.mark.django_db
def test_a_workbook_with_an_entity_bomb_is_refused_with_a_message(staff_client):
    before = Organisation.objects.count()
    upload = io.BytesIO(_xml_bomb_xlsx())
    upload.name = "profiles.xlsx"
    response = staff_client.post(reverse("companies:profile_import"), {"file": upload},
                                 HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "The file is not a valid XLSX workbook." in response.content.decode()
    assert Organisation.objects.count() == before


@pytest.mark.django_db
def test_an_oversized_upload_is_a_form_error(staff_client):
    upload = io.BytesIO(_csv(WATER) + b" " * (profile_import.MAX_BYTES + 1))
    upload.name = "big.csv"
    response = staff_client.post(reverse("companies:profile_import"), {"file": upload},
                                 HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.context["form"].errors == {"file": ["The file is larger than 5 MB."]}


STAFF_ONLY = {"anonymous": 302, "staff": 200, "admin": 200}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_only_staff_reach_the_import(persona, persona_client):
    client = persona_client(persona)
    expected = STAFF_ONLY.get(persona, 403)
    for name in ("profile_import", "profile_import_template"):
        response = client.get(reverse(f"companies:{name}"))
        assert response.status_code == expected, (name, response.status_code)
    upload = io.BytesIO(_csv(WATER))
    upload.name = "p.csv"
    response = client.post(reverse("companies:profile_import"), {"file": upload})
    assert response.status_code == expected
    confirm = client.post(reverse("companies:profile_import_confirm"), {"digest": "x"})
    assert confirm.status_code == {200: 302}.get(expected, expected)
    assert not Organisation.objects.filter(name="Lyon Water Treatment").exists()
    directory = client.get(reverse("companies:directory")).content.decode()
    assert ('id="directory-import"' in directory) == (expected == 200)


@pytest.mark.django_db
def test_staff_preview_then_confirm_in_the_pages(staff_client, cluster,
                                                 django_capture_on_commit_callbacks):
    before = Organisation.objects.count()
    upload = io.BytesIO(_csv(HEAT, WATER))
    upload.name = "profiles.csv"
    page = staff_client.post(reverse("companies:profile_import"), {"file": upload},
                             HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert page.status_code == 200
    assert [row["name"] for row in page.context["preview"]] == [
        "Aalborg Heat Pumps", "Lyon Water Treatment"]
    assert 'class="import-row" data-line="2"' in html and 'data-line="3"' in html
    assert page.context["preview"][1]["suggested"] == [
        "Wastewater treatment", "Industrial symbiosis and circular industrial parks"]
    assert ('<span class="suggested-sectors">Wastewater treatment, Industrial symbiosis and '
            'circular industrial parks</span>') in html
    assert Organisation.objects.count() == before  # a preview saves nothing
    digest = page.context["result"].digest

    stale = staff_client.post(reverse("companies:profile_import_confirm"), {"digest": "0" * 64})
    assert stale.status_code == 302 and Organisation.objects.count() == before
    with django_capture_on_commit_callbacks(execute=True):
        done = staff_client.post(reverse("companies:profile_import_confirm"), {"digest": digest},
                                 HTTP_ACCEPT_LANGUAGE="en")
    assert done.status_code == 302 and done["Location"] == reverse("companies:profile_import")
    assert Organisation.objects.count() == before + 2
    assert _profile_state("Aalborg Heat Pumps") == HEAT_STATE
    # Confirming twice imports nothing more: the preview is used up.
    again = staff_client.post(reverse("companies:profile_import_confirm"), {"digest": digest})
    assert again.status_code == 302 and Organisation.objects.count() == before + 2

    page = staff_client.get(reverse("companies:profile_import"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "导入企业资料" in page.content.decode()


@pytest.mark.django_db
def test_the_sme_confirms_suggested_sectors_at_its_first_log_in(staff_user, client):
    profile_import.profiles_import(content=_csv(WATER), actor=staff_user)
    profile = CompanyProfile.objects.get(organisation__name="Lyon Water Treatment")
    pending = list(profile.suggested_sectors)
    assert pending == ["water-treatment.wastewater", "circular-economy.industrial-symbiosis"]
    owner = UserFactory(email="owner@lyon-water.example.fr")
    MembershipFactory(user=owner, organisation=profile.organisation, role=Membership.Role.OWNER)
    response = client.post(reverse("account_login"),
                           {"login": owner.email, "password": PASSWORD})
    edit = reverse("companies:profile_edit", args=[profile.organisation.slug])
    assert response.status_code == 302 and response["Location"] == edit

    page = client.get(edit, HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert [s.code for s in page.context["pending_sectors"]] == sorted(pending)
    assert 'id="pending-sectors"' in html
    ticked = {str(s.pk) for s in page.context["form"].initial["sectors"]}
    assert {str(s.pk) for s in page.context["pending_sectors"]} <= ticked

    # Staff editing the profile meanwhile leave the suggestions to the SME.
    staff = StaffFactory()
    staff_page = _client_for(staff).get(edit, HTTP_ACCEPT_LANGUAGE="en")
    assert staff_page.context["pending_sectors"] == [] and 'id="pending-sectors"' not in (
        staff_page.content.decode())
    response = _client_for(staff).post(edit, {"description_en": profile.description_en,
                                              "save": "1"})
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.suggested_sectors == pending and profile.sectors.count() == 0

    keep, drop = page.context["pending_sectors"][0], page.context["pending_sectors"][1:]
    response = client.post(edit, {"description_en": profile.description_en,
                                  "technologies": ", ".join(profile.technologies),
                                  "sectors": [keep.pk], "save": "1"})
    assert response.status_code == 302
    profile.refresh_from_db()
    assert list(profile.sectors.values_list("code", flat=True)) == [keep.code]
    assert profile.suggested_sectors is None
    assert profile.dismissed_sectors == sorted(s.code for s in drop)
    # Confirmed once: the next log-in goes where it always goes.
    client.post(reverse("account_logout"))
    response = client.post(reverse("account_login"),
                           {"login": owner.email, "password": PASSWORD})
    assert response["Location"] != edit


def test_the_template_names_every_column():
    rows = list(csv.DictReader(io.StringIO(profile_import.template_csv())))
    assert list(rows[0]) == HEADER and rows[0]["organisation"] == "Nordic Heat Solutions"


def _zh_msgids() -> list[str]:
    from tests.i18n_utils import catalog_entries
    from tests.test_i18n import catalogs

    return [m for path in catalogs("zh_Hans") for m, _, _ in catalog_entries(path)]


@pytest.mark.django_db
def test_the_import_and_the_confirmation_read_in_chinese(staff_client, staff_user, client,
                                                         cluster):
    from tests.i18n_utils import untranslated_in

    staff_client.cookies["django_language"] = "zh-hans"
    upload = io.BytesIO(_csv(HEAT, WATER))
    upload.name = "profiles.csv"
    preview = staff_client.post(reverse("companies:profile_import"), {"file": upload})
    text = re.sub(r"<code>.*?</code>", "", preview.content.decode(), flags=re.S)
    assert 'lang="zh-hans"' in text
    assert "预览：2 份企业资料，尚未保存" in text and "污水处理" in text
    assert untranslated_in(text, _zh_msgids()) == []
    upload = io.BytesIO(_csv(HEAT, {**WATER, "trl": "12"}))
    upload.name = "profiles.csv"
    errors = staff_client.post(reverse("companies:profile_import"), {"file": upload})
    text = re.sub(r"<code>.*?</code>", "", errors.content.decode(), flags=re.S)
    assert "未导入任何数据：有 1 行存在错误。" in text
    assert untranslated_in(text, _zh_msgids()) == []

    profile_import.profiles_import(content=_csv(WATER), actor=staff_user)
    profile = CompanyProfile.objects.get(organisation__name="Lyon Water Treatment")
    owner = UserFactory(email="owner@lyon-water.example.fr")
    MembershipFactory(user=owner, organisation=profile.organisation, role=Membership.Role.OWNER)
    client.force_login(owner, backend="django.contrib.auth.backends.ModelBackend")
    client.cookies["django_language"] = "zh-hans"
    page = client.get(reverse("companies:profile_edit", args=[profile.organisation.slug]))
    text = page.content.decode()
    assert "您所在的产业集群导入了此资料" in text and "污水处理" in text
    assert untranslated_in(text, _zh_msgids()) == []
