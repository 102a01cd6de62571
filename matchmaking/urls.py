from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from companies.views.media import media_file

from .consortia import urls as consortia_urls
from .intelligence import urls as intelligence_urls
from .investors import urls as investors_urls
from .landing import urls as landing_urls
from .matching import urls as matching_urls
from .meetings import urls as meetings_urls
from .messaging import urls as messaging_urls
from .notifications import urls as notifications_urls
from .outcomes import urls as outcomes_urls
from .site import urls as site_urls

# The admin log-in goes through allauth (e-mail verification, rate limits, MFA).
admin.site.login = secure_admin_login(admin.site.login)

# The matching and meeting pages share the "matchmaking" namespace under /matching/.
matchmaking_patterns = (
    [
        *matching_urls.urlpatterns,
        *meetings_urls.urlpatterns,
        *outcomes_urls.urlpatterns,
        *notifications_urls.urlpatterns,
        *messaging_urls.urlpatterns,
    ],
    "matchmaking",
)

urlpatterns = [
    *site_urls.urlpatterns,
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    path("companies/", include("companies.urls")),
    path("missions/", include("missions.urls")),
    path("matching/", include(matchmaking_patterns)),
    path("consortia/", include(consortia_urls)),
    path("intelligence/", include(intelligence_urls)),
    path("investors/", include(investors_urls)),
    path("landing/", include(landing_urls)),
    path("api/", include("matchmaking.api.urls")),
    path("data/", include("matchmaking.portability.urls")),
    path("webhooks/", include("matchmaking.webhooks.urls")),
    path("admin/", admin.site.urls),
    # Uploads, in production too, each checked against who may see its profile.
    path("media/<path:path>", media_file, name="media"),
]
