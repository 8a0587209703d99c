from django.urls import path

from jxjy.jobs import views

app_name = "jobs"
urlpatterns = [
    path("", views.job_list, name="list"),
    path("<int:job_id>/", views.job_detail, name="detail"),
    path("<int:job_id>/report.xlsx", views.job_report, name="report"),
    path("<int:job_id>/refused.xlsx", views.job_refused_rows, name="refused"),
    path("<int:job_id>/file", views.job_export_file, name="file"),
    path("<int:job_id>/stop/", views.job_stop_view, name="stop"),
]
