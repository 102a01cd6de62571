"""Hostile input on every form of the companies app a non-staff person can submit: sign-up,
preferences, the organisation, the profile, reference projects, invitations, uploads.

Each property: never a server error; text within the field's limit is stored and reads back
equal (long, Chinese, Arabic, emoji, control characters); anything else is refused with a
message on the form and changes nothing.
"""

import io

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st
from PIL import Image

from companies.forms import split_keywords
from companies.models import CompanyProfile, Invitation, Organisation, PendingOrganisation, User
from tests.hostile_text import HOSTILE, SAMPLES, form_errors, hostile_text, rolled_back, stored

pytestmark = pytest.mark.django_db

NUL = "nul\x00byte"


def _fits(value: str, limit: int, *, required: bool = True) -> bool:
    """Whether a text field of ``limit`` characters accepts ``value``."""
    kept = stored(value)
    return "\x00" not in value and len(kept) <= limit and (bool(kept) or not required)


def _refused(response, field: str) -> None:
    assert response.status_code == 200
    assert field in form_errors(response), form_errors(response)


# --- Preferences ---------------------------------------------------------------------------


@HOSTILE
@given(name=hostile_text(200))
@example(name=NUL)
@example(name="x" * 10_000)
def test_preferences_keep_any_name_or_refuse_it(sme_owner, sme_owner_client, name):
    url = reverse("companies:preferences")
    with rolled_back():
        response = sme_owner_client.post(url, {"full_name": name, "time_zone": "Asia/Shanghai"})
        sme_owner.refresh_from_db()
        if _fits(name, 200, required=False):
            assert response.status_code == 302
            assert sme_owner.full_name == stored(name)
        else:
            _refused(response, "full_name")
            assert sme_owner.full_name == "Olga Owner"


# --- The organisation and its profile ----------------------------------------------------


@HOSTILE
@given(name=hostile_text(200), city=hostile_text(120))
@example(name=NUL, city="Malmö")
@example(name="Nordic", city="\x00")
def test_the_organisation_keeps_any_name_and_city_or_refuses_them(sme_org, sme_owner_client,
                                                                  name, city):
    url = reverse("companies:organisation_edit", args=[sme_org.slug])
    data = {"name": name, "city": city, "country": "SE", "website": ""}
    with rolled_back():
        response = sme_owner_client.post(url, data)
        sme_org.refresh_from_db()
        if _fits(name, 200) and _fits(city, 120, required=False):
            assert response.status_code == 302
            assert (sme_org.name, sme_org.city) == (stored(name), stored(city))
        else:
            assert response.status_code == 200 and form_errors(response)
            assert (sme_org.name, sme_org.city) == ("Nordic Heat Solutions", "Malmö")


def _profile_data(**fields) -> dict:
    return {
        "description_en": "Heat pumps.", "sectors": [], "trl": "7", "employees_band": "",
        "turnover_band": "", "contact_name": "", "contact_email": "", "contact_phone": "",
        "technologies": "", "other_certifications": "", **fields,
    }  # fmt: skip


PROFILE_TEXT = [("description_en", 5000), ("description_zh", 5000), ("contact_name", 200),
                ("contact_phone", 40)]  # fmt: skip


@HOSTILE
@given(field_limit=st.sampled_from(PROFILE_TEXT), value=hostile_text(400))
@example(field_limit=("description_en", 5000), value="长" * 5000)
@example(field_limit=("description_en", 5000), value="🔥" * 5001)
@example(field_limit=("description_zh", 5000), value=NUL)
@example(field_limit=("contact_name", 200), value=SAMPLES[3])
def test_the_profile_keeps_any_text_or_refuses_it(sme_profile, sme_owner_client, field_limit,
                                                  value):
    field, limit = field_limit
    url = reverse("companies:profile_edit", args=[sme_profile.organisation.slug])
    before = CompanyProfile.objects.values().get(pk=sme_profile.pk)
    with rolled_back():
        response = sme_owner_client.post(url, _profile_data(**{field: value}))
        after = CompanyProfile.objects.values().get(pk=sme_profile.pk)
        if _fits(value, limit, required=False):
            assert response.status_code == 302, form_errors(response)
            assert after[field] == stored(value)
        else:
            _refused(response, field)
            assert after == before


