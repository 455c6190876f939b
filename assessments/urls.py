from django.urls import path

from . import views

app_name = "assessments"

urlpatterns = [
    path("", views.register, name="assessment_register"),
    path("new/", views.party_add, name="party_add"),
    path("<int:party_id>/", views.party_detail, name="party_detail"),
    path("<int:party_id>/edit/", views.party_edit, name="party_edit"),
    path("<int:party_id>/assessments/new/", views.assessment_add, name="assessment_add"),
    path(
        "<int:party_id>/assessments/<int:assessment_id>/edit/",
        views.assessment_edit,
        name="assessment_edit",
    ),
]
