"""Who sees a private note: its author alone, and only while the author may see the paper.

Asked of `PaperNote.objects.visible_to` (one SQL filter, classification/visibility.py) and of
`can_view`, which must agree.
"""

import datetime

import pytest
from django.utils import timezone

from classification.levels import Level
from classification.visibility import as_password_only, can_view
from committees.models import Membership
from meetings.models import Recusal
from reader.models import PaperNote
from tests.factories import (
    AttendanceFactory,
    CommitteeFactory,
    PaperNoteFactory,
    RecusalFactory,
    UserFactory,
)
from tests.sessions import verified_session

from .conftest import paper_of

pytestmark = pytest.mark.django_db


def sees(user, note) -> bool:
    by_list = PaperNote.objects.visible_to(user).filter(pk=note.pk).exists()
    assert can_view(user, note) == by_list
    return by_list


def test_a_note_is_seen_by_its_author(paper, member):
    assert sees(member, PaperNoteFactory(paper=paper, author=member))


def test_another_member_who_sees_the_paper_does_not_see_the_note(paper, member):
    other = UserFactory(clearance=Level.AMBER)
    assert can_view(other, paper)
    assert not sees(other, PaperNoteFactory(paper=paper, author=member))


def test_the_secretariat_does_not_see_a_members_private_note(paper, member, secretariat):
    assert can_view(verified_session(secretariat), paper)
    assert not sees(verified_session(secretariat), PaperNoteFactory(paper=paper, author=member))


def test_the_secretariat_sees_its_own_note(paper, secretariat):
    user = verified_session(secretariat)
    assert sees(user, PaperNoteFactory(paper=paper, author=secretariat))


def test_an_anonymous_visitor_sees_no_note_even_on_a_white_paper(member):
    from django.contrib.auth.models import AnonymousUser

    note = PaperNoteFactory(paper=paper_of(level=Level.WHITE), author=member)
    assert not sees(AnonymousUser(), note)


def test_a_recusal_hides_the_note_from_its_author_and_keeps_it(paper, member):
    note = PaperNoteFactory(paper=paper, author=member)
    recusal = RecusalFactory(item=paper.item, user=member)
    assert not sees(member, note)
    assert PaperNote.objects.filter(pk=note.pk).exists()
    recusal.delete()
    assert sees(member, note)


def test_an_ended_membership_hides_the_note_and_keeps_it(paper, member):
    note = PaperNoteFactory(paper=paper, author=member)
    Membership.objects.filter(user=member).update(
        ends=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert not sees(member, note)
    assert PaperNote.objects.filter(pk=note.pk).exists()


def test_a_member_of_another_committee_does_not_see_the_note_nor_its_own_on_the_committees_paper(
    paper, member
):
    outsider = UserFactory(member_of=CommitteeFactory(code="TABASC", name="TABASC"))
    assert not sees(outsider, PaperNoteFactory(paper=paper, author=member))
    # A note of theirs written on this AMBER paper of another committee (say, while they were
    # its member) is not theirs to see now.
    assert not sees(outsider, PaperNoteFactory(paper=paper, author=outsider))


def test_a_withdrawn_paper_hides_its_notes_from_their_author(paper, member):
    note = PaperNoteFactory(paper=paper, author=member)
    paper.withdrawn_at = timezone.now()
    paper.save()
    assert not sees(member, note)


def test_a_note_on_a_red_paper_needs_the_session_that_sees_red(member):
    paper = paper_of(level=Level.RED)
    AttendanceFactory(meeting=paper.item.meeting, user=member)
    note = PaperNoteFactory(paper=paper, author=member)
    assert sees(member, note)
    assert not sees(as_password_only(member), note)


def test_the_notes_of_a_paper_with_500_notes_load_in_one_query(
    paper, member, django_assert_num_queries
):
    version = paper.versions.get()
    PaperNote.objects.bulk_create(
        PaperNote(paper=paper, version=version, author=member, page=1 + n % 3, text=f"Note {n}")
        for n in range(500)
    )
    PaperNoteFactory(paper=paper, author=UserFactory(clearance=Level.AMBER))
    with django_assert_num_queries(1):
        notes = list(PaperNote.objects.visible_to(member).filter(paper=paper))
    assert len(notes) == 500


def test_the_recusal_filter_reads_the_recusals_of_the_author_only(paper, member):
    note = PaperNoteFactory(paper=paper, author=member)
    Recusal.objects.create(item=paper.item, user=UserFactory(clearance=Level.AMBER))
    assert sees(member, note)
