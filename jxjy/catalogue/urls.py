from django.urls import path

from jxjy.catalogue import views

app_name = "catalogue"
urlpatterns = [
    path("", views.guide_list, name="index"),
    path("guides/new/", views.guide_create_view, name="guide_create"),
    path("guides/<int:guide_id>/", views.guide_detail, name="guide"),
    path("guides/<int:guide_id>/edit/", views.guide_edit_view, name="guide_edit"),
    path("guides/<int:guide_id>/subjects/new/", views.subject_create_view, name="subject_create"),
    path("subjects/<int:subject_id>/edit/", views.subject_edit_view, name="subject_edit"),
    path("courses/", views.course_list, name="courses"),
    path("courses/new/", views.course_create_view, name="course_create"),
    path("courses/<int:course_id>/", views.course_detail, name="course"),
    path("courses/<int:course_id>/edit/", views.course_edit_view, name="course_edit"),
    path(
        "courses/<int:entry_id>/recommend/",
        views.recommend_view,
        {"model_name": "course"},
        name="course_recommend",
    ),
    path(
        "courses/<int:entry_id>/unrecommend/",
        views.recommend_view,
        {"model_name": "course", "withdraw": True},
        name="course_unrecommend",
    ),
    path("textbooks/", views.textbook_list, name="textbooks"),
    path("textbooks/new/", views.textbook_create_view, name="textbook_create"),
    path("textbooks/<int:textbook_id>/", views.textbook_detail, name="textbook"),
    path("textbooks/<int:textbook_id>/edit/", views.textbook_edit_view, name="textbook_edit"),
    path(
        "textbooks/<int:entry_id>/recommend/",
        views.recommend_view,
        {"model_name": "textbook"},
        name="textbook_recommend",
    ),
    path(
        "textbooks/<int:entry_id>/unrecommend/",
        views.recommend_view,
        {"model_name": "textbook", "withdraw": True},
        name="textbook_unrecommend",
    ),
]
