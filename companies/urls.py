from django.urls import path

from . import views
from .views.profile_import import (
    profile_import_confirm,
    profile_import_template,
    profile_import_upload,
)
from .views.staff_totp import staff_totp_enrol, staff_totp_required

app_name = "companies"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("export.csv", views.directory_export, name="directory_export"),
    path("mine/", views.my_organisation, name="my_organisation"),
    path("preferences/", views.preferences, name="preferences"),
    path("buyers/", views.buyer_approvals, name="buyer_approvals"),
    path("buyers/<slug:slug>/approval/", views.buyer_approval_set, name="buyer_approval_set"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("staff/profile-import/", profile_import_upload, name="profile_import"),
    path(
        "staff/profile-import/confirm/", profile_import_confirm, name="profile_import_confirm"
    ),
    path(
        "staff/profile-import/template.csv",
        profile_import_template,
        name="profile_import_template",
    ),
    path("staff/authenticator/", staff_totp_required, name="staff_totp_required"),
    path(
        "staff/authenticator/<str:uidb64>/<str:token>/",
        staff_totp_enrol,
        name="staff_totp_enrol",
    ),
    path("<slug:slug>/", views.profile_detail, name="profile_detail"),
    path("<slug:slug>/manage/", views.organisation_manage, name="organisation_manage"),
    path("<slug:slug>/edit/", views.organisation_edit, name="organisation_edit"),
    path("<slug:slug>/profile/", views.profile_edit, name="profile_edit"),
    path("<slug:slug>/profile/publish/", views.profile_publish, name="profile_publish"),
    path("<slug:slug>/profile/unpublish/", views.profile_unpublish, name="profile_unpublish"),
    path("<slug:slug>/references/", views.references, name="references"),
    path(
        "<slug:slug>/references/<id:pk>/delete/",
        views.reference_delete,
        name="reference_delete",
    ),
    path("<slug:slug>/members/invite/", views.member_invite, name="member_invite"),
    path("<slug:slug>/members/<id:pk>/role/", views.member_role, name="member_role"),
    path("<slug:slug>/members/<id:pk>/remove/", views.member_remove, name="member_remove"),
]
