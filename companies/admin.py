"""Admin for people, organisations and profiles; staff approve buyers here too."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import (
    CompanyProfile,
    Invitation,
    Membership,
    Organisation,
    ReferenceProject,
    Sector,
    User,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Users log in by e-mail; cluster staff are made here (``is_staff``), never by sign-up."""

    ordering = ["email"]
    list_display = ["email", "full_name", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active"]
    search_fields = ["email", "full_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("full_name", "time_zone", "language")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),
    )
    actions = ["send_totp_enrolment_link"]

    @admin.action(description=_("Send an authenticator enrolment link"))
    def send_totp_enrolment_link(self, request, queryset):
        """E-mail each selected staff member without an authenticator a single-use link."""
        from django.core.mail import send_mail

        from .middleware import staff_needs_totp
        from .staff_totp import enrolment_url

        sent = []
        for user in queryset.filter(is_staff=True):
            if staff_needs_totp(user):
                send_mail(
                    _("Set up your authenticator app"),
                    _("Open this link while signed in to your staff account to set up your "
                      "authenticator app. It works once.") + f"\n\n{enrolment_url(user)}\n",
                    None,
                    [user.email],
                )
                sent.append(user.email)
        self.message_user(
            request, _("Enrolment links sent: %(count)s.") % {"count": len(sent)}
        )


@admin.action(description=_("Approve the selected buyers"))
def approve_buyers(modeladmin, request, queryset):
    _set_approval(modeladmin, request, queryset, approved=True)


@admin.action(description=_("Withdraw approval of the selected buyers"))
def withdraw_buyer_approval(modeladmin, request, queryset):
    _set_approval(modeladmin, request, queryset, approved=False)


def _set_approval(modeladmin, request, queryset, *, approved: bool) -> None:
    buyers = queryset.filter(kind__in=[Organisation.Kind.BUYER, Organisation.Kind.INVESTOR])
    count = 0
    for organisation in buyers:
        services.buyer_set_approval(organisation=organisation, approved=approved, actor=request.user)
        count += 1
    modeladmin.message_user(
        request,
        ngettext("%(count)d buyer updated.", "%(count)d buyers updated.", count) % {"count": count},
        messages.SUCCESS,
    )


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country", "city", "buyer_approved", "created_at"]
    list_filter = ["kind", "buyer_approved", "country"]
    search_fields = ["name", "slug", "city"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]
    actions = [approve_buyers, withdraw_buyer_approval]


class ReferenceProjectInline(admin.StackedInline):
    model = ReferenceProject
    extra = 0


@admin.register(CompanyProfile)
class CompanyProfileAdmin(admin.ModelAdmin):
    list_display = ["organisation", "status", "trl", "employees_band", "updated_at"]
    list_filter = ["status", "trl", "employees_band"]
    search_fields = ["organisation__name", "description_en"]
    autocomplete_fields = ["organisation"]
    filter_horizontal = ["sectors", "clusters"]
    readonly_fields = ["published_at", "updated_at"]
    inlines = [ReferenceProjectInline]


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "name_zh", "parent"]
    search_fields = ["code", "name_en", "name_zh"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "role", "created_at", "accepted_at"]
    list_filter = ["role"]
    search_fields = ["email", "organisation__name"]
    raw_id_fields = ["organisation", "invited_by", "accepted_by"]