@HOSTILE
@given(technologies=hostile_text(2000))
@example(technologies="热泵, 区域供热; مضخات حرارية\n🔥 heat pumps")
def test_technology_keywords_keep_any_words(sme_profile, sme_owner_client, technologies):
    url = reverse("companies:profile_edit", args=[sme_profile.organisation.slug])
    with rolled_back():
        response = sme_owner_client.post(url, _profile_data(technologies=technologies))
        sme_profile.refresh_from_db()
        if _fits(technologies, 2000, required=False):
            assert response.status_code == 302, form_errors(response)
            assert sme_profile.technologies == split_keywords(stored(technologies))
        else:
            _refused(response, "technologies")
            assert sme_profile.technologies == ["heat pumps", "district heating"]


@HOSTILE
@given(title=hostile_text(200), place=hostile_text(120), description=hostile_text(3000))
@example(title="上海虹桥枢纽区域能源站", place="上海", description="🔥" * 3000)
@example(title="\x00", place="", description="")
def test_reference_projects_keep_any_text_or_refuse_it(sme_profile, sme_owner_client, title,
                                                       place, description):
    url = reverse("companies:references", args=[sme_profile.organisation.slug])
    data = {"title": title, "place": place, "year": "2020", "description": description}
    with rolled_back():
        response = sme_owner_client.post(url, data)
        references = list(sme_profile.references.values_list("title", "place", "description"))
        if _fits(title, 200) and _fits(place, 120, required=False) and _fits(
            description, 3000, required=False
        ):
            assert response.status_code == 302, form_errors(response)
            assert references == [(stored(title), stored(place), stored(description))]
        else:
            assert response.status_code == 200 and form_errors(response)
            assert references == []


# --- Invitations ---------------------------------------------------------------------------


@HOSTILE
@given(email=st.one_of(st.emails(), hostile_text(300)))
@example(email="新同事@例子.中国")
@example(email="a@b.c\x00")
@example(email="x" * 300 + "@example.org")
def test_an_invitation_goes_to_a_valid_address_or_is_refused(sme_org, sme_owner_client,
                                                             mailoutbox, email):
    url = reverse("companies:member_invite", args=[sme_org.slug])
    with rolled_back():
        response = sme_owner_client.post(url, {"email": email, "role": "member"}, follow=True)
        assert response.status_code == 200
        invited = list(Invitation.objects.filter(organisation=sme_org).values_list("email",
                                                                                    flat=True))
        messages = [(m.level_tag, str(m)) for m in response.context["messages"]]
        if _valid_email(email):
            assert invited == [email.strip().lower()]
            assert messages == [("success", f"An invitation has been sent to {invited[0]}.")]
        else:
            assert invited == []
            assert len(messages) == 1 and messages[0][0] == "error", messages


def _valid_email(value: str) -> bool:
    from django import forms
    from django.core.exceptions import ValidationError

    try:
        forms.EmailField().clean(value)
    except ValidationError:
        return False
    return len(value.strip()) <= Invitation._meta.get_field("email").max_length


# --- Sign-up -------------------------------------------------------------------------------


@HOSTILE
@given(full_name=hostile_text(200), organisation=hostile_text(200))
@example(full_name="王小明", organisation="南京江北新区规划局")
@example(full_name="محمد", organisation="مؤسسة الطاقة 🔥")
@example(full_name="\x00", organisation="Nordic")
def test_sign_up_keeps_any_name_or_refuses_it(db, full_name, organisation):
    client = Client()
    data = {
        "email": "newcomer@example.org", "password1": "a-long-passphrase-42",
        "password2": "a-long-passphrase-42", "full_name": full_name, "kind": "sme",
        "organisation_name": organisation, "country": "SE",
    }  # fmt: skip
    with rolled_back():
        response = client.post(reverse("account_signup"), data)
        user = User.objects.filter(email="newcomer@example.org").first()
        if _fits(full_name, 200) and _fits(organisation, 200):
            assert response.status_code == 302, form_errors(response)
            assert user.full_name == stored(full_name)
            pending = PendingOrganisation.objects.get(user=user)
            assert pending.name == stored(organisation)
        else:
            assert response.status_code == 200 and form_errors(response)
            assert user is None
            assert not Organisation.objects.filter(name=stored(organisation)).exists()


