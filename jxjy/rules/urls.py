from django.urls import path

from jxjy.rules import views

app_name = "rules"
urlpatterns = [
    path("", views.rules_index, name="index"),
    path("<int:year>/", views.rules_year, name="year"),
    path("<int:year>/v<int:version>/", views.rules_version, name="version"),
    path("<int:year>/edit/", views.rules_edit, name="edit"),
]
