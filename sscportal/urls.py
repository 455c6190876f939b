from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "SSC Portal administration"
admin.site.site_title = "SSC Portal"

urlpatterns = [
    path("", include("meetings.urls")),
    path("", include("headlines.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]
