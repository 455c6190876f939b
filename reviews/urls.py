from django.urls import path

from . import views

app_name = "reviews"

RECORD = "<slug:slug>/<int:pk>/"

urlpatterns = [
    path("", views.review_queue, name="review_queue"),
    path(RECORD, views.record_review, name="record_review"),
    path(RECORD + "keep/", views.record_keep, name="record_keep"),
    path(RECORD + "lower/", views.record_lower, name="record_lower"),
]
