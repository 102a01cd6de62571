"""Forms for sign-up, organisations, members, company profiles and preferences.

Forms only validate; the views hand their cleaned data to ``companies.services``.
"""

import contextlib
import datetime as dt

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from . import services, tabular, taxonomy, uploads
from .models import CompanyProfile, Membership, Organisation, Sector, time_zone_choices

KIND_CHOICES = [
    (Organisation.Kind.SME, _("A European SME offering cleantech solutions")),
    (Organisation.Kind.BUYER, _("A buyer: city, utility, developer or investor")),
    (Organisation.Kind.INVESTOR, _("An investor: fund, venture capital or investment group")),
]


def _country_choices():
    return [("", _("Choose a country"))] + list(countries)



class SpreadsheetField(forms.FileField):
    """A CSV or XLSX file of at most 5 MB, as the imports read it (``tabular``)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("CSV or XLSX file"))
        kwargs.setdefault(
            "help_text", _("Up to 5 MB; UTF-8 text for CSV. The first row names the columns.")
        )
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": tabular.ACCEPT}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload and upload.size > tabular.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


class StyledForm(forms.Form):
    """Tick boxes and radio buttons get Bootstrap's class (other widgets get theirs in
    the ``bs_widget`` template filter)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                field.widget.attrs.setdefault("class", "form-check-input")


def split_keywords(value: str) -> list[str]:
    """"a, b;c" → ["a", "b", "c"]: keywords typed as a list, without duplicates."""
    seen: dict[str, None] = {}
    for part in value.replace(";", ",").replace("\n", ",").split(","):
        part = " ".join(part.split())
        if part and part.lower() not in {key.lower() for key in seen}:
            seen[part[:80]] = None
    return list(seen)[:30]