# --- Uploads the upload tests do not already cover ---------------------------------------


def _png(size=(64, 64)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "green").save(out, "PNG")
    return out.getvalue()


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 64), "blue").save(out, "JPEG")
    return out.getvalue()


MALFORMED = [
    ("logo", "cut.png", _png()[:60], "must be a PNG, JPEG or WebP"),
    ("logo", "cut.jpg", _jpeg()[: len(_jpeg()) // 2], "must be a PNG, JPEG or WebP"),
    ("logo", "empty.png", b"", "The submitted file is empty"),
    ("logo", "logo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "must be a PNG, JPEG or WebP"),
    ("brochure", "cut.pdf", b"%PDF-1.7\n1 0 obj<<>>endobj\n", "must be a PDF"),
    ("brochure", "empty.pdf", b"", "The submitted file is empty"),
    ("brochure", "brochure.pdf", "江北 brochure".encode("gb18030"), "must be a PDF"),
]


@pytest.mark.parametrize(("field", "name", "content", "message"), MALFORMED)
def test_a_malformed_upload_is_refused_with_a_message(sme_profile, sme_owner_client, field, name,
                                                      content, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("companies:profile_edit", args=[sme_profile.organisation.slug])
    before = CompanyProfile.objects.values().get(pk=sme_profile.pk)
    upload = SimpleUploadedFile(name, content)
    response = sme_owner_client.post(url, _profile_data(**{field: upload}))
    assert response.status_code == 200
    assert any(message in error for error in form_errors(response)[field])
    assert message in response.content.decode()
    assert CompanyProfile.objects.values().get(pk=sme_profile.pk) == before


# --- The staff's bulk profile import: files that are not what they claim ---------------------


def _profiles_csv(**fields) -> str:
    import csv

    from companies.profile_import import COLUMNS

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, restval="")
    writer.writeheader()
    writer.writerow({"organisation": "Baltic Heat", "country": "SE",
                     "description_en": "Heat pumps.", **fields})  # fmt: skip
    return out.getvalue()


BAD_PROFILE_FILES = [
    ("latin-1", _profiles_csv(city="Malmö").encode("latin-1"), "not UTF-8 encoded"),
    ("utf-16", _profiles_csv().encode("utf-16"), "not UTF-8 encoded"),
    ("empty", b"", "The submitted file is empty"),
    ("a NUL", _profiles_csv(city="Mal\x00mö").encode(), "NUL character"),
    ("a bare CR", _profiles_csv(city="Mal\rmö").replace('"Mal\rmö"', "Mal\rmö").encode(),
     "not valid CSV at line 2"),
    ("a field of 131,073 characters", _profiles_csv(description_en="x" * 131_073).encode(),
     "not valid CSV at line 2"),
    ("a broken workbook", b"PK\x03\x04" + bytes(200), "not a valid XLSX workbook"),
    ("a picture", _png(), "not UTF-8 encoded"),
]


@pytest.mark.parametrize(("case", "content", "message"), BAD_PROFILE_FILES,
                         ids=[c[0] for c in BAD_PROFILE_FILES])  # fmt: skip
def test_a_bad_profile_import_file_is_refused_with_a_message(staff_client, case, content, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    organisations = Organisation.objects.count()
    upload = SimpleUploadedFile("profiles.csv", content)
    response = staff_client.post(reverse("companies:profile_import"), {"file": upload})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Organisation.objects.count() == organisations
    assert "companies.profile_import" not in staff_client.session
