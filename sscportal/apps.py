from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """Django's admin, served by the portal's own site (see sscportal/admin.py)."""

    default_site = "sscportal.admin.PortalAdminSite"
