from django.urls import include, path

from jxjy.config.api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("", include("jxjy.access.urls")),
    path("people/", include("jxjy.people.urls")),
    path("organizations/", include("jxjy.organizations.urls")),
    path("regions/", include("jxjy.regions.urls")),
]
