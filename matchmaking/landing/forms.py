"""Forms of the landing support area."""

from django import forms
from django.utils.translation import gettext_lazy as _

from companies.models import Organisation

from .models import PackageApplication, SupportPackage


def _bootstrap(form: forms.Form) -> None:
    for field in form.fields.values():
        is_select = isinstance(field.widget, forms.Select)
        field.widget.attrs.setdefault("class", "form-select" if is_select else "form-control")


class PackageForm(forms.ModelForm):
    class Meta:
        model = SupportPackage
        fields = ["host_city", "country", "kind", "title_en", "title_zh", "description_en",
                  "description_zh", "eligibility_en", "eligibility_zh", "price", "currency",
                  "capacity", "status"]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in (
            "description_en", "description_zh", "eligibility_en", "eligibility_zh")}
        help_texts = {"price": _("Leave empty when the package is free.")}

    def __init__(self, *args, providers=(), staff=False, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(o.pk), o.name) for o in providers]
        if staff:
            choices = [("", _("The platform team")), *choices]
        self.fields["provider"] = forms.ChoiceField(label=_("Provider"), choices=choices,
                                                    required=not staff)
        self.order_fields(["provider"])
        _bootstrap(self)

    def clean_provider(self) -> Organisation | None:
        value = self.cleaned_data.get("provider")
        return Organisation.objects.filter(pk=int(value)).first() if value else None


class ApplyForm(forms.Form):
    message = forms.CharField(
        label=_("Why this package, and when"), max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DecideForm(forms.Form):
    status = forms.ChoiceField(choices=[
        (PackageApplication.Status.ACCEPTED, _("Accept")),
        (PackageApplication.Status.WAITLISTED, _("Wait-list")),
        (PackageApplication.Status.DECLINED, _("Decline")),
    ])
    answer = forms.CharField(label=_("Message to the SME"), max_length=1000, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


class ProviderApprovalForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    approved = forms.BooleanField(required=False, initial=True)

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = candidates if candidates is not None else (
            Organisation.objects.exclude(kind=Organisation.Kind.SME))
        self.fields["organisation"].widget.attrs["class"] = "form-select"
