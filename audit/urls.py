from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [path("audit/export.csv", views.audit_export, name="audit_export")]
