from django.urls import path

from . import views

app_name = "packs"

urlpatterns = [
    path("meetings/<str:committee>/<int:number>/pack/", views.pack_page, name="pack_page"),
    path(
        "meetings/<str:committee>/<int:number>/pack.pdf",
        views.pack_download,
        name="pack_download",
    ),
    path(
        "meetings/<str:committee>/<int:number>/pack/<int:pack_id>/progress/",
        views.pack_progress,
        name="pack_progress",
    ),
    path(
        "meetings/<str:committee>/<int:number>/pack/<int:pack_id>/retry/",
        views.pack_retry,
        name="pack_retry",
    ),
]
