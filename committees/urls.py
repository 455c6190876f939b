from django.urls import path

from . import views

app_name = "committees"

urlpatterns = [
    path("", views.committee_list, name="committee_list"),
    path("<str:code>/members/", views.members, name="members"),
    path(
        "<str:code>/members/<int:membership_id>/end/",
        views.membership_end,
        name="membership_end",
    ),
    path(
        "<str:code>/members/<int:membership_id>/change/",
        views.membership_change,
        name="membership_change",
    ),
]
