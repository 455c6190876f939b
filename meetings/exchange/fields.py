"""The meeting file's fields: reading and writing each one, and naming it in every refusal."""

import datetime
import re
import reprlib

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from classification.levels import Level
from classification.restrictions import UNRECORDED_REASON, default_review_on, restriction_inherit

# The formats an import reads: /1 holds the meeting; /2 adds its people, their organisations
# and their standing in the committee. An export writes the newest.
FORMAT_1 = "sscportal.meeting/1"
FORMAT = "sscportal.meeting/2"
FORMATS = (FORMAT_1, FORMAT)

# Model fields that the file calls by another name, so that a refusal names the file's field.
FILE_NAMES = {
    "level": "classification",
    "website_url": "website",
    "owner_user": "owner",
    "owner_organisation": "owner",
}


class MeetingFileError(ValueError):
    """A meeting file that cannot be imported; the message names the place and the problem."""


def fail(where: str, problem: str):
    raise MeetingFileError(f"{where}: {problem}" if where else problem)


def read_field(record: dict, name: str, where: str, *, kind=str, required=True, default=None):
    if not isinstance(record, dict):
        fail(where, f"should be a JSON object, not {record!r}")
    if name not in record or record[name] is None:
        if required:
            fail(f"{where}.{name}" if where else name, "is missing")
        return default
    value = record[name]
    place = f"{where}.{name}" if where else name
    if not isinstance(value, kind):
        fail(place, f"should be a {kind.__name__}, not {reprlib.repr(value)}")
    if isinstance(value, str):
        check_text(value, place)
    return value


def check_text(value: str, place: str) -> None:
    """Refuse text no database can store: NUL characters and lone surrogates."""
    if "\x00" in value:
        fail(place, "contains a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        fail(place, "is not valid Unicode text (it holds a lone surrogate)")


def read_date(record, name, where, *, required=True):
    value = read_field(record, name, where, required=required)
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        fail(f"{where}.{name}" if where else name, f"{value!r} is not a date like 2019-11-13")


def read_time(record, name, where, *, default: datetime.time) -> datetime.time:
    """An "HH:MM" time (London time, as every time of a meeting), or `default` when absent."""
    value = read_field(record, name, where, required=False)
    if value is None:
        return default
    try:
        if not re.fullmatch(r"[0-9]{2}:[0-9]{2}", value):
            raise ValueError
        return datetime.time.fromisoformat(value)
    except ValueError:
        fail(f"{where}.{name}" if where else name, f"{value!r} is not a time like 10:00")


def read_choice(record, name, where, choices, *, default=None):
    value = read_field(record, name, where, required=default is None, default=default)
    if value not in choices.values:
        allowed = ", ".join(choices.values)
        fail(f"{where}.{name}" if where else name, f"unknown value {value!r} (expected {allowed})")
    return value


def read_level(record, where, *, default=None):
    value = read_field(record, "classification", where, required=default is None)
    if value is None:
        return default
    try:
        return Level.from_name(value)
    except ValueError as error:
        fail(f"{where}.classification", str(error))


def restriction_of(record) -> dict:
    """The file's fields of why `record` is restricted and until when (blank below AMBER)."""
    return {
        "restriction_reason": record.restriction_reason,
        "review_on": record.review_on.isoformat() if record.review_on else None,
    }


def read_restriction(record, where) -> dict:
    """The record's optional `restriction_reason` and `review_on`, as model fields."""
    return {
        "restriction_reason": read_field(
            record, "restriction_reason", where, required=False, default=""
        ),
        "review_on": read_date(record, "review_on", where, required=False),
    }


def restricted_saved(obj, where, parent=None):
    """Save `obj` checked; if restricted and the file says not why or until when, fill it in.

    A paper, decision or action takes its item's reason and review date; anything still
    missing (a file of format /1) is "Restricted before reasons were recorded", reviewed a
    year from today, as the records that were restricted before reasons were kept.
    """
    if parent is not None:
        restriction_inherit(obj, parent)
    if obj.level >= Level.AMBER:
        obj.restriction_reason = obj.restriction_reason or UNRECORDED_REASON
        obj.review_on = obj.review_on or default_review_on()
    return save_checked(obj, where)


def save_checked(obj, where, *, names=FILE_NAMES):
    check_record(obj, where, names=names)
    obj.save()
    return obj


def check_record(obj, where, *, names=FILE_NAMES):
    """Validate `obj`, naming the file's field of each problem (`names`: model to file)."""
    try:
        obj.full_clean()
    except ValidationError as error:
        raise MeetingFileError(
            "; ".join(
                problem_at(where, field, " ".join(messages), names)
                for field, messages in error.message_dict.items()
            )
        ) from None


def problem_at(where, field, message, names=FILE_NAMES):
    if field != NON_FIELD_ERRORS:
        name = names.get(field, field)
        where = f"{where}.{name}" if where else name
    return f"{where}: {message}" if where else message
