from django.contrib import admin
from django.urls import include, path

from sscportal.views import favicon, health

urlpatterns = [
    path("", include("meetings.urls")),
    path("", include("headlines.urls")),
    path("", include("members.urls")),
    path("register/", include("assessments.urls")),
    path("", include("interests.urls")),
    path("committees/", include("committees.urls")),
    path("", include("audit.urls")),
    path("", include("packs.urls")),
    path("", include("reader.urls")),
    path("reviews/", include("reviews.urls")),
    path("", include("questions.urls")),
    path("", include("accounts.urls")),
    path("", include("notifications.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("favicon.ico", favicon),
    path("health/", health),
]
