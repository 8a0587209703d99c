from django.urls import path

from jxjy.records import views, views_issue, views_registrar

app_name = "records"
urlpatterns = [
    path("", views.record_list, name="list"),
    path("new/", views.record_create_view, name="create"),
    path("issue/", views_issue.issue_view, name="issue"),
    path("register/", views_registrar.register_bulk_view, name="register_bulk"),
    path("<int:record_id>/", views.record_detail, name="detail"),
    path("<int:record_id>/edit/", views.record_edit_view, name="edit"),
    path("<int:record_id>/evidence/", views.evidence_add_view, name="evidence_add"),
    path("<int:record_id>/evidence/<int:evidence_id>/", views.evidence_download, name="evidence"),
    path("<int:record_id>/register/", views_registrar.register_view, name="register"),
    path("<int:record_id>/return/", views_registrar.return_view, name="return"),
    path("<int:record_id>/correct/", views_registrar.correct_view, name="correct"),
]
