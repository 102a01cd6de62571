"""How the API shows the platform's objects, and the shapes of what it accepts.

Serializers only shape data: who may see or change what is decided by the selectors and
services they are handed rows from or pass values to.
"""

from __future__ import annotations

from django.utils.translation import get_language
from rest_framework import serializers

from companies.models import CompanyProfile, Organisation, ReferenceProject, Sector
from missions.models import DemandProject, Mission, MissionApplication

from ..matching.models import BuyerDecision, SmeFeedback
from ..meetings.models import Meeting, MeetingRequest
from ..outcomes.models import Currency, Outcome
from .models import ApiToken


def _chinese() -> bool:
    return (get_language() or "").startswith("zh")


class SectorSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    name = serializers.SerializerMethodField(help_text="In the language of the request.")

    class Meta:
        model = Sector
        fields = ["code", "parent", "name_en", "name_zh", "name", "description"]

    def get_name(self, sector: Sector) -> str:
        return sector.name_zh if _chinese() else sector.name_en


class OrganisationRefSerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country.code", read_only=True)

    class Meta:
        model = Organisation
        fields = ["id", "name", "slug", "kind", "country"]


class ProfileSerializer(serializers.ModelSerializer):
    """The directory's public view of an SME."""

    id = serializers.IntegerField(source="organisation.id", read_only=True)
    slug = serializers.CharField(source="organisation.slug", read_only=True)
    name = serializers.CharField(source="organisation.name", read_only=True)
    country = serializers.CharField(source="organisation.country.code", read_only=True)
    city = serializers.CharField(source="organisation.city", read_only=True)
    website = serializers.CharField(source="organisation.website", read_only=True)
    sectors = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    clusters = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    logo_url = serializers.SerializerMethodField()

    class Meta:
        model = CompanyProfile
        fields = [
            "id", "slug", "name", "country", "city", "website", "status", "sectors",
            "technologies", "description_en", "description_zh", "trl", "certifications",
            "target_markets", "employees_band", "turnover_band", "founded_year", "clusters",
            "logo_url", "published_at", "updated_at",
        ]

    def get_logo_url(self, profile: CompanyProfile) -> str:
        return profile.logo.url if profile.logo else ""


class ReferenceSerializer(serializers.ModelSerializer):
    sector = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = ReferenceProject
        fields = ["title", "place", "year", "description", "sector"]


class ProfileDetailSerializer(ProfileSerializer):
    """One profile: references, the brochure, and the contact details for those entitled
    to them (``companies.selectors.can_see_contacts``); empty for everyone else."""

    references = ReferenceSerializer(many=True, read_only=True)
    brochure_url = serializers.SerializerMethodField()
    contacts_visible = serializers.SerializerMethodField()
    contact_name = serializers.SerializerMethodField()
    contact_email = serializers.SerializerMethodField()
    contact_phone = serializers.SerializerMethodField()

    class Meta(ProfileSerializer.Meta):
        fields = [
            *ProfileSerializer.Meta.fields, "references", "brochure_url", "contacts_visible",
            "contact_name", "contact_email", "contact_phone",
        ]

    def _shown(self) -> bool:
        return bool(self.context.get("show_contacts"))

    def get_brochure_url(self, profile: CompanyProfile) -> str:
        return profile.brochure.url if profile.brochure else ""

    def get_contacts_visible(self, profile: CompanyProfile) -> bool:
        return self._shown()

    def get_contact_name(self, profile: CompanyProfile) -> str:
        return profile.contact_name if self._shown() else ""

    def get_contact_email(self, profile: CompanyProfile) -> str:
        return profile.contact_email if self._shown() else ""

    def get_contact_phone(self, profile: CompanyProfile) -> str:
        return profile.contact_phone if self._shown() else ""


class MissionRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Mission
        fields = ["id", "slug", "title"]


class MissionSerializer(serializers.ModelSerializer):
    organisers = OrganisationRefSerializer(many=True, read_only=True)
    sector_focus = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Mission
        fields = [
            "id", "slug", "title", "status", "target_market", "host_city", "time_zone",
            "start_date", "end_date", "capacity", "application_deadline", "description",
            "organisers", "sector_focus",
        ]


class ApplicationSerializer(serializers.ModelSerializer):
    mission = MissionRefSerializer(read_only=True)
    organisation = OrganisationRefSerializer(read_only=True)
    sectors = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = MissionApplication
        fields = [
            "id", "mission", "organisation", "status", "motivation", "sectors", "created_at",
            "decided_at",
        ]


class DemandProjectSerializer(serializers.ModelSerializer):
    buyer = OrganisationRefSerializer(read_only=True)
    mission = MissionRefSerializer(read_only=True, allow_null=True)
    sectors = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = DemandProject
        fields = [
            "id", "title", "status", "buyer", "mission", "description_en", "description_zh",
            "sectors", "technologies", "city", "market", "budget_band", "timeline",
            "procurement_stage", "min_trl", "required_certifications", "language",
            "contact_name", "contact_email", "created_at", "updated_at",
        ]


class DemandProjectWriteSerializer(serializers.ModelSerializer):
    """What a buyer sends to post or change a demand project; the service validates it."""

    buyer = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False,
        help_text="The buyer organisation (when the person belongs to several).",
    )
    mission = serializers.PrimaryKeyRelatedField(
        queryset=Mission.objects.all(), required=False, allow_null=True
    )
    sectors = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=Sector.objects.all(), required=False
    )
    technologies = serializers.ListField(child=serializers.CharField(max_length=100), required=False)
    required_certifications = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False
    )

    class Meta:
        model = DemandProject
        fields = [
            "buyer", "mission", "title", "status", "description_en", "description_zh", "sectors",
            "technologies", "city", "market", "budget_band", "timeline", "procurement_stage",
            "min_trl", "required_certifications", "language", "contact_name", "contact_email",
        ]
        # The service runs the model's full validation; the serializer only parses.
        validators: list = []
        extra_kwargs = {name: {"validators": []} for name in ("title", "city", "contact_email")}


class ComponentSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    percent = serializers.IntegerField()
    sentence = serializers.CharField()


class BuyerDecisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = BuyerDecision
        fields = ["status", "reason", "decided_at"]


class SmeFeedbackSerializer(serializers.ModelSerializer):
    class Meta:
        model = SmeFeedback
        fields = ["verdict", "given_at"]


class SupplierMatchSerializer(serializers.Serializer):
    """One ranked supplier of a demand project, as its buyer sees it."""

    sme = OrganisationRefSerializer(source="match.sme")
    score = serializers.FloatField(source="match.score")
    confidence = serializers.FloatField(source="match.confidence")
    algorithm_version = serializers.CharField(source="match.algorithm_version")
    computed_at = serializers.DateTimeField(source="match.computed_at")
    components = ComponentSerializer(source="explained", many=True)
    decision = BuyerDecisionSerializer(allow_null=True)
    feedback = SmeFeedbackSerializer(allow_null=True)
    contacts_visible = serializers.BooleanField(source="show_contacts")
    contact_email = serializers.SerializerMethodField()

    def get_contact_email(self, row) -> str:
        return row.profile.contact_email if row.show_contacts and row.profile else ""


class DemandRefSerializer(serializers.ModelSerializer):
    buyer = OrganisationRefSerializer(read_only=True)
    mission = MissionRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = DemandProject
        fields = ["id", "title", "city", "market", "buyer", "mission"]


class SmeMatchSerializer(serializers.Serializer):
    """One demand project that fits the SME, as the SME sees it."""

    demand = DemandRefSerializer(source="match.demand")
    score = serializers.FloatField(source="match.score")
    confidence = serializers.FloatField(source="match.confidence")
    algorithm_version = serializers.CharField(source="match.algorithm_version")
    computed_at = serializers.DateTimeField(source="match.computed_at")
    components = ComponentSerializer(source="explained", many=True)
    feedback = SmeFeedbackSerializer(allow_null=True)


class MeetingRequestSerializer(serializers.ModelSerializer):
    mission = MissionRefSerializer(read_only=True)
    sme = OrganisationRefSerializer(read_only=True)
    buyer = OrganisationRefSerializer(read_only=True)
    requested_by_org = OrganisationRefSerializer(read_only=True)

    class Meta:
        model = MeetingRequest
        fields = [
            "id", "mission", "sme", "buyer", "demand", "requested_by_org", "message", "status",
            "mutual_interest", "expires_at", "responded_at", "created_at",
        ]


class MeetingSerializer(serializers.ModelSerializer):
    mission = MissionRefSerializer(read_only=True)
    sme = OrganisationRefSerializer(read_only=True)
    buyer = OrganisationRefSerializer(read_only=True)
    starts_at = serializers.DateTimeField(source="published_slot.starts_at", allow_null=True)
    ends_at = serializers.DateTimeField(source="published_slot.ends_at", allow_null=True)
    table = serializers.IntegerField(source="published_table", allow_null=True)

    class Meta:
        model = Meeting
        fields = [
            "id", "uid", "mission", "sme", "buyer", "demand", "status", "sequence", "starts_at",
            "ends_at", "table", "sme_response", "buyer_response",
        ]


class BuyerDecisionWriteSerializer(serializers.Serializer):
    sme = serializers.IntegerField(help_text="Id of the SME organisation matched.")
    status = serializers.ChoiceField(choices=[*BuyerDecision.Status.values, "clear"])
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class SmeFeedbackWriteSerializer(serializers.Serializer):
    verdict = serializers.ChoiceField(choices=SmeFeedback.Verdict.values, allow_null=True)


class MeetingRequestWriteSerializer(serializers.Serializer):
    demand = serializers.IntegerField()
    sme = serializers.IntegerField()
    message = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


class ApiTokenSerializer(serializers.ModelSerializer):
    organisation = OrganisationRefSerializer(read_only=True)

    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "scope", "organisation", "created_at", "last_used_at",
                  "revoked_at"]



class OutcomeSerializer(serializers.ModelSerializer):
    mission = MissionRefSerializer(read_only=True)
    sme = OrganisationRefSerializer(read_only=True)
    buyer = OrganisationRefSerializer(read_only=True)
    organisation = OrganisationRefSerializer(
        read_only=True, help_text="The organisation that reported the outcome."
    )

    class Meta:
        model = Outcome
        fields = [
            "id", "mission", "meeting", "sme", "buyer", "demand", "organisation", "follow_up",
            "kind", "value", "currency", "occurred_on", "notes", "reported_at",
        ]


class OutcomeWriteSerializer(serializers.Serializer):
    """An outcome of a meeting (``meeting``) or of a match (``sme`` and ``demand``), reported
    by the side the person belongs to; the outcomes service validates value and currency."""

    meeting = serializers.IntegerField(required=False, help_text="Id of the meeting.")
    sme = serializers.IntegerField(required=False, help_text="Id of the SME of the match.")
    demand = serializers.IntegerField(
        required=False, help_text="Id of the demand project of the match."
    )
    kind = serializers.ChoiceField(choices=Outcome.Kind.choices)
    value = serializers.IntegerField(required=False, allow_null=True, default=None)
    currency = serializers.ChoiceField(
        choices=Currency.choices, required=False, allow_blank=True, default=""
    )
    occurred_on = serializers.DateField(required=False, allow_null=True, default=None)
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
