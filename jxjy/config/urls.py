from django.urls import include, path

from jxjy.config.api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("", include("jxjy.access.urls")),
    path("people/", include("jxjy.people.urls")),
    path("organizations/", include("jxjy.organizations.urls")),
    path("regions/", include("jxjy.regions.urls")),
    path("catalogue/", include("jxjy.catalogue.urls")),
    path("rules/", include("jxjy.rules.urls")),
    path("records/", include("jxjy.records.urls")),
    path("compliance/", include("jxjy.compliance.urls")),
    path("imports/", include("jxjy.imports.urls")),
    path("jobs/", include("jxjy.jobs.urls")),
    path("", include("jxjy.proofs.urls")),
]
