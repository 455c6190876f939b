"""Absolute addresses on the portal's public site, for what is read away from it: emails,
enrolment links, calendar feeds."""

from django.conf import settings


def site_url(path: str) -> str:
    """`path` as an absolute address on the portal's public site."""
    return settings.SITE_URL.rstrip("/") + path
