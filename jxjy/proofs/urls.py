from django.urls import path

from jxjy.proofs import views

# Mounted at the site root: the public verify address printed on proofs is /verify/<code>.
app_name = "proofs"
urlpatterns = [
    path("people/<int:person_id>/proofs/new/", views.proof_issue_view, name="issue"),
    path("proofs/<str:code>/revoke/", views.proof_revoke_view, name="revoke"),
    path("proofs/<str:code>.pdf", views.proof_pdf, name="pdf"),
    path("verify/", views.verify_form, name="verify_form"),
    path("verify/<str:code>", views.verify, name="verify"),
    path("verify/<str:code>/", views.verify, name="verify_slash"),
]
