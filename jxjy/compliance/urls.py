from django.urls import path

from jxjy.compliance import views

app_name = "compliance"
urlpatterns = [
    path("", views.compliance_list_view, name="list"),
    path("people/<int:person_id>/", views.person_year_view, name="person"),
]
