"""Forms of the intelligence area: a brief's text (both languages), a readiness checklist."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MarketBriefVersion, MarketReadiness
from .readiness import ANSWERED


class BriefForm(forms.ModelForm):
    certifications = forms.CharField(
        label=_("Certifications needed (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = MarketBriefVersion
        fields = [
            "market_size_en",
            "market_size_zh",
            "market_size_source",
            "market_size_year",
            "policy_en",
            "policy_zh",
            "certifications",
            "buyers_en",
            "buyers_zh",
            "channels_en",
            "channels_zh",
            "risks_en",
            "risks_zh",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in fields
            if name.endswith(("_en", "_zh"))
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance and self.instance.pk and not self.is_bound:
            self.initial["certifications"] = "\n".join(self.instance.certifications or [])
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")

    def clean_certifications(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["certifications"].splitlines()]

    def clean_market_size_year(self):
        year = self.cleaned_data.get("market_size_year")
        if year is not None and not 1990 <= year <= 2100:
            raise forms.ValidationError(_("Give a year between 1990 and 2100."))
        return year


class ReadinessForm(forms.ModelForm):
    class Meta:
        model = MarketReadiness
        fields = list(ANSWERED)
        widgets = {name: forms.CheckboxInput(attrs={"class": "form-check-input"}) for name in ANSWERED}
