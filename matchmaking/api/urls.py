"""/api/v1/ (the resources), /api/schema/ (OpenAPI 3), /api/docs/ (Swagger UI from our own
static files), /api/tokens/ (the page where people manage their API tokens)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import SimpleRouter

from .views import demands, meetings, outcomes, resources, tokens

router = SimpleRouter()
router.register("sectors", resources.SectorViewSet, basename="sector")
router.register("organisations", resources.OrganisationViewSet, basename="organisation")
router.register("missions", resources.MissionViewSet, basename="mission")
router.register("applications", resources.ApplicationViewSet, basename="application")
router.register("demand-projects", demands.DemandProjectViewSet, basename="demand-project")
router.register("matches", demands.SmeMatchViewSet, basename="match")
router.register("meeting-requests", meetings.MeetingRequestViewSet, basename="meeting-request")
router.register("meetings", resources.MeetingViewSet, basename="meeting")
router.register("outcomes", outcomes.OutcomeViewSet, basename="outcome")

app_name = "api"
urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("tokens/", tokens.token_list, name="tokens"),
    path("tokens/<id:pk>/revoke/", tokens.token_revoke, name="token_revoke"),
]
