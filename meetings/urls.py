from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("meetings/<str:committee>/<int:number>/", views.meeting_detail, name="meeting_detail"),
    path("papers/<int:paper_id>/", views.paper_download, name="paper_download"),
    path("papers/<int:paper_id>/readers/", views.paper_readers, name="paper_readers"),
    path(
        "papers/<int:paper_id>/v<int:version_number>/",
        views.paper_download,
        name="paper_version_download",
    ),
]
