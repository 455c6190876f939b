from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("actions/", views.action_log, name="action_log"),
    # Action references contain a slash ("SSC89/01").
    path("actions/<path:reference>/", views.action_detail, name="action_detail"),
    path("calendar/", views.calendar_settings, name="calendar_settings"),
    # Before the token pattern, which would take "public" for a token.
    path("calendar/public.ics", views.calendar_public, name="calendar_public"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