class SignupForm(StyledForm):
    """Extra sign-up fields: who the person is and which organisation they represent.

    Someone following an invitation link joins the inviting organisation instead, so the
    organisation fields are dropped for them.
    """

    full_name = forms.CharField(label=_("Your name"), max_length=200)
    kind = forms.ChoiceField(
        label=_("I represent"), choices=KIND_CHOICES, widget=forms.RadioSelect
    )
    organisation_name = forms.CharField(label=_("Organisation name"), max_length=200)
    country = forms.ChoiceField(label=_("Country"), choices=_country_choices)

    field_order = ["kind", "organisation_name", "country", "full_name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation = self._pending_invitation()
        if self.invitation is not None:
            for name in ("kind", "organisation_name", "country"):
                del self.fields[name]

    @staticmethod
    def _pending_invitation():
        from allauth.core import context

        request = context.request
        token = request.session.get(INVITATION_SESSION_KEY) if request is not None else None
        if not token:
            return None
        try:
            return services.invitation_from_token(token)
        except services.InvitationInvalid:
            return None

    def clean(self):
        """Someone following an invitation signs up with the invited address: the form has
        no organisation fields then, so another address could only make an account that
        belongs nowhere."""
        cleaned_data = super().clean()
        email = (cleaned_data.get("email") or "").lower()
        if self.invitation is not None and email and email != self.invitation.email.lower():
            self.add_error(
                "email",
                forms.ValidationError(
                    _("This invitation to %(organisation)s is for %(invited)s. Sign up with "
                      "that address, or open the invitation again and choose to register "
                      "your own organisation."),
                    code="not_invited",
                    params={
                        "organisation": self.invitation.organisation.name,
                        "invited": self.invitation.email,
                    },
                ),
            )
        return cleaned_data

    def signup(self, request, user) -> None:
        """Called by allauth once the user row exists: join or create the organisation."""
        user.full_name = self.cleaned_data["full_name"]
        user.save(update_fields=["full_name"])
        if self.invitation is not None and self.invitation.email == user.email.lower():
            request.session.pop(INVITATION_SESSION_KEY, None)
            # Used up meanwhile: they create or join an organisation once signed in.
            with contextlib.suppress(services.InvitationInvalid):
                services.invitation_accept(invitation=self.invitation, user=user)
            return
        # Created once the address is verified (companies.apps connects that).
        services.signup_organisation_request(
            user=user,
            name=self.cleaned_data["organisation_name"],
            kind=self.cleaned_data["kind"],
            country=self.cleaned_data["country"],
        )


INVITATION_SESSION_KEY = "companies.invitation"


class OrganisationForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    country = forms.ChoiceField(label=_("Country"), choices=_country_choices)
    city = forms.CharField(label=_("City"), max_length=120, required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")


class NewOrganisationForm(OrganisationForm):
    kind = forms.ChoiceField(
        label=_("It is"), choices=KIND_CHOICES, widget=forms.RadioSelect
    )
    field_order = ["kind", "name", "country", "city", "website"]


class SectorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Sector) -> str:
        return obj.name


class ProfileForm(StyledForm):
    """Everything an SME says about itself; files are checked by content on validation."""

    description_en = forms.CharField(
        label=_("Description (English)"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=5000,
        help_text=_("What you make, for whom, and what it achieves. Buyers search these words."),
    )
    description_zh = forms.CharField(
        label=_("Description (Chinese, optional)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
    )
    sectors = SectorChoiceField(
        label=_("Sectors"),
        queryset=Sector.objects.order_by("code"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    clusters = forms.ModelMultipleChoiceField(
        label=_("Clusters you belong to"),
        queryset=Organisation.objects.filter(kind=Organisation.Kind.CLUSTER).order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    technologies = forms.CharField(
        label=_("Technologies"),
        required=False,
        max_length=2000,
        help_text=_("Keywords separated by commas, for example: heat pumps, district heating."),
    )
    trl = forms.TypedChoiceField(
        label=_("Technology readiness level (TRL)"),
        choices=[("", _("Not stated"))] + [(str(level), str(level)) for level in range(1, 10)],
        coerce=int,
        empty_value=None,
        required=False,
    )
    certifications = forms.MultipleChoiceField(
        label=_("Certifications"),
        choices=[(name, name) for name in CompanyProfile.COMMON_CERTIFICATIONS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    other_certifications = forms.CharField(
        label=_("Other certifications"),
        required=False,
        max_length=500,
        help_text=_("Separated by commas."),
    )
    target_markets = forms.MultipleChoiceField(
        label=_("Target markets"),
        choices=CompanyProfile.TargetMarket.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    employees_band = forms.ChoiceField(
        label=_("Employees"),
        choices=[("", _("Not stated"))] + CompanyProfile.EmployeesBand.choices,
        required=False,
    )
    turnover_band = forms.ChoiceField(
        label=_("Turnover"),
        choices=[("", _("Not stated"))] + CompanyProfile.TurnoverBand.choices,
        required=False,
    )
    founded_year = forms.IntegerField(label=_("Year founded"), required=False, min_value=1800)
    contact_name = forms.CharField(label=_("Contact person"), max_length=200, required=False)
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=40, required=False)
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_("PNG, JPEG or WebP, up to 2 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )
    brochure = forms.FileField(
        label=_("Brochure"),
        required=False,
        help_text=_("PDF, up to 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )
    dismissed_sectors = forms.MultipleChoiceField(
        label=_("Dismiss these suggestions"),
        choices=lambda: [(s.code, s.code) for s in taxonomy.SECTORS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)
    remove_brochure = forms.BooleanField(label=_("Remove the brochure"), required=False)

    @classmethod
    def initial_for(cls, profile: CompanyProfile) -> dict:
        common = set(CompanyProfile.COMMON_CERTIFICATIONS)
        return {
            "description_en": profile.description_en,
            "description_zh": profile.description_zh,
            "sectors": list(profile.sectors.all()),
            "clusters": list(profile.clusters.all()),
            "technologies": ", ".join(profile.technologies),
            "dismissed_sectors": list(profile.dismissed_sectors or ()),
            "trl": profile.trl,
            "certifications": [c for c in profile.certifications if c in common],
            "other_certifications": ", ".join(
                c for c in profile.certifications if c not in common
            ),
            "target_markets": profile.target_markets,
            "employees_band": profile.employees_band,
            "turnover_band": profile.turnover_band,
            "founded_year": profile.founded_year,
            "contact_name": profile.contact_name,
            "contact_email": profile.contact_email,
            "contact_phone": profile.contact_phone,
        }

    def clean_founded_year(self):
        year = self.cleaned_data.get("founded_year")
        if year is not None and year > timezone.now().year:
            raise forms.ValidationError(_("The year cannot be in the future."))
        return year

    def clean_logo(self):
        upload = self.cleaned_data.get("logo")
        return uploads.clean_logo(upload) if upload else None

    def clean_brochure(self):
        upload = self.cleaned_data.get("brochure")
        return uploads.clean_brochure(upload) if upload else None

    def service_arguments(self) -> dict:
        """Keyword arguments for ``services.profile_update``."""
        data = self.cleaned_data
        certifications = list(data["certifications"]) + [
            c for c in split_keywords(data["other_certifications"])
            if c not in data["certifications"]
        ]
        return {
            "data": {
                "description_en": data["description_en"].strip(),
                "description_zh": data["description_zh"].strip(),
                "technologies": split_keywords(data["technologies"]),
                "dismissed_sectors": sorted(set(data["dismissed_sectors"])),
                "trl": data["trl"],
                "certifications": certifications,
                "target_markets": list(data["target_markets"]),
                "employees_band": data["employees_band"],
                "turnover_band": data["turnover_band"],
                "founded_year": data["founded_year"],
                "contact_name": data["contact_name"].strip(),
                "contact_email": data["contact_email"].strip(),
                "contact_phone": data["contact_phone"].strip(),
            },
            "sectors": data["sectors"],
            "clusters": data["clusters"],
            "logo": data.get("logo"),
            "brochure": data.get("brochure"),
            "remove_logo": data["remove_logo"] and not data.get("logo"),
            "remove_brochure": data["remove_brochure"] and not data.get("brochure"),
        }


class ReferenceProjectForm(StyledForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    place = forms.CharField(label=_("Place"), max_length=120, required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1950)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
        max_length=3000,
    )

    def clean_year(self):
        year = self.cleaned_data.get("year")
        if year is not None and year > dt.date.today().year + 1:
            raise forms.ValidationError(_("The year cannot be in the future."))
        return year


class InvitationForm(StyledForm):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices,
                             initial=Membership.Role.MEMBER)


class MembershipRoleForm(StyledForm):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class PreferencesForm(StyledForm):
    full_name = forms.CharField(label=_("Your name"), max_length=200, required=False)
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=time_zone_choices,
        help_text=_("Meeting times are shown in this time zone."),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("", _("As chosen in the browser"))] + list(settings.LANGUAGES),
        required=False,
    )
