"""Domain writes on the assessment register: called by views, commands and tests alike."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from classification.levels import Level
from classification.models import User
from classification.restrictions import default_review_on, lowering_refused
from classification.visibility import Record, may_act_for_secretariat
from meetings.models import AgendaItem

from .models import Assessment, Organisation


def _check_secretariat(by: User | None, committee: Record | int | None = None) -> None:
    """Refuse `by` unless the secretariat of `committee` (of any, for a party), or the portal."""
    if not may_act_for_secretariat(by, committee):
        raise PermissionDenied("Only the secretariat changes the assessment register.")


@transaction.atomic
def party_save(*, party: Organisation, by: User) -> Organisation:
    """Validate and save `party`, new or changed.

    Raising a party's level above one of its assessments' or decisions' is refused by the
    model's validation (a child may not be more visible than its parent); lowering it is a
    recorded decision (`reviews.services.level_lower`), refused here.
    """
    _check_secretariat(by)
    if party.pk:
        # Lock the party so that no assessment is lowered while its level changes.
        stored = Organisation.objects.select_for_update().only("pk", "level").get(pk=party.pk)
        lowering_refused(party, stored_level=stored.level)
    party.full_clean()
    try:
        party.save()
    except IntegrityError:
        # Another request took the name between our check and the insert.
        raise ValidationError(
            {"name": "There is already a party of this name in the register."}
        ) from None
    return party


@transaction.atomic
def assessment_save(*, assessment: Assessment, by: User) -> Assessment:
    """Validate and save `assessment`, new or changed, at or above its party's level.

    Its level may be raised here, never lowered (`reviews.services.level_lower`). Its
    committee's secretariat saves it; an assessment of no committee, any secretariat. One
    considered at an agenda item is the record of the item's committee: given no committee,
    it takes that one.
    """
    if assessment.pk:
        # The committee it belongs to now, not the one a form may be moving it to.
        before = Assessment.objects.only("committee_id").get(pk=assessment.pk)
        _check_secretariat(by, before.committee_id)
    if assessment.item_id and assessment.committee_id is None:
        assessment.committee_id = AgendaItem.objects.values_list(
            "meeting__committee", flat=True
        ).get(pk=assessment.item_id)
    _check_secretariat(by, assessment.committee_id)
    # Validate against the party's level as it is now, and hold it while we save.
    assessment.party = Organisation.objects.select_for_update().get(pk=assessment.party_id)
    if assessment.pk:
        stored = Assessment.objects.select_for_update().only("pk", "level").get(pk=assessment.pk)
        lowering_refused(assessment, stored_level=stored.level)
    assessment.full_clean()
    assessment.save()
    return assessment


# Why a party added to the register by a decision that names it is RED.
PARTY_NAME_REASON = "The name of a party under security assessment is RED by default."


def party_named(name: str) -> Organisation:
    """The assessed party called `name` (any case), created at RED if there is none.

    A party created here says why it is RED and is reviewed a year from today. Called inside
    a transaction: the party's row stays locked until it ends, so its level cannot change
    while a decision naming it is checked against it and saved.
    """
    party = Organisation.objects.select_for_update().filter(name__iexact=name).first()
    if party is None:
        party = Organisation(
            name=name,
            level=Level.RED,
            restriction_reason=PARTY_NAME_REASON,
            review_on=default_review_on(),
        )
        try:
            party.full_clean()
        except ValidationError as error:
            raise ValidationError({"party": error.messages}) from None
        try:
            with transaction.atomic():
                party.save()
        except IntegrityError:
            # Named at the same moment by another decision, whose transaction has committed
            # it since this one looked: this decision names the same party.
            party = Organisation.objects.select_for_update().get(name__iexact=name)
    return party


def organisation_employer(name: str) -> Organisation:
    """The organisation called `name` (any case) as somebody's employer, made GREEN if new.

    An organisation already in the register keeps its level: an employer's name is known
    to the community, a party's name under assessment may not be.
    """
    name = " ".join(name.split())
    organisation = Organisation.objects.filter(name__iexact=name).first()
    if organisation is None:
        organisation = Organisation(name=name, kind=Organisation.Kind.OTHER, level=Level.GREEN)
        organisation.full_clean()
        organisation.save()
    return organisation
