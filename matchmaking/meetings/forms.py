"""Forms of the meeting pages: a meeting request with its message and preferred times."""

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from missions.models import Mission, Slot

MESSAGE_MAX_LENGTH = 2000


class SlotChoiceField(forms.ModelMultipleChoiceField):
    """Slots labelled with their time in the mission's zone (one format per language)."""

    def __init__(self, *args, mission: Mission | None = None, **kwargs):
        self.mission = mission
        super().__init__(*args, **kwargs)

    def label_from_instance(self, slot: Slot) -> str:
        zone = self.mission.time_zone if self.mission else None
        start = timezone.localtime(slot.starts_at, _zone(zone))
        end = timezone.localtime(slot.ends_at, _zone(zone))
        return f"{formats.date_format(start, 'DATETIME_FORMAT')}–{end:%H:%M}"


def _zone(name: str | None):
    import zoneinfo

    return zoneinfo.ZoneInfo(name) if name else None


class MeetingRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MESSAGE_MAX_LENGTH}),
        help_text=_("Say what you would like to discuss (at most 2,000 characters)."),
    )

    def __init__(self, *args, mission: Mission, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preferred_slots"] = SlotChoiceField(
            mission=mission,
            queryset=Slot.objects.filter(session__day__mission=mission).order_by("starts_at"),
            required=False,
            label=_("Preferred times (optional)"),
            widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
            help_text=_("The scheduler places the meeting in one of them when it can."),
        )
