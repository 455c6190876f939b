"""The people of a meeting file (format /2): their organisations, and their memberships of the
meeting's committee and secretariat assignments to it, past ones included.

An export lists every person the meeting names (its attendees, the users recused from its
items, the users who own its actions and those who declared an interest) and every
organisation it names (those people's employers and its decisions' parties).

An import adds what the portal lacks and changes nothing it holds, for a membership or an
assignment widens what its holder sees:

* an organisation of the same name (any case) is used as the portal holds it, unless the
  portal holds it as another kind, or at a lower level than the file (its name would be
  shown more widely than the file allows): that is refused, naming it;
* a person's organisation is set if their account has none; an account of another
  organisation is refused, for an import never moves a person;
* a membership or assignment identical to one the portal holds is taken as held; one that
  overlaps a different one the portal holds is refused, naming both; any other is added
  (a membership through the memberships service, which audits it).

Every addition is told in `added`, one line each, which the import command prints. The
accounts themselves must exist: an import never creates an account.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Q

from assessments.models import Organisation
from classification.levels import Level
from committees.models import Committee, Membership, SecretariatAssignment, Tenure
from committees.services import membership_add
from interests.models import Declaration

from ..models import Action, Attendance, Decision, Meeting, Recusal
from .fields import (
    check_record,
    fail,
    read_choice,
    read_date,
    read_field,
    read_level,
    read_restriction,
    restricted_saved,
    restriction_of,
)

# A tenure's fields go by their model names in the file ("level" is a membership's level).
TENURE_NAMES: dict[str, str] = {}
# Each person's lists of tenures in the file, and what they hold.
TENURES: dict[str, type[Tenure]] = {
    "memberships": Membership,
    "secretariat": SecretariatAssignment,
}
MEMBERSHIP_LEVELS = (Level.AMBER, Level.GREEN)


def _day(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


# Export


def people_named(meeting: Meeting):
    """The accounts `meeting` names: attendees, users recused from an item, owners of actions
    and declarants of interests (attendees, unless their attendance was removed since)."""
    return (
        get_user_model()
        .objects.filter(
            Q(pk__in=Attendance.objects.filter(meeting=meeting).values("user_id"))
            | Q(pk__in=Recusal.objects.filter(item__meeting=meeting).values("user_id"))
            | Q(pk__in=Action.objects.filter(item__meeting=meeting).values("owner_user_id"))
            | Q(pk__in=Declaration.objects.filter(item__meeting=meeting).values("declarant_id"))
        )
        .select_related("organisation")
    )


def export_people(meeting: Meeting) -> dict:
    """The file's `organisations` and `people` of `meeting`, each in a fixed order."""
    people = sorted(people_named(meeting), key=lambda person: person.username)
    tenures: dict[str, dict[int, list[dict]]] = {key: {} for key in TENURES}
    for key, model in TENURES.items():
        for tenure in model._default_manager.filter(
            committee=meeting.committee, user__in=[person.pk for person in people]
        ).order_by("starts", "pk"):
            tenures[key].setdefault(tenure.user_id, []).append(_export_tenure(tenure))
    parties = Decision.objects.filter(item__meeting=meeting).values("party_id")
    employers = [person.organisation_id for person in people if person.organisation_id]
    organisations = Organisation.objects.filter(Q(pk__in=parties) | Q(pk__in=employers))
    return {
        "organisations": [
            {
                "name": organisation.name,
                "kind": organisation.kind,
                "classification": Level(organisation.level).label,
                **restriction_of(organisation),
            }
            # Sorted here, not by the database, whose collation may differ from one to another.
            for organisation in sorted(organisations, key=lambda organisation: organisation.name)
        ],
        "people": [
            {
                "username": person.username,
                "organisation": person.organisation.name if person.organisation else None,
                **{key: held.get(person.pk, []) for key, held in tenures.items()},
            }
            for person in people
        ],
    }


def _export_tenure(tenure) -> dict:
    fields = {"starts": _day(tenure.starts), "ends": _day(tenure.ends)}
    if isinstance(tenure, Membership):
        return {"role": tenure.role, "level": Level(tenure.level).label, **fields}
    return fields


# Import


def import_people(document: dict, committee: Committee, users: dict, added: list[str]) -> None:
    """Add the file's organisations, and its people's organisations and standing in
    `committee`, that the portal lacks; refuse any that contradicts what it holds."""
    organisations = _import_organisations(document, added)
    listed = set()
    for index, record in enumerate(
        read_field(document, "people", "", kind=list, required=False) or []
    ):
        username = read_field(record, "username", f"people[{index}]")
        if username in listed:
            fail(f"people[{index}].username", f"{username} is listed twice")
        listed.add(username)
        where = f"people[{index}] ({username})"
        user = users[username]
        _import_employer(user, record, where, organisations, added)
        for key, model in TENURES.items():
            _import_tenures(model, user, committee, record, where, key, added)


