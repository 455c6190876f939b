"""Reads for the Headlines: only the fields meant for publication ever leave the database."""

from django.db.models import Count

from meetings.models import AgendaItem, Decision, DecisionKind

from .composer import HeadlinesRecord, RecordItem, SummaryPhrases


def headlines_record(meeting) -> HeadlinesRecord:
    """The publishable record of `meeting`: headline texts and counts of RED business.

    Minutes, notes, party names and papers are never selected, so they cannot reach the
    composer, whatever a template or a later change does with its input.
    """
    # Draft items are not on the published agenda, so not in its Headlines either.
    items = AgendaItem.objects.filter(meeting=meeting, published_at__isnull=False).values(
        "number", "section", "title", "headline", "level", "headline_mode"
    )
    counts = dict(
        Decision.objects.filter(
            item__meeting=meeting, item__headline_mode="counted", item__published_at__isnull=False
        )
        .values_list("kind_id")
        .annotate(count=Count("pk"))
    )
    kinds = DecisionKind.objects.filter(pk__in=counts).order_by("order", "code")
    committee = meeting.committee
    return HeadlinesRecord(
        committee_code=committee.code,
        committee_name=committee.name,
        preamble=committee.headlines_preamble,
        website_url=committee.website_url,
        reference=meeting.reference,
        next_meeting=meeting.next_meeting,
        items=[
            RecordItem(**item) if item["headline_mode"] == "full" else _counted_or_omitted(item)
            for item in items
        ],
        counted_decisions=[
            (SummaryPhrases(kind.summary_singular, kind.summary_plural), counts[kind.pk])
            for kind in kinds
        ],
    )


def _counted_or_omitted(item: dict) -> RecordItem:
    # The title and headline of a counted or omitted item are not for publication.
    return RecordItem(**{**item, "title": "", "headline": ""})
