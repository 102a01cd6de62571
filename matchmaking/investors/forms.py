"""Forms of the investors area: the note with an interest, a move of the pipeline."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..outcomes.models import Currency
from .models import Stage

MOVES = [
    (Stage.DUE_DILIGENCE, Stage.DUE_DILIGENCE.label),
    (Stage.TERM_SHEET, Stage.TERM_SHEET.label),
    (Stage.INVESTMENT, Stage.INVESTMENT.label),
    (Stage.JOINT_VENTURE, Stage.JOINT_VENTURE.label),
    (Stage.CLOSED, Stage.CLOSED.label),
    (Stage.DROPPED, Stage.DROPPED.label),
]


class InterestForm(forms.Form):
    note = forms.CharField(
        label=_("A short note to the SME"), max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class IntroductionAnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=[("accept", _("Accept")), ("decline", _("Decline"))])
    message = forms.CharField(label=_("Message (optional)"), max_length=1000, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))


class PipelineMoveForm(forms.Form):
    stage = forms.ChoiceField(label=_("Move to"), choices=MOVES,
                              widget=forms.Select(attrs={"class": "form-select"}))
    value = forms.IntegerField(label=_("Value"), min_value=0, required=False)
    currency = forms.ChoiceField(label=_("Currency"), choices=[("", "—"), *Currency.choices],
                                 required=False,
                                 widget=forms.Select(attrs={"class": "form-select"}))
    stake_percent = forms.DecimalField(label=_("Stake (%)"), min_value=0, max_value=100,
                                       max_digits=5, decimal_places=2, required=False)
    deal_date = forms.DateField(label=_("Date of the deal"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))
    message = forms.CharField(label=_("Note (optional)"), max_length=1000, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))
