"""Which committee a record belongs to: the secretariat that answers for it."""

from typing import Any

# Each record reaches its committee through its parents: a paper version through its paper,
# a paper, decision or action through its agenda item, an item or a pack through its meeting.
PARENTS = ("paper", "item", "meeting")


def committee_id_of(record: Any) -> int | None:
    """The id of the committee whose record `record` is; None for one of no committee.

    Meetings, memberships, secretariat assignments and assessments name their committee;
    anything else is followed up to the record that does. Accounts, enrolment links and
    organisations belong to no committee.
    """
    while record is not None:
        if hasattr(record, "committee_id"):
            return record.committee_id
        parent = next((name for name in PARENTS if hasattr(record, f"{name}_id")), None)
        record = getattr(record, parent) if parent else None
    return None
