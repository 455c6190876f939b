"""The secretariat's export of the audit log."""

import csv
import datetime

from django.http import HttpResponse, HttpResponseBadRequest

from classification.access import secretariat_required

from .models import AuditEvent

COLUMNS = ["id", "at", "kind", "username", "object_type", "object_id", "object_repr", "version",
           "level", "ip", "user_agent", "hash"]  # fmt: skip


@secretariat_required
def audit_export(request):
    """The audit log as CSV, optionally for one object or kind, or between two dates.

    Only the events of the committees the user is the secretariat of, and of none (accounts).
    """
    events = AuditEvent.objects.visible_to(request.user).order_by("pk")
    for name in ("kind", "object_type", "object_id"):
        if request.GET.get(name):
            events = events.filter(**{name: request.GET[name]})
    for name, lookup in (("from", "at__date__gte"), ("to", "at__date__lte")):
        if request.GET.get(name):
            try:
                day = datetime.date.fromisoformat(request.GET[name])
            except ValueError:
                return HttpResponseBadRequest(
                    f"The {name!r} date should look like 2019-11-13, not {request.GET[name]!r}.",
                    content_type="text/plain",
                )
            events = events.filter(**{lookup: day})
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
    writer = csv.writer(response)
    writer.writerow(COLUMNS)
    for event in events.iterator(chunk_size=2000):
        writer.writerow([_safe(getattr(event, column)) for column in COLUMNS])
    return response


# Starts a spreadsheet may read as a formula (OWASP, "CSV Injection"): = + - @, and a TAB or
# line break, which some spreadsheets skip before looking for the others.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def _safe(value):
    # Every cell, not only those visitors fill (usernames tried, user agents): a leading
    # apostrophe makes the spreadsheet show the text as typed instead of running it.
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
