from django.urls import path

from . import views

# Fixed paths come before "headlines/<committee>/<number>/", which would swallow them.
app_name = "headlines"

urlpatterns = [
    path("headlines/", views.headlines_index, name="headlines_index"),
    path("headlines/feed/", views.HeadlinesFeed(), name="headlines_feed"),
    path("headlines/search/", views.headlines_search, name="headlines_search"),
    path(
        "headlines/signing-certificate.pem",
        views.headlines_signing_certificate,
        name="headlines_signing_certificate",
    ),
    path("headlines/requests/<int:request_id>/", views.headlines_review, name="headlines_review"),
    path(
        "headlines/requests/<int:request_id>/decide/",
        views.headlines_decide,
        name="headlines_decide",
    ),
    path(
        "headlines/requests/<int:request_id>/progress/",
        views.headlines_progress,
        name="headlines_progress",
    ),
    path(
        "headlines/requests/<int:request_id>/retry/", views.headlines_retry, name="headlines_retry"
    ),
    path(
        "headlines/requests/<int:request_id>/withdraw/",
        views.headlines_withdraw,
        name="headlines_withdraw",
    ),
    path(
        "headlines/<str:committee>/<int:number>/", views.headlines_detail, name="headlines_detail"
    ),
    path(
        "headlines/<str:committee>/<int:number>/v<int:version>.pdf",
        views.headlines_pdf,
        name="headlines_pdf",
    ),
    path(
        "meetings/<str:committee>/<int:number>/headlines/",
        views.headlines_compose_page,
        name="headlines_compose",
    ),
    path(
        "meetings/<str:committee>/<int:number>/headlines/submit/",
        views.headlines_submit,
        name="headlines_submit",
    ),
]
