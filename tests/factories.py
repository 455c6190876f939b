"""factory_boy factories for the domain; levels default to WHITE unless a test says otherwise."""

import datetime

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from assessments.models import Assessment, Organisation
from classification.levels import Level, MeetingStatus
from classification.restrictions import default_review_on
from committees.models import Committee, Membership, SecretariatAssignment
from interests.models import Declaration
from meetings.demo import text_pdf
from meetings.models import (
    Action,
    AgendaItem,
    Attendance,
    Decision,
    DecisionKind,
    Meeting,
    Paper,
    PaperVersion,
    Recusal,
)
from meetings.services import attendance as attendance_services
from reader.models import PaperNote

# The password of every account the factories make.
PASSWORD = "correct horse battery"


def _restricted(record) -> bool:
    return record.level >= Level.AMBER


class RestrictedFactory(factory.django.DjangoModelFactory):
    """A record at AMBER or RED says why and until when, as the portal requires."""

    class Meta:
        abstract = True

    restriction_reason = factory.LazyAttribute(
        lambda record: f"{Level(record.level).label} in the tests" if _restricted(record) else ""
    )
    review_on = factory.LazyAttribute(
        lambda record: default_review_on() if _restricted(record) else None
    )


# The day the factories' memberships and secretariat assignments start: well before any test's
# today, so that they hold unless a test says otherwise.
TENURE_STARTS = datetime.date(2019, 1, 1)


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee
        django_get_or_create = ["code"]

    code = "SSC"
    name = "Security Sub-Committee"
    headlines_preamble = "The standing preamble."
    website_url = "https://example.org/ssc"


def _committees(given) -> list[Committee]:
    if given is None:
        return []
    return list(given) if isinstance(given, list | tuple | set) else [given]


# What UserFactory takes of a user's standing in the committees (see its docstring).
USER_STANDING = ("clearance", "is_secretariat", "member_of", "secretariat_of")


class UserFactory(factory.django.DjangoModelFactory):
    """An account, and what it is to the committees.

    `member_of=committee` (or a list) makes it a current member at AMBER of those committees,
    `secretariat_of=` their current secretariat. The shorthands the command line also knows,
    `clearance=Level.AMBER` and `is_secretariat=True`, mean the same of every committee that
    exists when the user is made, and of the default committee (CommitteeFactory's "SSC",
    made if need be): a committee made later, under another code, is not the user's.
    """

    class Meta:
        model = "classification.User"
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.SelfAttribute("username")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password(PASSWORD)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        standing = {name: kwargs.pop(name, None) for name in USER_STANDING}
        user = super()._create(model_class, *args, **kwargs)
        member_of = _committees(standing["member_of"])
        secretariat_of = _committees(standing["secretariat_of"])
        if standing["clearance"] is not None and standing["clearance"] >= Level.AMBER:
            member_of += _every_committee()
        if standing["is_secretariat"]:
            secretariat_of += _every_committee()
        for committee in member_of:
            membership_grant(user, committee)
        for committee in secretariat_of:
            secretariat_grant(user, committee)
        return user

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        for name in USER_STANDING:
            kwargs.pop(name, None)
        return super()._build(model_class, *args, **kwargs)


def _every_committee() -> list[Committee]:
    CommitteeFactory()  # the default committee, got or made
    return list(Committee.objects.all())


def membership_grant(user, committee, **fields) -> Membership:
    """`user`'s current membership of `committee` (AMBER member unless `fields` say), made once."""
    existing = Membership.objects.current().filter(user=user, committee=committee).first()
    return existing or MembershipFactory(user=user, committee=committee, **fields)


def secretariat_grant(user, committee) -> SecretariatAssignment:
    """`user`'s current secretariat assignment to `committee`, made once."""
    assignments = SecretariatAssignment.objects.current()
    existing = assignments.filter(user=user, committee=committee).first()
    return existing or SecretariatAssignmentFactory(user=user, committee=committee)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    committee = factory.SubFactory(CommitteeFactory)
    role = Membership.Role.MEMBER
    level = Level.AMBER
    starts = TENURE_STARTS


class SecretariatAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SecretariatAssignment

    user = factory.SubFactory(UserFactory)
    committee = factory.SubFactory(CommitteeFactory)
    starts = TENURE_STARTS


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    committee = factory.SubFactory(CommitteeFactory)
    number = factory.Sequence(lambda n: 100 + n)
    date = factory.Sequence(lambda n: datetime.date(2019, 1, 2) + datetime.timedelta(days=14 * n))
    status = MeetingStatus.AGENDA_PUBLISHED


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    user = factory.SubFactory(UserFactory)
    role = Attendance.Role.MEMBER

    @classmethod
    def _create(cls, model_class, *, meeting, user, role):
        # Through the service, as the portal records attendance: it grants RED with it.
        return attendance_services.attendance_record(meeting=meeting, user=user, role=role, by=None)


class AgendaItemFactory(RestrictedFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Item {n}")
    level = Level.WHITE
    published_at = factory.LazyFunction(timezone.now)


class RecusalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recusal

    item = factory.SubFactory(AgendaItemFactory)
    user = factory.SubFactory(UserFactory)


class PaperFactory(RestrictedFactory):
    class Meta:
        model = Paper
        skip_postgeneration_save = True

    item = factory.SubFactory(AgendaItemFactory)
    title = factory.Sequence(lambda n: f"Paper {n}")
    level = factory.SelfAttribute("item.level")
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def with_file(paper, create, extracted, **kwargs):
        if create and extracted is not False:
            content = text_pdf([f"Paper {paper.title}"])
            version = PaperVersion(paper=paper, number=1, size=len(content))
            version.file.save("upload.pdf", ContentFile(content), save=True)


class OrganisationFactory(RestrictedFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Party {n} Ltd")
    level = Level.RED


class AssessmentFactory(RestrictedFactory):
    class Meta:
        model = Assessment

    party = factory.SubFactory(OrganisationFactory)
    committee = factory.SubFactory(CommitteeFactory)
    kind = Assessment.Kind.VUSA
    level = factory.SelfAttribute("party.level")


class DecisionFactory(RestrictedFactory):
    class Meta:
        model = Decision

    item = factory.SubFactory(AgendaItemFactory)
    kind = factory.LazyFunction(lambda: decision_kind("ssa"))
    party = factory.SubFactory(OrganisationFactory)
    outcome = "Noted"
    level = factory.SelfAttribute("item.level")


class ActionFactory(RestrictedFactory):
    class Meta:
        model = Action

    item = factory.SubFactory(AgendaItemFactory)
    reference = factory.Sequence(lambda n: f"SSC{n}/01")
    description = factory.Sequence(lambda n: f"Action {n}")
    owner_organisation = "SECAS"
    level = factory.SelfAttribute("item.level")


class DeclarationFactory(RestrictedFactory):
    """A declaration of interest the chair noted, by an attendee of its item's meeting: a
    declarant who does not attend yet is recorded as attending (through the service)."""

    class Meta:
        model = Declaration

    item = factory.SubFactory(AgendaItemFactory)
    declarant = factory.SubFactory(UserFactory)
    text = factory.Sequence(lambda n: f"Declaration {n}")
    chair_decision = Declaration.ChairDecision.NOTED
    level = factory.SelfAttribute("item.level")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        meeting, declarant = kwargs["item"].meeting, kwargs["declarant"]
        if not Attendance.objects.filter(meeting=meeting, user=declarant).exists():
            attendance_services.attendance_record(meeting=meeting, user=declarant, by=None)
        return super()._create(model_class, *args, **kwargs)


class PaperNoteFactory(factory.django.DjangoModelFactory):
    """A private note, written straight to the table: the service's checks are tested apart
    (tests/reader/), and a note may outlive its author's right to see the paper."""

    class Meta:
        model = PaperNote

    paper = factory.SubFactory(PaperFactory)
    version = factory.LazyAttribute(lambda note: note.paper.versions.order_by("-number").first())
    author = factory.SubFactory(UserFactory)
    page = 1
    quote = ""
    text = factory.Sequence(lambda n: f"Note {n}")


def decision_kind(code: str) -> DecisionKind:
    """A decision kind of those the data migration writes (every test finds them)."""
    return DecisionKind.objects.get(code=code)


def restriction(level: int) -> dict:
    """The restriction reason and review date a record at `level` is saved with in the tests."""
    if level < Level.AMBER:
        return {"restriction_reason": "", "review_on": None}
    return {
        "restriction_reason": f"{Level(level).label} in the tests",
        "review_on": default_review_on(),
    }
