"""Declarations and conflicts of interest: the secretariat's pages of a meeting."""

from django.urls import path

from . import views

app_name = "interests"

MEETING = "meetings/<str:committee>/<int:number>/"

urlpatterns = [
    path(MEETING + "declarations/", views.declarations, name="declarations"),
    path(
        MEETING + "conflicts/<int:item_id>/<int:user_id>/recuse/",
        views.conflict_recuse,
        name="conflict_recuse",
    ),
]
