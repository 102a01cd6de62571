"""Forms of the missions app. They validate input; the services do the writing."""

import datetime as dt
import zoneinfo

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from companies.forms import SpreadsheetField
from companies.models import Organisation, Sector
from companies.rules import is_staff

from .models import (
    AgendaSession,
    DemandProject,
    MeetingDay,
    Mission,
    MissionApplication,
)
from .services import DECISIONS, MAX_DELEGATION


def style_fields(form: forms.BaseForm) -> None:
    """Give widgets the Bootstrap classes the templates expect."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class StyledModelForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)

    def _post_clean(self):
        # The services validate the model (with their extra rules) before saving it.
        pass


class ListField(forms.CharField):
    """A list of short texts, typed comma-separated."""

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(value)
        return value

    def to_python(self, value):
        value = super().to_python(value)
        return [part.strip() for part in value.split(",") if part.strip()]


# Ids beyond a 64-bit integer cannot name a row; the database refuses even to look them up.
MAX_ID = 2**63 - 1
# The last day a mission may have: later dates (or a deadline on that day in a far-west zone)
# leave the range of Python's datetime once converted to UTC or shifted by a few days.
LAST_MISSION_DATE = dt.date(9998, 12, 31)


def _outside_id_range(value) -> bool:
    try:
        return abs(int(str(value).strip())) > MAX_ID
    except ValueError:
        return False  # not a number at all: the field refuses it with its own message


class IdChoiceField(forms.ModelChoiceField):
    """A model choice that refuses ids no row can have, instead of asking the database."""

    def to_python(self, value):
        if value not in self.empty_values and _outside_id_range(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Several model choices; ids no row can have are refused like unknown ones."""

    def _check_values(self, value):
        for pk in value if isinstance(value, list | tuple) else [value]:
            if _outside_id_range(pk):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


def _sector_field(label) -> forms.ModelMultipleChoiceField:
    return IdMultipleChoiceField(
        queryset=Sector.objects.filter(parent__isnull=False).select_related("parent"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=label,
    )


class MissionForm(StyledModelForm):
    """The application deadline is typed in the mission's own time zone."""

    organisers = IdMultipleChoiceField(
        queryset=Organisation.objects.filter(kind=Organisation.Kind.CLUSTER),
        widget=forms.CheckboxSelectMultiple,
        label=_("Organising clusters"),
    )
    sector_focus = _sector_field(_("Sector focus"))

    class Meta:
        model = Mission
        fields = [
            "title",
            "title_zh",
            "organisers",
            "target_market",
            "host_city",
            "time_zone",
            "start_date",
            "end_date",
            "capacity",
            "application_deadline",
            "sector_focus",
            "description",
            "description_zh",
        ]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "application_deadline": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "description": forms.Textarea(attrs={"rows": 4}),
            "description_zh": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "application_deadline": _("In the mission's time zone."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        capacity = self.fields["capacity"]
        capacity.max_value = MAX_DELEGATION
        capacity.validators.append(MaxValueValidator(MAX_DELEGATION))
        capacity.widget.attrs["max"] = MAX_DELEGATION
        if self.instance.pk and self.instance.application_deadline:
            zone = zoneinfo.ZoneInfo(self.instance.time_zone)
            local = timezone.localtime(self.instance.application_deadline, zone)
            self.initial["application_deadline"] = local.replace(tzinfo=None)

    def clean(self):
        cleaned = super().clean()
        too_late = _("Enter a date no later than %(date)s.") % {
            "date": LAST_MISSION_DATE.isoformat()
        }
        for name in ("start_date", "end_date"):
            if cleaned.get(name) and cleaned[name] > LAST_MISSION_DATE:
                self.add_error(name, too_late)
        deadline, zone_name = cleaned.get("application_deadline"), cleaned.get("time_zone")
        if deadline and deadline.date() > LAST_MISSION_DATE:
            self.add_error("application_deadline", too_late)
        elif deadline and zone_name:
            # The form read the wall-clock time in the reader's zone; it means the mission's.
            wall_clock = timezone.localtime(deadline).replace(tzinfo=None)
            cleaned["application_deadline"] = wall_clock.replace(
                tzinfo=zoneinfo.ZoneInfo(zone_name)
            )
        return cleaned

class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(choices=Mission.Status.choices)


class ApplicationForm(StyledForm):
    motivation = forms.CharField(
        label=_("Why do you want to join this mission?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
    )
    sectors = _sector_field(_("Your sectors for this mission"))
    wanted_demands = IdMultipleChoiceField(
        queryset=DemandProject.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Demand projects you want to meet"),
    )

    def __init__(self, *args, mission: Mission, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wanted_demands"].queryset = mission.demand_projects.filter(
            status=DemandProject.Status.OPEN
        ).select_related("buyer")
        self.fields["wanted_demands"].label_from_instance = lambda d: f"{d.title} ({d.buyer})"


class DecisionForm(forms.Form):
    status = forms.ChoiceField(
        choices=[(s, MissionApplication.Status(s).label) for s in DECISIONS]
    )


class DemandProjectForm(StyledModelForm):
    technologies = ListField(
        label=_("Technologies needed"), required=False, help_text=_("Separate with commas.")
    )
    required_certifications = ListField(
        label=_("Required certifications"), required=False, help_text=_("Separate with commas.")
    )
    sectors = _sector_field(_("Sectors needed"))

    class Meta:
        model = DemandProject
        fields = [
            "buyer",
            "mission",
            "title_zh",
            "description_zh",
            "title",
            "description_en",
            "sectors",
            "technologies",
            "city",
            "market",
            "budget_band",
            "timeline",
            "procurement_stage",
            "min_trl",
            "required_certifications",
            "language",
            "contact_name",
            "contact_email",
            "status",
        ]
        widgets = {
            "description_en": forms.Textarea(attrs={"rows": 4}),
            "description_zh": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if is_staff(user):
            self.fields["buyer"].queryset = Organisation.objects.filter(
                kind__in=[Organisation.Kind.BUYER, Organisation.Kind.INVESTOR]
            )
        else:
            # A buyer posts for its own organisation; the view supplies it.
            del self.fields["buyer"]
        open_missions = Mission.objects.exclude(
            status__in=[Mission.Status.COMPLETED, Mission.Status.CANCELLED]
        )
        if not is_staff(user):
            open_missions = open_missions.exclude(status=Mission.Status.DRAFT)
        if self.instance.mission_id:
            open_missions = open_missions | Mission.objects.filter(pk=self.instance.mission_id)
        self.fields["mission"].queryset = open_missions.distinct()

    def clean(self):
        """Chinese, English or both: each language given is complete, and one is given."""
        cleaned = super().clean()
        languages = (("title_zh", "description_zh"), ("title", "description_en"))
        complete = 0
        for title_field, description_field in languages:
            title = (cleaned.get(title_field) or "").strip()
            description = (cleaned.get(description_field) or "").strip()
            if title and description:
                complete += 1
            elif title:
                self.add_error(description_field, _("Add a description in this language too."))
            elif description:
                self.add_error(title_field, _("Add a title in this language too."))
        if not complete and not self.errors:
            raise forms.ValidationError(
                _("Write the title and description in Chinese, in English or in both.")
            )
        return cleaned

class DemandImportForm(StyledForm):
    file = SpreadsheetField()


class MeetingDayForm(StyledModelForm):
    class Meta:
        model = MeetingDay
        fields = ["date"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

class AgendaSessionForm(StyledModelForm):
    class Meta:
        model = AgendaSession
        fields = ["part", "start_time", "end_time", "slot_minutes", "break_minutes", "tables"]
        widgets = {
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }
