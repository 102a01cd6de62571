"""Forms of the outcomes area: feedback on a meeting, an outcome, a follow-up answer."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Currency, MeetingFeedback, Outcome

# Outcomes a follow-up asks about (continued contact is its own question).
FOLLOW_UP_KINDS = [kind for kind in Outcome.Kind if kind != Outcome.Kind.CONTACT]


class FeedbackForm(forms.Form):
    took_place = forms.ChoiceField(
        label=_("Did the meeting take place?"), choices=MeetingFeedback.TookPlace.choices,
        widget=forms.RadioSelect,
    )
    rating = forms.ChoiceField(
        label=_("How useful was it?"), choices=[("", "—"), *MeetingFeedback.Rating.choices],
        required=False, widget=forms.RadioSelect,
    )
    next_step = forms.CharField(
        label=_("Next step (optional)"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ValueFields(forms.Form):
    """A value with its currency and a date, shared by the outcome and follow-up forms."""

    def clean_value_pair(self, value_field: str, currency_field: str) -> None:
        value, currency = self.cleaned_data.get(value_field), self.cleaned_data.get(currency_field)
        if value is not None and not currency:
            self.add_error(currency_field, _("Give the currency of the value."))
        if currency and value is None:
            self.add_error(value_field, _("Give the value in this currency, or no currency."))


def _currency_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Currency"), choices=[("", "—"), *Currency.choices], required=False
    )


class OutcomeForm(ValueFields):
    kind = forms.ChoiceField(label=_("Outcome"), choices=Outcome.Kind.choices)
    value = forms.IntegerField(label=_("Value (optional)"), required=False, min_value=0)
    currency = _currency_field()
    occurred_on = forms.DateField(
        label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        cleaned = super().clean()
        self.clean_value_pair("value", "currency")
        return cleaned


class FollowUpForm(ValueFields):
    """Contact continued? Then, per outcome kind: reached or not, value, currency, date."""

    contact_continued = forms.BooleanField(label=_("The contact has continued"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in FOLLOW_UP_KINDS:
            self.fields[f"{kind.value}_reached"] = forms.BooleanField(
                label=kind.label, required=False
            )
            self.fields[f"{kind.value}_value"] = forms.IntegerField(
                label=_("Value (optional)"), required=False, min_value=0
            )
            self.fields[f"{kind.value}_currency"] = _currency_field()
            self.fields[f"{kind.value}_date"] = forms.DateField(
                label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
            )

    def clean(self):
        cleaned = super().clean()
        for kind in FOLLOW_UP_KINDS:
            self.clean_value_pair(f"{kind.value}_value", f"{kind.value}_currency")
        return cleaned

    def kind_rows(self) -> list[dict]:
        return [
            {"kind": kind, **{name: self[f"{kind.value}_{name}"] for name in
                              ("reached", "value", "currency", "date")}}
            for kind in FOLLOW_UP_KINDS
        ]

    def outcomes(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {
                "kind": kind.value,
                "value": data.get(f"{kind.value}_value"),
                "currency": data.get(f"{kind.value}_currency") or "",
                "occurred_on": data.get(f"{kind.value}_date"),
            }
            for kind in FOLLOW_UP_KINDS
            if data.get(f"{kind.value}_reached")
        ]
