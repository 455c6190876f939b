"""Meetings as an iCalendar (RFC 5545) document, for calendar applications to subscribe to."""

import datetime
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from meetings.models import Meeting
from sscportal.links import site_url

PRODUCT_ID = "-//SSC Portal//Meetings//EN"


def meetings_ics(meetings: Iterable[Meeting], *, name: str) -> bytes:
    """An iCalendar document with one all-day event per meeting.

    Only what is WHITE about a meeting goes in: its name, date, location and address.
    """
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now().astimezone(datetime.UTC)
    host = urlsplit(settings.SITE_URL).hostname or "sscportal"
    for meeting in meetings:
        url = site_url(
            reverse("meetings:meeting_detail", args=[meeting.committee.code, meeting.number])
        )
        event = Event()
        # Stable across feeds and time, so a calendar updates the event instead of adding one.
        event.add("uid", f"meeting-{meeting.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("summary", f"{meeting.committee.code} {meeting.reference}")
        event.add("dtstart", meeting.date)
        event.add("dtend", meeting.date + datetime.timedelta(days=1))
        if meeting.location:
            event.add("location", meeting.location)
        event.add("url", url)
        event.add("description", f"{meeting.committee.name}: {url}")
        calendar.add_component(event)
    return calendar.to_ical()