def _import_organisations(document: dict, added: list[str]) -> list[Organisation]:
    """The file's organisations: the portal's of each name, or made as the file says."""
    found: list[Organisation] = []
    for index, record in enumerate(
        read_field(document, "organisations", "", kind=list, required=False) or []
    ):
        where = f"organisations[{index}]"
        name = read_field(record, "name", where)
        kind = read_choice(record, "kind", where, Organisation.Kind)
        level = read_level(record, where)
        restriction = read_restriction(record, where)
        organisation = Organisation.objects.select_for_update().filter(name__iexact=name).first()
        if organisation is None:
            organisation = restricted_saved(
                Organisation(name=name, kind=kind, level=level, **restriction), where
            )
            added.append(
                f"organisation: {name} ({Organisation.Kind(kind).label}, {Level(level).label})"
            )
        elif organisation in found:
            fail(f"{where}.name", f"{name} is listed twice")
        elif organisation.kind != kind or organisation.level < level:
            fail(
                where,
                f"the portal holds {organisation.name} as {organisation.get_kind_display()} at "
                f"{Level(organisation.level).label}, the file as "
                f"{Organisation.Kind(kind).label} at {Level(level).label}: an import never "
                "changes an organisation the portal holds; change it in the register, or "
                "correct the file",
            )
        found.append(organisation)
    return found


def _import_employer(user, record, where, organisations, added) -> None:
    """Give `user` the organisation the file names, if their account has none."""
    name = read_field(record, "organisation", where, required=False)
    if name is None:
        return
    organisation = next((o for o in organisations if o.name.lower() == name.lower()), None)
    if organisation is None:
        fail(f"{where}.organisation", f"{name!r} is not one of the file's organisations")
    if user.organisation_id is None:
        user.organisation = organisation
        user.save(update_fields=["organisation"])
        added.append(f"organisation of {user.username}: {organisation.name}")
    elif user.organisation_id != organisation.pk:
        fail(
            f"{where}.organisation",
            f"{user.username} works for {user.organisation.name} in this portal, not for "
            f"{organisation.name}: an import never moves a person to another organisation",
        )


def _import_tenures(model, user, committee, record, where, key, added) -> None:
    """Add the person's memberships (or assignments) of `committee` that the portal lacks."""
    held = list(model._default_manager.filter(user=user, committee=committee))
    read: list[Tenure] = []
    for index, entry in enumerate(read_field(record, key, where, kind=list, required=False) or []):
        place = f"{where} {key}[{index}]"
        tenure = _read_tenure(model, user, committee, entry, place)
        # With its dates the wrong way round, the model's own check names it below.
        if tenure.ends is None or tenure.ends >= tenure.starts:
            if any(_same(tenure, other) for other in held):
                read.append(tenure)
                continue
            clash = next((other for other in held if _overlap(tenure, other)), None)
            if clash is not None:
                fail(
                    place,
                    f"{user.username}'s {model.noun} of {committee.code} {_describe(clash)} "
                    f"overlaps this one ({_describe(tenure)}): an import never changes a "
                    f"{model.noun} the portal holds; change it on the committee's members "
                    "page, or correct the file",
                )
            earlier = next((n for n, other in enumerate(read) if _overlap(tenure, other)), None)
            if earlier is not None:
                fail(
                    place,
                    f"overlaps {key}[{earlier}] ({_describe(read[earlier])}): one person "
                    f"holds one {model.noun} of a committee at a time",
                )
        check_record(tenure, place, names=TENURE_NAMES)
        if isinstance(tenure, Membership):
            membership_add(
                committee=committee,
                user=user,
                role=tenure.role,
                level=tenure.level,
                starts=tenure.starts,
                ends=tenure.ends,
                by=None,
            )
        else:
            tenure.save()
        read.append(tenure)
        added.append(f"{model.noun} of {committee.code}: {user.username}, {_describe(tenure)}")


def _read_tenure(model, user, committee, entry, place) -> Tenure:
    fields = {
        "starts": read_date(entry, "starts", place),
        "ends": read_date(entry, "ends", place, required=False),
    }
    if model is Membership:
        fields["role"] = read_choice(entry, "role", place, Membership.Role)
        fields["level"] = _membership_level(entry, place)
    return model(user=user, committee=committee, **fields)


def _membership_level(entry, place) -> Level:
    value = read_field(entry, "level", place)
    try:
        level = Level.from_name(value)
    except ValueError:
        level = None
    if level not in MEMBERSHIP_LEVELS:
        fail(f"{place}.level", f"unknown level {value!r} (expected AMBER or GREEN)")
    return level


def _same(tenure, other) -> bool:
    fields = ["starts", "ends", *(["role", "level"] if isinstance(tenure, Membership) else [])]
    return all(getattr(tenure, name) == getattr(other, name) for name in fields)


def _overlap(tenure, other) -> bool:
    """Whether the two hold on a common day (`ends` is the first day one no longer holds)."""
    return (other.ends is None or tenure.starts < other.ends) and (
        tenure.ends is None or other.starts < tenure.ends
    )


def _describe(tenure) -> str:
    until = f"until {_day(tenure.ends)}" if tenure.ends else "with no end"
    if isinstance(tenure, Membership):
        role = Membership.Role(tenure.role).label
        return f"{role} at {Level(tenure.level).label} from {_day(tenure.starts)} {until}"
    return f"from {_day(tenure.starts)} {until}"
