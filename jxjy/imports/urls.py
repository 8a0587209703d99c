from django.urls import path

from jxjy.imports import views

app_name = "imports"
urlpatterns = [
    path("records/", views.upload_records, name="records"),
    path("people/", views.upload_people, name="people"),
    path("templates/<str:kind>.xlsx", views.template_download, name="template"),
]
