"""Meetings as an iCalendar (RFC 5545) document, for calendar applications to subscribe to."""

import datetime
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from meetings.models import Meeting
from meetings.schedule import ends_at, starts_at
from sscportal.links import site_url

PRODUCT_ID = "-//SSC Portal//Meetings//EN"


def meetings_ics(meetings: Iterable[Meeting], *, name: str) -> bytes:
    """An iCalendar document with one event per meeting, at its times in London.

    Only what is WHITE about a meeting goes in: its name, date and times, location and
    address. Times are local times with their zone (TZID=Europe/London), and the document
    defines that zone (VTIMEZONE) for the years of its meetings, so that a calendar places a
    meeting right on either side of a clock change, whatever zone it keeps.
    """
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now().astimezone(datetime.UTC)
    host = urlsplit(settings.SITE_URL).hostname or "sscportal"
    days = []
    for meeting in meetings:
        days.append(meeting.date)
        url = site_url(
            reverse("meetings:meeting_detail", args=[meeting.committee.code, meeting.number])
        )
        event = Event()
        # Stable across feeds and time, so a calendar updates the event instead of adding one.
        event.add("uid", f"meeting-{meeting.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("summary", f"{meeting.committee.code} {meeting.reference}")
        event.add("dtstart", starts_at(meeting))
        event.add("dtend", ends_at(meeting))
        if meeting.location:
            event.add("location", meeting.location)
        event.add("url", url)
        event.add("description", f"{meeting.committee.name}: {url}")
        calendar.add_component(event)
    if days:
        calendar.add_missing_timezones(
            first_date=datetime.date(min(days).year, 1, 1),
            last_date=datetime.date(max(days).year + 1, 1, 1),
        )
    return calendar.to_ical()
